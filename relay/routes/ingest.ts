import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { getPlatform, receive, toRelayEvent } from '../../shared';
import type { SourceConfig } from '../config';
import { HOP_HEADER, hopRefusal, parseHops } from '../hops';
import { newId } from '../ids';
import { maskedHeaders } from '../received-headers';
import { acceptedSecrets } from '../source-secrets';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** What the delivery's signature covers, once the core's HookEvent carries it (`replayKey`, issue 11 §4). */
function replayKeyOf(event: object): string | undefined {
  const key = (event as { replayKey?: unknown }).replayKey;
  return typeof key === 'string' ? key : undefined;
}

/** What ingest answers a delivery: the status and the JSON body. */
export interface IngestAnswer {
  readonly status: number;
  readonly body: { id: string; duplicate: boolean } | ReturnType<typeof errorBody>;
}

/**
 * One platform delivery to a source: refused when it looped through this relay, verified on its raw
 * bytes, logged when refused, durable (with its pending fan-outs and its masked headers) before the
 * answer. The ingest route and test deliveries use it.
 */
export async function ingestDelivery(ctx: RouteContext, source: SourceConfig, delivery: { headers: IncomingHttpHeaders; body: Buffer }): Promise<IngestAnswer> {
  const hops = parseHops(delivery.headers[HOP_HEADER]);
  const loop = hopRefusal(hops, ctx.relayId);
  if (loop) {
    await ctx.store.logRejection(source.id, loop.code, 508, loop.message);
    return { status: 508, body: errorBody(loop.code, loop.message) };
  }
  const result = receive(source.platform, delivery, {
    secrets: acceptedSecrets(source),
    toleranceSeconds: source.toleranceSeconds,
    onInvalidPayload: source.onInvalidPayload,
    tokenHeader: source.tokenHeader,
    allowUnsigned: source.allowUnsigned,
    maxBodyBytes: ctx.maxBodyBytes,
  });
  if (!result.ok) {
    await ctx.store.logRejection(source.id, result.error.code, result.error.status, result.error.message);
    return { status: result.error.status, body: errorBody(result.error.code, result.error.message, result.error.issues) };
  }
  const stored = await ctx.store.ingest(toRelayEvent(result.event, { id: newId('evt'), source: source.id }), {
    hops,
    replayKey: replayKeyOf(result.event),
    receivedHeaders: maskedHeaders(delivery.headers, getPlatform(source.platform), source.tokenHeader),
  });
  if (stored.deliveries > 0) ctx.fanout.kick();
  return { status: stored.duplicate ? 200 : 202, body: { id: stored.id, duplicate: stored.duplicate } };
}

/** POST /in/:sourceId — a platform delivery, verified on its raw bytes, durable before the 2xx. */
export function ingestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.authenticate, 'ingest', async ({ params, req, reply }) => {
    const source = await ctx.store.getSource(params.sourceId);
    if (!source) return reply.code(404).send(errorBody('unknown_source', 'No such source'));
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await ingestDelivery(ctx, source, { headers: req.headers, body });
    return reply.code(answer.status).send(answer.body);
  });
}

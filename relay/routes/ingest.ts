import type { FastifyInstance } from 'fastify';
import { receive, toRelayEvent } from '../../shared';
import { HOP_HEADER, hopRefusal, parseHops } from '../hops';
import { newId } from '../ids';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** What the delivery's signature covers, once the core's HookEvent carries it (`replayKey`, issue 11 §4). */
function replayKeyOf(event: object): string | undefined {
  const key = (event as { replayKey?: unknown }).replayKey;
  return typeof key === 'string' ? key : undefined;
}

/** POST /in/:sourceId — a platform delivery, verified on its raw bytes, durable before the 2xx. */
export function ingestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.authenticate, 'ingest', async ({ params, req, reply }) => {
    const source = await ctx.store.getSource(params.sourceId);
    if (!source) return reply.code(404).send(errorBody('unknown_source', 'No such source'));
    const hops = parseHops(req.headers[HOP_HEADER]);
    const loop = hopRefusal(hops, ctx.relayId);
    if (loop) {
      await ctx.store.logRejection(source.id, loop.code, 508, loop.message);
      return reply.code(508).send(errorBody(loop.code, loop.message));
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = receive(source.platform, { headers: req.headers, body }, {
      secrets: source.secrets,
      toleranceSeconds: source.toleranceSeconds,
      onInvalidPayload: source.onInvalidPayload,
      tokenHeader: source.tokenHeader,
      allowUnsigned: source.allowUnsigned,
      maxBodyBytes: ctx.maxBodyBytes,
    });
    if (!result.ok) {
      await ctx.store.logRejection(source.id, result.error.code, result.error.status, result.error.message);
      return reply.code(result.error.status).send(errorBody(result.error.code, result.error.message, result.error.issues));
    }
    const stored = await ctx.store.ingest(toRelayEvent(result.event, { id: newId('evt'), source: source.id }), { hops, replayKey: replayKeyOf(result.event) });
    if (stored.deliveries > 0) ctx.fanout.kick();
    return reply.code(stored.duplicate ? 200 : 202).send({ id: stored.id, duplicate: stored.duplicate });
  });
}

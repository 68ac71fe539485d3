import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getPlatform, receive, toRelayEvent, type Delivery, type PayloadIssue, type ReceiveResult } from '../../shared';
import type { SourceConfig } from '../config';
import { DatabaseBusyError } from '../db/write';
import { HOP_HEADER, hopRefusal, parseHops } from '../hops';
import { newId } from '../ids';
import { maskedHeaders } from '../received-headers';
import { acceptedSecrets } from '../source-secrets';
import { StorageError } from '../store';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/**
 * Authentic ⇒ accepted: a delivery whose signature or token verified is accepted even when its type is
 * unknown or its payload misses its schema (the source can opt into rejecting either); one that was not
 * verified (an allowUnsigned source) gets the core's strict checks. It verifies with the source's current
 * secrets and those of a rotation still in its grace period.
 */
export function receiveForSource(source: SourceConfig, body: Buffer, headers: Delivery['headers'], maxBodyBytes: number): ReceiveResult {
  const base = {
    secrets: acceptedSecrets(source),
    toleranceSeconds: source.toleranceSeconds,
    tokenHeader: source.tokenHeader,
    allowUnsigned: source.allowUnsigned,
    maxBodyBytes,
  };
  const lenient = receive(
    source.platform,
    { headers, body },
    { ...base, allowUnknownEvents: source.allowUnknownEvents ?? true, onInvalidPayload: source.onInvalidPayload ?? 'pass' },
  );
  if (!lenient.ok || lenient.event.verified || (lenient.event.known && lenient.event.issues.length === 0)) return lenient;
  return receive(source.platform, { headers, body }, base);
}

function outcomeOf(result: Extract<ReceiveResult, { ok: true }>): string {
  if (!result.event.known) return 'accepted_unknown_event';
  return result.event.issues.length > 0 ? 'accepted_invalid_payload' : 'accepted';
}

/** What ingest answers a delivery: the status, the JSON body and any headers (Retry-After). */
export interface IngestAnswer {
  readonly status: number;
  readonly body: { id: string; duplicate: boolean } | ReturnType<typeof errorBody>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One platform delivery to a known source, in order: the source's rate limit 429; a delivery this relay
 * fanned out itself, or one that passed through too many relays, 508; receive() (authentic ⇒ accepted);
 * stored with its hop chain, replay key and masked headers: 202, or 200 for a duplicate, 500
 * storage_failed, 503 when the database is busy or gone. Refusals are logged. The ingest route and the
 * console's test deliveries use it.
 */
export async function ingestDelivery(
  ctx: RouteContext,
  source: SourceConfig,
  delivery: { headers: IncomingHttpHeaders; body: Buffer },
  log?: FastifyRequest['log'],
): Promise<IngestAnswer> {
  const fail = (
    error: { code: string; status: number; message: string; issues?: readonly PayloadIssue[] },
    headers?: Record<string, string>,
  ): IngestAnswer => {
    ctx.metrics.ingest.inc({ platform: source.platform, source: source.id, outcome: error.code });
    return { status: error.status, body: errorBody(error.code, error.message, error.issues), headers };
  };
  if (source.rateLimit) {
    const bucket = ctx.ingestBuckets.get(source.id, source.rateLimit);
    if (!bucket.take()) {
      const retryAfter = String(Math.max(1, Math.ceil(bucket.waitMs() / 1000)));
      return fail(
        { code: 'rate_limited', status: 429, message: 'Too many deliveries for this source; try again after Retry-After seconds' },
        { 'retry-after': retryAfter },
      );
    }
  }
  const hops = parseHops(delivery.headers[HOP_HEADER]);
  const loop = hopRefusal(hops, ctx.relayId);
  if (loop) {
    ctx.store.rejections.log(source.id, loop.code, 508, loop.message);
    return fail({ code: loop.code, status: 508, message: loop.message });
  }
  const result = receiveForSource(source, delivery.body, delivery.headers, ctx.maxBodyBytes);
  if (!result.ok) {
    ctx.store.rejections.log(source.id, result.error.code, result.error.status, result.error.message);
    return fail(result.error);
  }
  let stored;
  try {
    stored = await ctx.store.events.ingest(
      toRelayEvent(result.event, { id: newId('evt'), source: source.id }),
      delivery.body.toString('utf8'),
      {
        hops,
        replayKey: result.event.replayKey,
        receivedHeaders: maskedHeaders(delivery.headers, getPlatform(source.platform), source.tokenHeader),
      },
    );
  } catch (err) {
    if (err instanceof DatabaseBusyError) {
      return fail(
        {
          code: err.reason === 'busy' ? 'database_busy' : 'database_unavailable',
          status: 503,
          message: 'The relay cannot store deliveries right now; nothing was stored; try again after Retry-After seconds',
        },
        { 'retry-after': '1' },
      );
    }
    if (err instanceof StorageError) {
      log?.error(
        { source: source.id, err: { message: (err.cause as Error)?.message, code: (err.cause as { code?: string })?.code } },
        'a delivery could not be stored',
      );
      return fail({ code: 'storage_failed', status: 500, message: 'The delivery could not be stored; nothing was acknowledged' });
    }
    throw err;
  }
  ctx.metrics.ingest.inc({ platform: source.platform, source: source.id, outcome: stored.duplicate ? 'duplicate' : outcomeOf(result) });
  if (stored.deliveries > 0) ctx.fanout.kick(stored.hookIds);
  return { status: stored.duplicate ? 200 : 202, body: { id: stored.id, duplicate: stored.duplicate } };
}

/** POST /in/:sourceId — a platform delivery, verified on its raw bytes, durable before the 2xx (unknown source 404). */
export function ingestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.access, 'ingest', async ({ params, req, reply }) => {
    const source = await ctx.store.sources.get(params.sourceId);
    if (!source) {
      ctx.metrics.ingest.inc({ platform: '', source: '', outcome: 'unknown_source' });
      return reply.code(404).send(errorBody('unknown_source', 'No such source'));
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await ingestDelivery(ctx, source, { headers: req.headers, body }, req.log);
    if (answer.headers) reply.headers(answer.headers);
    return reply.code(answer.status).send(answer.body);
  });
}

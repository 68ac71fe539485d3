import type { FastifyInstance, FastifyReply } from 'fastify';
import { receive, toRelayEvent, type Delivery, type PayloadIssue, type ReceiveResult } from '../../shared';
import type { SourceConfig } from '../config';
import { DatabaseBusyError } from '../db/write';
import { HOP_HEADER, hopRefusal, parseHops } from '../hops';
import { newId } from '../ids';
import { StorageError } from '../store';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/**
 * Authentic ⇒ accepted: a delivery whose signature or token verified is accepted even when its type is
 * unknown or its payload misses its schema (the source can opt into rejecting either); one that was not
 * verified (an allowUnsigned source) gets the core's strict checks.
 */
export function receiveForSource(source: SourceConfig, body: Buffer, headers: Delivery['headers'], maxBodyBytes: number): ReceiveResult {
  const base = { secrets: source.secrets, toleranceSeconds: source.toleranceSeconds, tokenHeader: source.tokenHeader, allowUnsigned: source.allowUnsigned, maxBodyBytes };
  const lenient = receive(source.platform, { headers, body }, { ...base, allowUnknownEvents: source.allowUnknownEvents ?? true, onInvalidPayload: source.onInvalidPayload ?? 'pass' });
  if (!lenient.ok || lenient.event.verified || (lenient.event.known && lenient.event.issues.length === 0)) return lenient;
  return receive(source.platform, { headers, body }, base);
}

function outcomeOf(result: Extract<ReceiveResult, { ok: true }>): string {
  if (!result.event.known) return 'accepted_unknown_event';
  return result.event.issues.length > 0 ? 'accepted_invalid_payload' : 'accepted';
}

/**
 * POST /in/:sourceId — a platform delivery, verified on its raw bytes, durable before the 2xx. In order:
 * unknown source 404; the source's rate limit 429; a delivery this relay fanned out itself, or one that
 * passed through too many relays, 508; receive() (authentic ⇒ accepted); stored with its hop chain and
 * replay key: 202, or 200 for a duplicate, 500 storage_failed, 503 when the database is busy or gone.
 */
export function ingestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const fail = (reply: FastifyReply, source: SourceConfig, error: { code: string; status: number; message: string; issues?: readonly PayloadIssue[] }) => {
    ctx.metrics.ingest.inc({ platform: source.platform, source: source.id, outcome: error.code });
    return reply.code(error.status).send(errorBody(error.code, error.message, error.issues));
  };

  route(app, ctx.access, 'ingest', async ({ params, req, reply }) => {
    const source = await ctx.store.sources.get(params.sourceId);
    if (!source) {
      ctx.metrics.ingest.inc({ platform: '', source: '', outcome: 'unknown_source' });
      return reply.code(404).send(errorBody('unknown_source', 'No such source'));
    }
    if (source.rateLimit) {
      const bucket = ctx.ingestBuckets.get(source.id, source.rateLimit);
      if (!bucket.take()) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(bucket.waitMs() / 1000))));
        return fail(reply, source, { code: 'rate_limited', status: 429, message: 'Too many deliveries for this source; try again after Retry-After seconds' });
      }
    }
    const hops = parseHops(req.headers[HOP_HEADER]);
    const loop = hopRefusal(hops, ctx.relayId);
    if (loop) {
      ctx.store.rejections.log(source.id, loop.code, 508, loop.message);
      return fail(reply, source, { code: loop.code, status: 508, message: loop.message });
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = receiveForSource(source, body, req.headers, ctx.maxBodyBytes);
    if (!result.ok) {
      ctx.store.rejections.log(source.id, result.error.code, result.error.status, result.error.message);
      return fail(reply, source, result.error);
    }
    let stored;
    try {
      stored = await ctx.store.events.ingest(toRelayEvent(result.event, { id: newId('evt'), source: source.id }), body.toString('utf8'), { hops, replayKey: result.event.replayKey });
    } catch (err) {
      if (err instanceof DatabaseBusyError) {
        reply.header('retry-after', '1');
        return fail(reply, source, {
          code: err.reason === 'busy' ? 'database_busy' : 'database_unavailable',
          status: 503,
          message: 'The relay cannot store deliveries right now; nothing was stored; try again after Retry-After seconds',
        });
      }
      if (err instanceof StorageError) {
        req.log.error({ source: source.id, err: { message: (err.cause as Error)?.message, code: (err.cause as { code?: string })?.code } }, 'a delivery could not be stored');
        return fail(reply, source, { code: 'storage_failed', status: 500, message: 'The delivery could not be stored; nothing was acknowledged' });
      }
      throw err;
    }
    ctx.metrics.ingest.inc({ platform: source.platform, source: source.id, outcome: stored.duplicate ? 'duplicate' : outcomeOf(result) });
    if (stored.deliveries > 0) ctx.fanout.kick();
    return reply.code(stored.duplicate ? 200 : 202).send({ id: stored.id, duplicate: stored.duplicate });
  });
}

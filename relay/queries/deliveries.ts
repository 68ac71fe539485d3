import type { Kysely } from 'kysely';
import type { BulkRetryResult, DeliveryStatus, RelayAttempt, RelayDelivery, RelayDeliveryWithAttempts } from '../../shared';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { writeTransaction } from '../db/write';
import { deliveryKey, deliveryRow, iso, isoOrNull } from './ids';

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  readonly hook?: string;
  readonly source?: string;
  readonly event?: string;
  /** Event received at or after / before, unix ms. */
  readonly since?: number;
  readonly until?: number;
  /** Only deliveries to the hooks this subscriber key created (see visibility.ts). */
  readonly owner?: string;
}

function filtered(db: Kysely<Database>, f: DeliveryFilter) {
  let q = db.selectFrom('deliveries as d').innerJoin('events as e', 'e.id', 'd.event_id').leftJoin('hooks as h', 'h.id', 'd.hook_id');
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.hook) q = q.where('d.hook_id', '=', f.hook);
  if (f.event) q = q.where('d.event_id', '=', f.event);
  if (f.source) q = q.where('e.source_id', '=', f.source);
  if (f.since !== undefined) q = q.where('e.received_at', '>=', f.since);
  if (f.until !== undefined) q = q.where('e.received_at', '<', f.until);
  if (f.owner !== undefined) q = q.where('h.owner', '=', f.owner);
  return q;
}

const COLUMNS = [
  'd.id',
  'd.event_id',
  'd.hook_id',
  'd.status',
  'd.attempts',
  'd.next_attempt_at',
  'd.last_status',
  'd.last_error',
  'd.delivered_at',
  'e.source_id',
  'e.platform',
  'e.type',
  'e.received_at',
  'h.url',
] as const;

type Row = {
  id: number;
  event_id: string;
  hook_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  source_id: string;
  platform: string;
  type: string;
  received_at: number;
  url: string | null;
};

function toDelivery(r: Row): RelayDelivery {
  return {
    id: deliveryKey(Number(r.id)),
    eventId: r.event_id,
    hookId: r.hook_id,
    hookUrl: r.url,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: isoOrNull(r.delivered_at),
    event: { source: r.source_id, platform: r.platform, type: r.type, receivedAt: iso(r.received_at) },
  };
}

async function attemptsOf(db: Kysely<Database>, rows: readonly number[]): Promise<Map<number, RelayAttempt[]>> {
  const out = new Map<number, RelayAttempt[]>(rows.map((id) => [id, []]));
  if (rows.length === 0) return out;
  const attempts = await db
    .selectFrom('attempts')
    .selectAll()
    .where('delivery_id', 'in', [...rows])
    .orderBy('delivery_id')
    .orderBy('attempt')
    .orderBy('id')
    .execute();
  for (const a of attempts) {
    out.get(Number(a.delivery_id))?.push({
      attempt: a.attempt,
      at: iso(a.at),
      status: a.status,
      error: a.error,
      durationMs: a.duration_ms,
      responseExcerpt: a.response_excerpt ?? null,
    });
  }
  return out;
}

/** Deliveries matching `filter`, newest first, `limit` at a time; `next` continues after the last one. */
export async function listDeliveries(
  { kysely }: Db,
  filter: DeliveryFilter & { limit: number; before?: string },
): Promise<{ deliveries: RelayDelivery[]; next: string | null }> {
  let q = filtered(kysely, filter).select(COLUMNS);
  const before = filter.before === undefined ? undefined : deliveryRow(filter.before);
  if (before !== undefined) q = q.where('d.id', '<', before);
  const rows = (await q
    .orderBy('d.id', 'desc')
    .limit(filter.limit + 1)
    .execute()) as Row[];
  const page = rows.slice(0, filter.limit);
  return { deliveries: page.map(toDelivery), next: rows.length > filter.limit ? deliveryKey(Number(page[page.length - 1]!.id)) : null };
}

/** One delivery with every attempt; undefined when there is none. */
export async function getDelivery({ kysely }: Db, key: string, owner?: string): Promise<RelayDeliveryWithAttempts | undefined> {
  const row = deliveryRow(key);
  if (row === undefined) return undefined;
  const found = (await filtered(kysely, { owner }).select(COLUMNS).where('d.id', '=', row).executeTakeFirst()) as Row | undefined;
  if (!found) return undefined;
  return { ...toDelivery(found), attemptHistory: (await attemptsOf(kysely, [row])).get(row) ?? [] };
}

/** Every delivery of one event (one per hook it went to), each with its attempts, oldest hook first. */
export async function eventDeliveries({ kysely }: Db, eventId: string, owner?: string): Promise<RelayDeliveryWithAttempts[]> {
  const rows = (await filtered(kysely, { event: eventId, owner }).select(COLUMNS).orderBy('d.id').execute()) as Row[];
  const attempts = await attemptsOf(
    kysely,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({ ...toDelivery(r), attemptHistory: attempts.get(Number(r.id)) ?? [] }));
}

const requeue = { status: 'pending' as const, claimed_until: null, claimed_by: null, finished_at: null };

export type RetryOne = { ok: true; hookId: string } | { ok: false; reason: 'not_found' | 'hook_inactive' };

/** Queues one delivery for an attempt now, whatever its status; refused while its hook is disabled or gone. */
export async function retryDelivery(db: Db, key: string, owner?: string, now = Date.now()): Promise<RetryOne> {
  const row = deliveryRow(key);
  if (row === undefined) return { ok: false, reason: 'not_found' };
  return writeTransaction(db, async (trx) => {
    const d = await trx
      .selectFrom('deliveries as d')
      .leftJoin('hooks as h', 'h.id', 'd.hook_id')
      .select(['d.id', 'd.hook_id', 'h.status as hookStatus', 'h.owner'])
      .where('d.id', '=', row)
      .executeTakeFirst();
    // Another key's delivery is answered like a missing one.
    if (!d || (owner !== undefined && d.owner !== owner)) return { ok: false, reason: 'not_found' } as const;
    if (d.hookStatus !== 'active') return { ok: false, reason: 'hook_inactive' } as const;
    await trx
      .updateTable('deliveries')
      .set({ ...requeue, next_attempt_at: now })
      .where('id', '=', row)
      .execute();
    return { ok: true, hookId: d.hook_id } as const;
  });
}

/**
 * Queues again every failed delivery of a hook or a time range (or, on a dry run, only counts them).
 * Deliveries whose hook is disabled or deleted are counted as skipped and left failed. `hookIds`: the
 * hooks whose deliveries were queued again.
 */
export async function retryFailed(
  db: Db,
  filter: Omit<DeliveryFilter, 'status' | 'event'> & { dryRun?: boolean },
  now = Date.now(),
): Promise<BulkRetryResult & { hookIds: string[] }> {
  // A subscriber key's filter carries its owner: only its own hooks' deliveries match.
  return writeTransaction(db, async (trx) => {
    const base = filtered(trx, { ...filter, status: 'failed' });
    const counts = await base
      .select((eb) => [
        eb.fn.countAll<number>().as('matched'),
        eb.fn.count<number>('h.id').filterWhere('h.status', '=', 'active').as('eligible'),
      ])
      .executeTakeFirstOrThrow();
    const matched = Number(counts.matched);
    const eligible = Number(counts.eligible);
    if (filter.dryRun || eligible === 0) return { matched, retried: 0, skipped: matched - eligible, hookIds: [] };
    const hookIds = (await base.select('d.hook_id').distinct().where('h.status', '=', 'active').execute()).map((h) => h.hook_id);
    const ids = base.select('d.id').where('h.status', '=', 'active');
    const r = await trx
      .updateTable('deliveries')
      .set({ ...requeue, next_attempt_at: now })
      .where('id', 'in', ids)
      .executeTakeFirst();
    const retried = Number(r.numUpdatedRows);
    return { matched, retried, skipped: matched - retried, hookIds };
  });
}

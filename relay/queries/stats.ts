import { sql } from 'kysely';
import { STATS_RANGES, type StatsRange, type StatsSeries, type StatsSummary } from '../../shared';
import type { Db } from '../db/connect';
import { iso } from './ids';
import { EVERYTHING, eventInScope, type Visibility } from './visibility';

const utcMidnight = (now: number) => now - (now % 86_400_000);

/**
 * The console's counters: events since `since` (default UTC midnight), deliveries pending and failed,
 * hooks disabled — for a subscriber key, the events of its scope and its own hooks.
 */
export async function statsSummary(
  { kysely }: Db,
  since?: number,
  visibility: Visibility = EVERYTHING,
  now = Date.now(),
): Promise<StatsSummary> {
  const from = since ?? utcMidnight(now);
  const owner = visibility.all ? undefined : visibility.owner;
  let deliveries = kysely
    .selectFrom('deliveries')
    .select(['deliveries.status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deliveries.status', 'in', ['pending', 'failed']);
  if (owner !== undefined) deliveries = deliveries.innerJoin('hooks', 'hooks.id', 'deliveries.hook_id').where('hooks.owner', '=', owner);
  let hooks = kysely
    .selectFrom('hooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'disabled');
  if (owner !== undefined) hooks = hooks.where('owner', '=', owner);
  const [events, byStatus, disabled] = await Promise.all([
    kysely
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('received_at', '>=', from)
      .where((eb) => eventInScope(eb, visibility, 'events'))
      .executeTakeFirstOrThrow(),
    deliveries.groupBy('deliveries.status').execute(),
    hooks.executeTakeFirstOrThrow(),
  ]);
  const count = (status: string) => Number(byStatus.find((d) => d.status === status)?.n ?? 0);
  return {
    eventsToday: Number(events.n),
    since: iso(from),
    deliveriesPending: count('pending'),
    deliveriesFailed: count('failed'),
    hooksDisabled: Number(disabled.n),
  };
}

/**
 * Events received and attempt outcomes per bucket over the last hour, day or week, oldest bucket first;
 * buckets are aligned to their size in UTC and the last one is the one now is in.
 */
export async function statsSeries(
  { kysely }: Db,
  range: StatsRange,
  source?: string,
  visibility: Visibility = EVERYTHING,
  now = Date.now(),
): Promise<StatsSeries> {
  const { ms, bucketMs } = STATS_RANGES[range];
  const count = ms / bucketMs;
  const lastStart = now - (now % bucketMs);
  const from = lastStart - (count - 1) * bucketMs;
  // Integer division on both databases (bigint / integer literal in PostgreSQL).
  const bucketOf = (column: string) => sql<number>`(${sql.ref(column)} / ${sql.lit(bucketMs)})`;

  let received = kysely
    .selectFrom('events')
    .select([bucketOf('received_at').as('b')])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('received_at', '>=', from);
  if (source) received = received.where('source_id', '=', source);
  if (!visibility.all) received = received.where((eb) => eventInScope(eb, visibility, 'events'));
  const ok = sql<number>`sum(case when a.status >= 200 and a.status < 300 then 1 else 0 end)`;
  let attempts = kysely
    .selectFrom('attempts as a')
    .select([bucketOf('a.at').as('b'), ok.as('delivered')])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.at', '>=', from);
  if (source) {
    attempts = attempts.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('deliveries as d')
          .innerJoin('events as e', 'e.id', 'd.event_id')
          .select('d.id')
          .whereRef('d.id', '=', 'a.delivery_id')
          .where('e.source_id', '=', source),
      ),
    );
  }
  if (!visibility.all) {
    const owner = visibility.owner;
    attempts = attempts.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('deliveries as od')
          .innerJoin('hooks as oh', 'oh.id', 'od.hook_id')
          .select('od.id')
          .whereRef('od.id', '=', 'a.delivery_id')
          .where('oh.owner', '=', owner),
      ),
    );
  }
  const [r, a] = await Promise.all([received.groupBy(bucketOf('received_at')).execute(), attempts.groupBy(bucketOf('a.at')).execute()]);
  const receivedBy = new Map(r.map((x) => [Number(x.b), Number(x.n)]));
  const attemptsBy = new Map(a.map((x) => [Number(x.b), { delivered: Number(x.delivered), total: Number(x.n) }]));
  const buckets = Array.from({ length: count }, (_, i) => {
    const start = from + i * bucketMs;
    const key = start / bucketMs;
    const outcome = attemptsBy.get(key) ?? { delivered: 0, total: 0 };
    return {
      start: iso(start),
      received: receivedBy.get(key) ?? 0,
      delivered: outcome.delivered,
      failed: outcome.total - outcome.delivered,
    };
  });
  return { range, bucketSeconds: bucketMs / 1000, buckets };
}

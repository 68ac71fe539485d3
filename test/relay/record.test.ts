import type { Claimed, Outcome } from '../../relay/store/queue';
import { onSqliteAndPostgres } from './both-databases';
import { migratedStore, sourceHook, storedEvent } from './support';

/**
 * Recording a batch of attempts (SQLite in one transaction, PostgreSQL in one statement and a transaction only to
 * disable): every attempt kept, each delivery delivered, rescheduled or given up, each hook's run of consecutive
 * failures counted (reset by a success), and hooks disabled at a 410 or at the limit with their pending deliveries
 * failed. The same batches give the same rows on a real SQLite and a real PostgreSQL.
 */
const T = Date.UTC(2026, 0, 1);
const MAX_CONSECUTIVE = 3;

async function recordsOutcomes(target: string): Promise<void> {
  const store = await migratedStore(target);
  try {
    const [a, b, c] = [await sourceHook(store, 'a'), await sourceHook(store, 'b'), await sourceHook(store, 'c')];
    for (const i of [1, 2, 3]) await store.events.ingest(storedEvent(`evt_${i}`, `delivery-${i}`), '{}');
    const claimed = await store.queue.claim(
      'w1',
      Date.now(),
      60_000,
      [a, b, c].map((h) => ({ hookId: h.id, limit: 10 })),
    );
    expect(claimed).toHaveLength(9);
    const of = (hookId: string, eventId: string): Claimed => claimed.find((d) => d.hookId === hookId && d.eventId === eventId)!;
    const outcome = (
      delivery: Claimed,
      at: number,
      result: Outcome['result'],
      status: number | null,
      more: Partial<Outcome> = {},
    ): Outcome => ({
      delivery,
      at,
      durationMs: 12.4,
      status,
      error: result === 'delivered' ? null : `HTTP ${status}`,
      result,
      retryAt: result === 'retry' ? at + 1000 : null,
      disableHook: null,
      ...more,
    });

    const first = await store.queue.record(
      [
        outcome(of(a.id, 'evt_1'), T + 1, 'delivered', 200, { responseExcerpt: 'ok' }),
        outcome(of(a.id, 'evt_2'), T + 2, 'retry', 500),
        outcome(of(b.id, 'evt_1'), T + 3, 'retry', 503),
        outcome(of(b.id, 'evt_2'), T + 4, 'retry', 503),
        outcome(of(c.id, 'evt_1'), T + 5, 'dead', 410, { disableHook: 'answered 410 Gone' }),
      ],
      MAX_CONSECUTIVE,
    );
    expect(first).toEqual([c.id]);
    const second = await store.queue.record(
      [
        outcome(of(a.id, 'evt_3'), T + 6, 'delivered', 204),
        outcome(of(b.id, 'evt_3'), T + 7, 'retry', 502),
        // Failed when its hook was disabled while this attempt was in flight: a retry leaves it failed.
        outcome(of(c.id, 'evt_2'), T + 8, 'retry', 500),
        // Attempted twice in one batch (its lease ran out while the first attempt was in flight): the delivery
        // stays delivered, though the other attempt, which had no answer at all, came last; both are kept.
        outcome({ ...of(a.id, 'evt_2'), attempts: 1 }, T + 9, 'delivered', 200),
        outcome({ ...of(a.id, 'evt_2'), attempts: 1 }, T + 10, 'retry', null, { error: 'ECONNREFUSED' }),
      ],
      MAX_CONSECUTIVE,
    );
    expect(second).toEqual([b.id]);

    const hooks = await store.db.kysely
      .selectFrom('hooks')
      .select(['id', 'status', 'disabled_reason', 'consecutive_failures', 'last_failure_at'])
      .orderBy('url')
      .execute();
    expect(
      hooks.map((h) => ({
        ...h,
        consecutive_failures: Number(h.consecutive_failures),
        last_failure_at: h.last_failure_at && Number(h.last_failure_at),
      })),
    ).toEqual([
      // A failure after a success counts 1 (both batches end so).
      { id: a.id, status: 'active', disabled_reason: null, consecutive_failures: 1, last_failure_at: T + 10 },
      { id: b.id, status: 'disabled', disabled_reason: '3 consecutive failed attempts', consecutive_failures: 3, last_failure_at: T + 7 },
      // Its failures are still counted once it is disabled (it is not disabled twice).
      { id: c.id, status: 'disabled', disabled_reason: 'answered 410 Gone', consecutive_failures: 2, last_failure_at: T + 8 },
    ]);

    const deliveries = await store.db.kysely
      .selectFrom('deliveries')
      .innerJoin('hooks', 'hooks.id', 'deliveries.hook_id')
      .select([
        'hooks.url',
        'event_id',
        'deliveries.status',
        'attempts',
        'next_attempt_at',
        'claimed_until',
        'last_status',
        'last_error',
        'delivered_at',
        'finished_at',
      ])
      .orderBy('hooks.url')
      .orderBy('event_id')
      .execute();
    // [hook, event, status, attempts, leased, last status, last error, delivered at, finished, next attempt when pending]
    const row = (d: (typeof deliveries)[number]) => [
      d.url.slice(-1),
      d.event_id,
      d.status,
      Number(d.attempts),
      d.claimed_until !== null,
      d.last_status === null ? null : Number(d.last_status),
      d.last_error,
      d.delivered_at === null ? null : Number(d.delivered_at),
      d.finished_at !== null,
      ...(d.status === 'pending' ? [Number(d.next_attempt_at)] : []),
    ];
    const disabledB = 'hook disabled: 3 consecutive failed attempts';
    const disabledC = 'hook disabled: answered 410 Gone';
    expect(deliveries.map(row)).toEqual([
      ['a', 'evt_1', 'delivered', 1, false, 200, null, T + 1, true],
      ['a', 'evt_2', 'delivered', 2, false, 200, null, T + 9, true],
      ['a', 'evt_3', 'delivered', 1, false, 204, null, T + 6, true],
      ['b', 'evt_1', 'failed', 1, false, 503, disabledB, null, true],
      ['b', 'evt_2', 'failed', 1, false, 503, disabledB, null, true],
      ['b', 'evt_3', 'failed', 1, false, 502, disabledB, null, true],
      ['c', 'evt_1', 'failed', 1, false, 410, 'HTTP 410', null, true],
      // Failed when c was disabled: the retry outcome of an attempt in flight left it as it was.
      ['c', 'evt_2', 'failed', 0, false, null, disabledC, null, true],
      ['c', 'evt_3', 'failed', 0, false, null, disabledC, null, true],
    ]);

    const attempts = await store.db.kysely.selectFrom('attempts').selectAll().orderBy('at').execute();
    expect(
      attempts.map((t) => [
        Number(t.at) - T,
        Number(t.attempt),
        t.status === null ? null : Number(t.status),
        t.error,
        Number(t.duration_ms),
        t.response_excerpt,
      ]),
    ).toEqual([
      [1, 1, 200, null, 12, 'ok'],
      [2, 1, 500, 'HTTP 500', 12, null],
      [3, 1, 503, 'HTTP 503', 12, null],
      [4, 1, 503, 'HTTP 503', 12, null],
      [5, 1, 410, 'HTTP 410', 12, null],
      [6, 1, 204, null, 12, null],
      [7, 1, 502, 'HTTP 502', 12, null],
      [8, 1, 500, 'HTTP 500', 12, null],
      [9, 2, 200, null, 12, null],
      [10, 2, null, 'ECONNREFUSED', 12, null],
    ]);
  } finally {
    await store.close();
  }
}

describe('a batch of attempts is recorded with its effects on deliveries and hooks', () => {
  onSqliteAndPostgres(recordsOutcomes);
});

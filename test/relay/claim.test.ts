import { onSqliteAndPostgres } from './both-databases';
import { migratedStore, sourceHook, storedEvent } from './support';
import { eventBody } from '../../relay/store/event-body';

/**
 * A claim leases due deliveries and hands each over with its stored event (PostgreSQL in one statement, SQLite as
 * a read and a fetch): the body as stored, the receipt time and the hop chain; a delivery whose event is gone comes
 * without a body; a leased delivery is not claimed again until its lease runs out. On a real SQLite and PostgreSQL.
 */
async function claimsCarryTheirEvents(target: string): Promise<void> {
  const store = await migratedStore(target);
  try {
    const hook = await sourceHook(store);
    const events = [1, 2, 3].map((i) =>
      storedEvent(`evt_${i}`, `delivery-${i}`, { receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }),
    );
    const data = (i: number) => JSON.stringify({ n: i, text: `é ✓ ${i}` });
    await Promise.all(events.map((e, i) => store.events.ingest(e, data(i + 1), { hops: i === 1 ? ['rly_a', 'rly_b'] : [] })));
    await store.db.kysely.deleteFrom('events').where('id', '=', 'evt_3').execute();

    const now = Date.now();
    const first = await store.queue.claim('w1', now, 30_000, [{ hookId: hook.id, limit: 10 }]);
    const byEvent = new Map(first.map((d) => [d.eventId, d]));
    expect([...byEvent.keys()].sort()).toEqual(['evt_1', 'evt_2', 'evt_3']);
    for (const [i, e] of events.slice(0, 2).entries()) {
      expect(byEvent.get(e.id)).toMatchObject({
        hookId: hook.id,
        attempts: 0,
        claimedUntil: now + 30_000,
        body: eventBody(e, data(i + 1)),
        receivedAt: Date.parse(e.receivedAt),
        hops: i === 1 ? ['rly_a', 'rly_b'] : [],
      });
      expect(typeof byEvent.get(e.id)!.id).toBe('number');
    }
    expect(byEvent.get('evt_3')).toMatchObject({ body: undefined, receivedAt: undefined, hops: [] });

    // Leased: another worker gets none of them now, and they are claimable again (up to its limit) once the lease has run out.
    expect(await store.queue.claim('w2', now + 1, 30_000, [{ hookId: hook.id, limit: 10 }])).toEqual([]);
    const later = await store.queue.claim('w2', now + 30_001, 30_000, [{ hookId: hook.id, limit: 2 }]);
    expect(later).toHaveLength(2);
    expect(later.every((d) => d.claimedUntil === now + 60_001)).toBe(true);
  } finally {
    await store.close();
  }
}

describe('a claim leases due deliveries with their events; one whose event is gone comes without a body', () => {
  onSqliteAndPostgres(claimsCarryTheirEvents);
});

/**
 * A claim for several hooks at once (as the poll makes, for every hook) leases each one's due deliveries up to its
 * limit, and none of a hook with nothing due: its deliveries done, due later, or leased already. SQLite first asks
 * which hooks have anything due; PostgreSQL claims for all in one statement: the same leases on both.
 */
async function claimsForManyHooks(target: string): Promise<void> {
  const store = await migratedStore(target);
  try {
    const hooks = [];
    for (const name of ['due', 'later', 'done', 'one', 'leased']) hooks.push(await sourceHook(store, name));
    const [due, later, done, one, leased] = hooks.map((h) => h!.id);
    for (const i of [1, 2]) await store.events.ingest(storedEvent(`evt_${i}`, `delivery-${i}`), '{}');
    const now = Date.now();
    const kysely = store.db.kysely;
    await kysely
      .updateTable('deliveries')
      .set({ next_attempt_at: now + 60_000 })
      .where('hook_id', '=', later!)
      .execute();
    await kysely.updateTable('deliveries').set({ status: 'delivered' }).where('hook_id', '=', done!).execute();
    await kysely.updateTable('deliveries').set({ status: 'failed' }).where('hook_id', '=', one!).where('event_id', '=', 'evt_2').execute();
    expect(await store.queue.claim('w1', now, 30_000, [{ hookId: leased!, limit: 10 }])).toHaveLength(2);

    const claimed = await store.queue.claim(
      'w2',
      now + 1,
      30_000,
      hooks.map((h) => ({ hookId: h!.id, limit: 10 })),
    );
    const got = claimed.map((d) => `${d.hookId === due ? 'due' : d.hookId === one ? 'one' : d.hookId} ${d.eventId}`).sort();
    expect(got).toEqual(['due evt_1', 'due evt_2', 'one evt_1']);
    // Limits hold per hook within one claim.
    await kysely.updateTable('deliveries').set({ next_attempt_at: now }).where('hook_id', '=', later!).execute();
    const limited = await store.queue.claim('w3', now + 2, 30_000, [
      { hookId: later!, limit: 1 },
      { hookId: done!, limit: 5 },
      { hookId: leased!, limit: 5 },
    ]);
    expect(limited.map((d) => d.hookId)).toEqual([later]);
  } finally {
    await store.close();
  }
}

describe('a claim for several hooks leases what each has due, up to its limit, and nothing of hooks with none', () => {
  onSqliteAndPostgres(claimsForManyHooks);
});

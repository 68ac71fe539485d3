import fc from 'fast-check';
import type { EventsTable } from '../../relay/db/schema';
import { eventBody } from '../../relay/store/event-body';
import { IngestStatements } from '../../relay/store/ingest-statements';
import type { KeyScope, RelayEvent } from '../../shared';
import { onSqliteAndPostgres } from './both-databases';
import { compileOnly } from './compile-only';
import { migratedStore, sourceHook, storedEvent } from './support';

/**
 * The group commit's inserts are compiled by kysely once per batch size and their SQL reused: each reused query must
 * be exactly what kysely compiles for those rows (both dialects), and rows stored through them must read back as
 * given, duplicates skipped, each stored event queued for its hook (none for a duplicate), on a real SQLite and a real
 * PostgreSQL.
 */
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const row: fc.Arbitrary<EventsTable> = fc.record({
  id: text,
  source_id: text,
  platform: text,
  type: text,
  delivery_id: text,
  occurred_at: text,
  received_at: fc.integer({ min: 0, max: 2 ** 48 }),
  body: text,
  hops: fc.option(text),
  replay_key: fc.option(text),
  headers: fc.option(text),
});

describe.each(['sqlite', 'postgres'] as const)('the reused ingest inserts (%s)', (dialect) => {
  it("events: kysely's own compilation of every batch, whatever its size and values", () => {
    const db = compileOnly(dialect);
    const statements = new IngestStatements(db);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
        const expected = db
          .insertInto('events')
          .values(rows)
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .compile();
        const actual = statements.events(rows);
        expect(actual.sql).toBe(expected.sql);
        expect(actual.parameters).toEqual(expected.parameters);
      }),
      { numRuns: 300 },
    );
    // Every size 1–6 was seen, and compiled once each.
    expect(statements.shapes).toBe(6);
  });

  it("deliveries: kysely's own compilation for any events and hooks", () => {
    const db = compileOnly(dialect);
    const statements = new IngestStatements(db);
    fc.assert(
      fc.property(
        fc.array(fc.record({ eventId: text, hookId: text }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2 ** 48 }),
        (pairs, now) => {
          const expected = db
            .insertInto('deliveries')
            .values(
              pairs.map((p) => ({ event_id: p.eventId, hook_id: p.hookId, status: 'pending' as const, attempts: 0, next_attempt_at: now })),
            )
            .compile();
          const actual = statements.deliveries(pairs, now);
          expect(actual.sql).toBe(expected.sql);
          expect(actual.parameters).toEqual(expected.parameters);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe.each(['sqlite', 'postgres'] as const)('the reused hooks read of ingest (%s)', (dialect) => {
  it("hooksTaking: kysely's own compilation for any sources", () => {
    const db = compileOnly(dialect);
    const statements = new IngestStatements(db);
    fc.assert(
      fc.property(fc.uniqueArray(text, { minLength: 1, maxLength: 5 }), (sources) => {
        const expected = db
          .selectFrom('hooks')
          .select(['id', 'source_id', 'platform', 'events', 'scope'])
          .where('status', '=', 'active')
          .where((eb) => eb.or([eb('source_id', 'is', null), eb('source_id', 'in', sources)]))
          .compile();
        const actual = statements.hooksTaking(sources);
        expect(actual.sql).toBe(expected.sql);
        expect(actual.parameters).toEqual(expected.parameters);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A group commit reads only the hooks its events' sources can reach (theirs and hooks of no source), and queues each
 * event to exactly the active hooks that take it, as when it read every hook.
 */
async function queuesToTheHooksThatTakeIt(target: string): Promise<void> {
  const store = await migratedStore(target);
  try {
    const hook = (source: string | null, platform: string | null, events: string[] = [], scope: KeyScope | null = null) =>
      store.hooks.create({ url: 'http://127.0.0.1:9/h', source, platform, events, owner: scope ? 'key_scoped' : null, scope });
    const cw = await hook('cw', null);
    const cwLeads = await hook('cw', null, ['conversation_created']);
    const other = await hook('other', null);
    const everywhere = await hook(null, null);
    const conversa = await hook(null, 'conversa');
    const horneross = await hook(null, 'horneross');
    // A subscriber key's hook of no source: its key's scope decides (in hookWants, after the read).
    const scopedToCw2 = await hook(null, null, [], { sources: ['cw2'], platforms: [] });
    const disabled = await hook('cw', null);
    expect(await store.hooks.disable(disabled.id)).toBe(true);
    const inAnother = (id: string, deliveryId: string) => ({ ...storedEvent(id, deliveryId), source: 'cw2' }) as RelayEvent;
    const results = await Promise.all([
      store.events.ingest(storedEvent('evt_a', 'd-a'), '{}'),
      store.events.ingest(inAnother('evt_b', 'd-b'), '{}'),
    ]);
    const byId = Object.fromEntries(results.map((r) => [r.id, [...r.hookIds].sort()]));
    expect(byId).toEqual({
      evt_a: [cw.id, everywhere.id, conversa.id].sort(),
      evt_b: [everywhere.id, conversa.id, scopedToCw2.id].sort(),
    });
    const rows = await store.db.kysely.selectFrom('deliveries').select(['event_id', 'hook_id']).execute();
    expect(rows.map((r) => `${r.event_id} ${r.hook_id}`).sort()).toEqual(
      Object.entries(byId)
        .flatMap(([id, hooks]) => hooks.map((h) => `${id} ${h}`))
        .sort(),
    );
    for (const h of [cwLeads, other, horneross, disabled]) expect(rows.some((r) => r.hook_id === h.id)).toBe(false);
  } finally {
    await store.close();
  }
}

describe('a group commit queues each event to the active hooks that take it, reading only those its sources can reach', () => {
  onSqliteAndPostgres(queuesToTheHooksThatTakeIt);
});

const event = (i: number, deliveryId = `delivery-${i}`): RelayEvent =>
  storedEvent(`evt_${String(i).padStart(4, '0')}`, deliveryId, {
    occurredAt: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 1, 0, i)).toISOString(),
  });

async function storesAsGiven(target: string): Promise<void> {
  const store = await migratedStore(target);
  const db = store.db;
  try {
    const hook = await sourceHook(store);
    // Bursts share a group commit each, so batch sizes repeat (3, 3, 2, 3) and later ones take the reused SQL.
    let n = 0;
    const expected = new Map<string, Partial<EventsTable>>();
    const results = [];
    for (const size of [3, 3, 2, 3]) {
      const burst = Array.from({ length: size }, () => {
        const i = ++n;
        // In the last burst, the second event repeats the burst's first (a duplicate within one batch) and the third
        // repeats the very first one's delivery id (a duplicate of an earlier batch, in a reused one).
        const e = n === 11 ? event(i, 'delivery-1') : n === 10 ? event(i, 'delivery-9') : event(i);
        const data = JSON.stringify({ n: i, text: `é ✓ ${i}` });
        if (n !== 10 && n !== 11)
          expected.set(e.id, {
            source_id: 'cw',
            platform: 'conversa',
            type: 'message_created',
            delivery_id: e.deliveryId,
            occurred_at: e.occurredAt,
            received_at: Date.parse(e.receivedAt),
            body: eventBody(e, data),
            hops: i % 2 === 0 ? 'rly_a,rly_b' : null,
            replay_key: i % 3 === 0 ? `sig:key-${i}` : null,
            headers: JSON.stringify({ 'content-type': 'application/json', n: String(i) }),
          });
        return store.events.ingest(e, data, {
          hops: i % 2 === 0 ? ['rly_a', 'rly_b'] : [],
          replayKey: i % 3 === 0 ? `sig:key-${i}` : undefined,
          receivedHeaders: { 'content-type': 'application/json', n: String(i) },
        });
      });
      results.push(...(await Promise.all(burst)));
    }
    expect(results.filter((r) => r.duplicate).map((r) => r.id)).toEqual(['evt_0009', 'evt_0001']);
    const rows = await db.kysely.selectFrom('events').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([...expected.keys()]);
    for (const r of rows) expect({ ...r, received_at: Number(r.received_at) }).toEqual({ id: r.id, ...expected.get(r.id) });
    // One pending delivery for each event stored, none for the duplicate.
    const deliveries = await db.kysely.selectFrom('deliveries').select(['event_id', 'hook_id', 'status']).orderBy('event_id').execute();
    expect(deliveries).toEqual([...expected.keys()].map((id) => ({ event_id: id, hook_id: hook.id, status: 'pending' })));
    expect(results.filter((r) => !r.duplicate).every((r) => r.deliveries === 1 && r.hookIds[0] === hook.id)).toBe(true);
  } finally {
    await store.close();
  }
}

describe('events stored through the reused inserts read back as given; a repeated delivery id is a duplicate', () => {
  onSqliteAndPostgres(storesAsGiven);
});

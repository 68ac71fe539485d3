import { searchEvents } from '../../relay/queries/events';
import { PLATFORMS, sign, type RelayEvent } from '../../shared';
import { onSqliteAndPostgres } from './both-databases';
import { migratedStore, post, relay, storedEvent } from './support';

/**
 * The relay side of issue 11 §4: an event is a duplicate when its source already holds its delivery id or
 * its replay key (what the signature covers), so a captured delivery replayed with a new unsigned id is
 * stored once. The core's `HookEvent.replayKey` feeds it from ingest; here the store is driven directly.
 */
const event = storedEvent;

async function dedupes(target: string): Promise<void> {
  const store = await migratedStore(target);
  try {
    const first = await store.events.ingest(event('evt_1', 'delivery-a'), '{}', { replayKey: 'sig:aaa' });
    expect(first).toMatchObject({ id: 'evt_1', duplicate: false });
    // The same signed delivery under a new X-Chatwoot-Delivery header: a replay.
    expect(await store.events.ingest(event('evt_2', 'delivery-b'), '{}', { replayKey: 'sig:aaa' })).toMatchObject({
      id: 'evt_1',
      duplicate: true,
    });
    // The same delivery id with another signature (a retry the platform re-signed): still a duplicate.
    expect(await store.events.ingest(event('evt_3', 'delivery-a'), '{}', { replayKey: 'sig:bbb' })).toMatchObject({
      id: 'evt_1',
      duplicate: true,
    });
    // New id and new signature: a new event; events without a replay key never collide on it.
    expect(await store.events.ingest(event('evt_4', 'delivery-c'), '{}', { replayKey: 'sig:ccc' })).toMatchObject({
      id: 'evt_4',
      duplicate: false,
    });
    expect(await store.events.ingest(event('evt_5', 'delivery-d'), '{}')).toMatchObject({ duplicate: false });
    expect(await store.events.ingest(event('evt_6', 'delivery-e'), '{}')).toMatchObject({ duplicate: false });
    // Concurrent replays share one group commit and still store one event.
    const burst = await Promise.all(
      ['x1', 'x2', 'x3'].map((d, i) => store.events.ingest(event(`evt_b${i}`, d), '{}', { replayKey: 'sig:burst' })),
    );
    expect(burst.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(burst.map((r) => r.id)).size).toBe(1);
    expect(
      (JSON.parse((await searchEvents(store.db, { source: 'cw', limit: 100 })).eventsJson) as RelayEvent[]).map((e) => e.id).sort(),
    ).toEqual(['evt_1', 'evt_4', 'evt_5', 'evt_6', burst[0]!.id].sort());
  } finally {
    await store.close();
  }
}

describe('a replayed platform delivery at ingest', () => {
  it("is stored once when only its unsigned delivery id changed: the core's replayKey reaches the store", async () => {
    const secret = 'cw-replay-secret';
    const r = await relay({ sources: [{ id: 'cw', platform: 'conversa', secrets: [secret] }] });
    try {
      const message = PLATFORMS.conversa.events.find((e) => e.type === 'message_created')!.sample;
      const original = sign('conversa', message, { secret, deliveryId: 'chatwoot-delivery-1' });
      const first = await post(`${r.url}/in/cw`, original);
      expect(first).toMatchObject({ status: 202, json: { duplicate: false } });
      // The captured request sent again with a fresh X-Chatwoot-Delivery (not covered by the signature).
      const replayed = { headers: { ...original.headers, 'x-chatwoot-delivery': 'chatwoot-delivery-2' }, body: original.body };
      expect(await post(`${r.url}/in/cw`, replayed)).toEqual({ status: 200, json: { id: first.json!['id'], duplicate: true } });
      // A new signed delivery of the same event is a new event.
      expect(
        await post(`${r.url}/in/cw`, sign('conversa', { ...message, id: 987654 }, { secret, deliveryId: 'chatwoot-delivery-3' })),
      ).toMatchObject({ status: 202 });
      expect(JSON.parse((await searchEvents(r.store.db, { source: 'cw', limit: 10 })).eventsJson)).toHaveLength(2);
    } finally {
      await r.close();
    }
  });
});

describe('deduplication on (source, replay key) as well as (source, delivery id)', () => {
  onSqliteAndPostgres(dedupes);
});

import { Client } from 'pg';
import { KeyStore } from '../../relay/auth/key-store';
import type { Store } from '../../relay/store';
import type { Claimed } from '../../relay/store/queue';
import { startPostgres, type PgCluster } from './postgres';
import { migratedStore, storedEvent, until } from './support';

/**
 * Recording an attempt's failure on PostgreSQL locks its hook's row, then the delivery's. Disabling, deleting or
 * revoking on another instance at the same moment must take the same order, or each holds what the other waits
 * for and PostgreSQL aborts one (it is then run again, a deadlock_timeout later). The interleaving that would
 * deadlock is forced: a third session holds the delivery while the operation, then the recording, come to wait.
 */
describe('an operator changing a hook while another instance records an attempt of it (real PostgreSQL)', () => {
  const APP = 'relay-under-test';
  let pg: PgCluster;
  let url: string;
  let blocker: Client;
  let watcher: Client;

  beforeAll(async () => {
    pg = await startPostgres();
    url = `${pg.url}?application_name=${APP}`;
    blocker = new Client({ connectionString: pg.url });
    await blocker.connect();
    watcher = new Client({ connectionString: pg.url });
    await watcher.connect();
  }, 60_000);
  afterAll(async () => {
    await watcher?.end();
    await blocker?.end();
    await pg?.stop();
  });

  const count = async (query: string, params: unknown[] = []) => Number((await watcher.query(query, params)).rows[0].n);
  async function untilCount(query: string, params: unknown[], wanted: number): Promise<void> {
    if (!(await until(async () => (await count(query, params)) >= wanted, { tries: 500, everyMs: 10 })))
      throw new Error(`never reached ${wanted}: ${query}`);
  }
  const relaySessionsWaiting = (n: number) =>
    untilCount(`select count(*) as n from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'`, [APP], n);
  const deadlocksCounted = () => count(`select deadlocks as n from pg_stat_database where datname = current_database()`);
  /** Deadlocks PostgreSQL has detected on the database, once the relay's sessions are gone (they flush their stats as they exit). */
  async function deadlocksAfterClose(): Promise<number> {
    const gone = async () => (await count(`select count(*) as n from pg_stat_activity where application_name = $1`, [APP])) === 0;
    if (!(await until(gone, { tries: 500, everyMs: 10 }))) throw new Error("the relay's sessions did not end");
    return deadlocksCounted();
  }

  async function racesARecording(change: (store: Store, hookId: string) => Promise<unknown>, owner: string | null = null): Promise<void> {
    const store = await migratedStore(url);
    let closed = false;
    try {
      const hook = await store.hooks.create({ url: 'http://127.0.0.1:9/h', source: 'cw', platform: null, events: [], owner, scope: null });
      await store.events.ingest(storedEvent(`evt_${hook.id}`, `delivery-${hook.id}`), '{}');
      const [delivery] = await store.queue.claim('w1', Date.now(), 60_000, [{ hookId: hook.id, limit: 1 }]);
      const failed = (d: Claimed) => ({
        delivery: d,
        at: Date.now(),
        durationMs: 5,
        status: 503,
        error: 'HTTP 503',
        result: 'retry' as const,
        retryAt: Date.now() + 1000,
        disableHook: null,
      });
      const before = await deadlocksCounted();

      await blocker.query('begin');
      await blocker.query('select id from deliveries where id = $1 for update', [delivery!.id]);
      const changed = change(store, hook.id);
      await relaySessionsWaiting(1);
      const recorded = store.queue.record([failed(delivery!)], 10);
      await relaySessionsWaiting(2);
      await blocker.query('commit');
      await Promise.all([changed, recorded]);

      // The operator's change came first: the delivery is failed, and the retry recorded after it (its attempt kept)
      // left it failed.
      const row = (await watcher.query('select status from deliveries where id = $1', [delivery!.id])).rows[0];
      expect(row).toEqual({ status: 'failed' });
      expect(await count('select count(*) as n from attempts where delivery_id = $1', [delivery!.id])).toBe(1);
      await store.close();
      closed = true;
      expect(await deadlocksAfterClose()).toBe(before);
    } finally {
      if (blocker) await blocker.query('rollback').catch(() => undefined);
      if (!closed) await store.close();
    }
  }

  it('disabling the hook', () => racesARecording((store, id) => store.hooks.disable(id)));

  it('deleting the hook', () => racesARecording((store, id) => store.hooks.delete(id)));

  it('revoking the key that created the hook', async () => {
    const setup = await migratedStore(url);
    const key = await new KeyStore(setup.db).create({ name: 'zapier', scope: { sources: ['cw'], platforms: [] } });
    await setup.close();
    await racesARecording((store) => new KeyStore(store.db).revoke(key.id), key.id);
  });
});

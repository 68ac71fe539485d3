import { Client } from 'pg';
import type { Store } from '../../relay/store';
import { startPostgres, type PgCluster } from './postgres';
import { migratedStore, sourceHook, storedEvent } from './support';

/**
 * Recording an attempt's outcome on PostgreSQL locks the delivery, then its hook (to count its failures). An
 * operator disabling that hook on another instance must take the same order, or each holds what the other
 * waits for: a deadlock PostgreSQL ends by aborting one of them.
 */
describe('disabling a hook by hand while another instance records an attempt of it (real PostgreSQL)', () => {
  let pg: PgCluster;
  let store: Store;
  let recorder: Client;
  let watcher: Client;

  beforeAll(async () => {
    pg = await startPostgres();
    // The relay's sessions look for a deadlock only after 10 s; the recording session after 100 ms, so if the
    // two deadlock, the recording session is the one PostgreSQL aborts, and the test sees it.
    store = await migratedStore(`${pg.url}?options=-c%20deadlock_timeout%3D10s`);
    recorder = new Client({ connectionString: pg.url });
    await recorder.connect();
    await recorder.query(`set deadlock_timeout = '100ms'`);
    watcher = new Client({ connectionString: pg.url });
    await watcher.connect();
  }, 60_000);
  afterAll(async () => {
    await watcher?.end();
    await recorder?.end();
    await store?.db.kysely.destroy();
    await pg?.stop();
  });

  async function relayWaitsForALock(recorderPid: number): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and pid <> $1`, [
        recorderPid,
      ]);
      if (rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("the relay's session never came to wait for a lock");
  }

  it("waits for the recording instance's delivery before it takes the hook: both commit, the delivery as recorded, the hook disabled", async () => {
    const hook = await sourceHook(store, 'disabled-by-hand');
    await store.events.ingest(storedEvent('evt_lock_order', 'delivery-lock-order'), '{}');
    const { rows } = await recorder.query(`select id from deliveries where hook_id = $1`, [hook.id]);
    expect(rows).toHaveLength(1);
    const deliveryId = Number(rows[0].id);
    const recorderPid = (await recorder.query('select pg_backend_pid() as pid')).rows[0].pid;

    // The recording instance: its attempt failed and will be retried; it holds the delivery, as the outcome
    // statement does, and then counts the failure on the hook's row.
    await recorder.query('begin');
    await recorder.query(`update deliveries set attempts = attempts + 1, claimed_until = null, claimed_by = null where id = $1`, [
      deliveryId,
    ]);
    const disabled = store.hooks.disable(hook.id);
    await relayWaitsForALock(recorderPid);
    await recorder.query(`update hooks set consecutive_failures = consecutive_failures + 1 where id = $1`, [hook.id]);
    await recorder.query('commit');

    expect(await disabled).toBe(true);
    const hookRow = (await recorder.query(`select status, consecutive_failures from hooks where id = $1`, [hook.id])).rows[0];
    expect(hookRow).toEqual({ status: 'disabled', consecutive_failures: 1 });
    const delivery = (await recorder.query(`select status, attempts, last_error from deliveries where id = $1`, [deliveryId])).rows[0];
    expect(delivery).toEqual({ status: 'failed', attempts: 1, last_error: 'hook disabled: disabled by an operator' });
  });

  it('answers false for a hook that does not exist', async () => {
    expect(await store.hooks.disable('hook_missing')).toBe(false);
  });
});

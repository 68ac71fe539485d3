import { Client } from 'pg';
import { sql } from 'kysely';
import { connect, type Db } from '../../relay/db/connect';
import { DatabaseBusyError, writeStatement, writeTransaction } from '../../relay/db/write';
import { startPostgres, type PgCluster } from './postgres';
import { until } from './support';

/**
 * PostgreSQL aborts one transaction of a deadlock (40P01), and under serializable isolation one of two that
 * conflict (40001). Either way nothing of the aborted one was written, so the relay runs it again, as it does
 * for a lock it waited too long for; and past the busy timeout the write is a DatabaseBusyError (503).
 */
describe('a write PostgreSQL aborted as a conflict is run again', () => {
  let pg: PgCluster;
  let url: string;
  let db: Db;
  let other: Client;
  let otherPid: number;
  /** Sees who waits for a lock, from outside both sessions. */
  let watcher: Client;

  beforeAll(async () => {
    pg = await startPostgres();
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('create database conflicts');
    // The relay's sessions detect the deadlock first, so they are its victim; the other session waits longer.
    await admin.query(`alter database conflicts set deadlock_timeout = '100ms'`);
    await admin.end();
    url = pg.url.replace(/\/postgres$/, '/conflicts');
    const setup = new Client({ connectionString: url });
    await setup.connect();
    await setup.query(`create table pair (id text primary key, n int not null)`);
    await setup.end();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });
  beforeEach(async () => {
    db = connect(url, { busyTimeoutMs: 5000 });
    other = new Client({ connectionString: url });
    await other.connect();
    await other.query(`set deadlock_timeout = '10s'`);
    otherPid = (await other.query('select pg_backend_pid() as pid')).rows[0].pid;
    watcher = new Client({ connectionString: url });
    await watcher.connect();
    await other.query(`delete from pair; insert into pair values ('a', 0), ('b', 0)`);
  });
  afterEach(async () => {
    await watcher.end();
    await other.end();
    await db.kysely.destroy();
  });

  const bump = (id: string) => sql`update pair set n = n + 1 where id = ${id}`;
  /** Until a session on this database (`pid`, else any but the other one) waits for a row lock. */
  async function waitingForLock(pid?: number): Promise<void> {
    const waiting = async () => {
      const { rows } = await watcher.query(
        `select count(*)::int as n from pg_stat_activity where datname = 'conflicts' and wait_event_type = 'Lock' and ${pid === undefined ? 'pid <> $1' : 'pid = $1'}`,
        [pid ?? otherPid],
      );
      return rows[0].n > 0;
    };
    if (!(await until(waiting, { tries: 500, everyMs: 10 }))) throw new Error('no session came to wait for a lock');
  }
  const counts = async () => Object.fromEntries((await other.query('select id, n from pair order by id')).rows.map((r) => [r.id, r.n]));

  it('a transaction chosen as the deadlock victim runs again and commits; the other transaction commits too', async () => {
    await other.query('begin');
    await other.query(`update pair set n = n + 10 where id = 'b'`);
    let runs = 0;
    let otherWaits: Promise<unknown> | undefined;
    const result = await writeTransaction(db, async (trx) => {
      runs++;
      await bump('a').execute(trx);
      // Only on the first run: the other session now waits for `a`, and this one asks for `b`.
      if (!otherWaits) {
        otherWaits = other.query(`update pair set n = n + 10 where id = 'a'`).then(() => other.query('commit'));
        // The cycle is closed before this session waits, so its deadlock check (after 100 ms) finds it.
        await waitingForLock(otherPid);
      }
      await bump('b').execute(trx);
      return 'written';
    });
    await otherWaits;
    expect(result).toBe('written');
    expect(runs).toBe(2);
    // The aborted first run left nothing: each transaction's increments are there once.
    expect(await counts()).toEqual({ a: 11, b: 11 });
  });

  it('a transaction that keeps losing its conflicts is a DatabaseBusyError after the busy timeout, and wrote nothing', async () => {
    await db.kysely.destroy();
    db = connect(url, { busyTimeoutMs: 300 });
    let runs = 0;
    const outcome = await writeTransaction(db, async (trx) => {
      runs++;
      await bump('a').execute(trx);
      // What PostgreSQL raises for a transaction it cannot serialize, every time.
      throw Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });
    }).catch((err: unknown) => err);
    expect(outcome).toBeInstanceOf(DatabaseBusyError);
    expect((outcome as DatabaseBusyError).reason).toBe('busy');
    expect(runs).toBeGreaterThan(1);
    expect(await counts()).toEqual({ a: 0, b: 0 });
  });

  it('a statement that cannot be serialized (serializable isolation, a row updated concurrently) runs again', async () => {
    const serializable = connect(`${url}?options=-c%20default_transaction_isolation%3Dserializable`, { busyTimeoutMs: 5000 });
    try {
      await sql`select 1`.execute(serializable.kysely); // connected before the statement below takes its snapshot
      await other.query('begin');
      await other.query(`update pair set n = n + 10 where id = 'a'`);
      let runs = 0;
      let committed: Promise<unknown> | undefined;
      const result = await writeStatement(serializable, async (kysely) => {
        runs++;
        // First run: this statement waits for the other session's row lock; the other then commits, and a
        // serializable statement cannot update a row changed after its snapshot.
        committed ??= waitingForLock().then(() => other.query('commit'));
        return (await sql<{ n: number }>`update pair set n = n + 1 where id = 'a' returning n`.execute(kysely)).rows[0]!.n;
      });
      await committed;
      expect(result).toBe(11);
      expect(runs).toBe(2);
      expect(await counts()).toEqual({ a: 11, b: 0 });
    } finally {
      await serializable.kysely.destroy();
    }
  });
});

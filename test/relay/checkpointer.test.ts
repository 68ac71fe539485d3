import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { BackgroundCheckpointer } from '../../relay/db/checkpointer';
import { connect } from '../../relay/db/connect';
import { tempDb } from './support';

const until = async (check: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (check()) return true;
  return check();
};

describe('background WAL checkpoints', () => {
  it("copy committed pages into the database file from a worker: the relay's connection checkpoints only past its safety net", async () => {
    const file = tempDb();
    const db = connect(file);
    try {
      const [setting] = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely)).rows;
      expect(setting!.wal_autocheckpoint).toBe(10_000);
      await sql`create table t (id integer primary key, body text not null)`.execute(db.kysely);
      const before = statSync(file).size;
      // ~6 MB in 60 commits: about 1,500 pages, far below the 10,000-page safety net, so only the worker can
      // have moved them into the database file.
      const body = 'x'.repeat(100_000);
      for (let i = 0; i < 60; i++) await sql`insert into t (body) values (${body})`.execute(db.kysely);
      expect(await until(() => statSync(file).size > before + 5_000_000)).toBe(true);
    } finally {
      await db.checkpointer?.stop();
      await db.kysely.destroy();
    }
  });

  it('stops its worker, and gives checkpoints back to the connection when the worker cannot run', async () => {
    const file = tempDb();
    const db = connect(file);
    await db.checkpointer!.stop();
    await db.checkpointer!.stop(); // a second stop is a no-op
    await db.kysely.destroy();

    const execs: string[] = [];
    const broken = new BackgroundCheckpointer(file, '/nonexistent/better-sqlite3', { exec: (s: string) => execs.push(s) });
    expect(await until(() => execs.length === 2)).toBe(true);
    expect(execs).toEqual(['pragma wal_autocheckpoint = 10000', 'pragma wal_autocheckpoint = 1000']);
    await broken.stop();

    // A worker that fails after the relay's connection was closed (closed without stop()) is no error of the process.
    let closedCalls = 0;
    const closed = new BackgroundCheckpointer(file, '/nonexistent/better-sqlite3', {
      exec: () => {
        if (++closedCalls > 1) throw new TypeError('The database connection is not open');
      },
    });
    expect(await until(() => closedCalls === 2)).toBe(true);
    await closed.stop();
  });
});

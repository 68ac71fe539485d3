import { startPostgres, type PgCluster } from './postgres';
import { tempDb } from './support';

/** Runs `check` against a fresh SQLite file and against a throwaway PostgreSQL cluster. */
export function onSqliteAndPostgres(check: (target: string) => Promise<void>): void {
  it('on SQLite', () => check(tempDb()));

  describe('on PostgreSQL', () => {
    let pg: PgCluster;
    beforeAll(async () => {
      pg = await startPostgres();
    }, 60_000);
    afterAll(async () => pg?.stop());
    it('the same', () => check(pg.url));
  });
}

import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../connect';
import { migrationContext, type MigrationContext } from './context';
import * as m001 from './001_initial';
import * as m002 from './002_scoped_keys';
import * as m003 from './003_fanout_retention';
import * as m004 from './004_console';

interface MigrationModule {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
  down?(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

/** Every migration, by name; names sort in the order they run. Add a file, then add it here. */
const MIGRATIONS: Readonly<Record<string, MigrationModule>> = {
  '001_initial': m001,
  '002_scoped_keys': m002,
  '003_fanout_retention': m003,
  '004_console': m004,
};

export function migrations(kind: DbKind): Record<string, Migration> {
  const ctx = migrationContext(kind);
  return Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, m]) => [
      name,
      { up: (db: Kysely<unknown>) => m.up(db, ctx), ...(m.down ? { down: (db: Kysely<unknown>) => m.down!(db, ctx) } : {}) },
    ]),
  );
}

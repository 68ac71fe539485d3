import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type DbKind = 'sqlite' | 'postgres';

export interface Db {
  readonly kind: DbKind;
  readonly kysely: Kysely<Database>;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

/** SQLite for a file path (WAL, the default), PostgreSQL for a postgres:// URL. */
export function connect(target: string): Db {
  if (isPostgresUrl(target)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool, types } = require('pg') as typeof import('pg');
    types.setTypeParser(20, (v: string) => Number(v)); // bigint columns hold unix ms
    return { kind: 'postgres', kysely: new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: target, max: 10 }) }) }) };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as typeof import('better-sqlite3');
  if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
  const database = new Sqlite(target);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL'); // an acknowledged delivery survives power loss, not just a crash
  database.pragma('busy_timeout = 5000');
  return { kind: 'sqlite', kysely: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }) };
}

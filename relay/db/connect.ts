import {
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import type { Database as BetterSqlite } from 'better-sqlite3';
import { ensurePrivateFile } from './files';
import { BackgroundCheckpointer } from './checkpointer';
import { postgresSession } from './postgres-options';
import { loadSqliteDriver, sqliteDriverPath } from './sqlite-driver';
import { WalSync } from './wal-sync';
import type { Database } from './schema';

export type DbKind = 'sqlite' | 'postgres';

export interface Db {
  readonly kind: DbKind;
  readonly kysely: Kysely<Database>;
  /** How long a write waits for a lock held elsewhere before it fails as busy (503). */
  readonly busyTimeoutMs: number;
  /** Warnings found while opening (e.g. a database file readable by others). */
  readonly warnings: readonly string[];
  /** SQLite file: makes a commit durable without blocking (see WalSync); absent in memory and on PostgreSQL. */
  readonly walSync?: WalSync;
  /** SQLite file: checkpoints the WAL on a worker thread (see BackgroundCheckpointer). */
  readonly checkpointer?: BackgroundCheckpointer;
}

export interface ConnectOptions {
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: the pool's connections at most (default DEFAULT_POOL_SIZE). */
  readonly poolSize?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
export const DEFAULT_POOL_SIZE = 10;

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

/**
 * better-sqlite3 behind kysely's SqliteDialect with a statement cache: kysely prepares every query it
 * runs, and preparing costs more than running the relay's small statements. One connection, used by one
 * query at a time (kysely's mutex), so a cached statement is never in use twice.
 */
function cachingDatabase(database: BetterSqlite, size = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = database.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= size) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => database.close(),
  };
}

/**
 * SQLite runs DDL in transactions, but kysely's adapter says it does not, so its Migrator would apply a
 * migration statement by statement: a crash or a failing statement half-way would leave a schema no
 * migration expects. Saying it does makes the Migrator run every pending migration, and its record, in one
 * transaction (as on PostgreSQL).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class RelaySqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** SQLite for a file path (WAL, the default), PostgreSQL for a postgres:// URL. */
export function connect(target: string, options: ConnectOptions = {}): Db {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (isPostgresUrl(target)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool, types } = require('pg') as typeof import('pg');
    types.setTypeParser(20, (v: string) => Number(v)); // bigint columns hold unix ms
    const pool = new Pool({
      ...postgresSession(target, busyTimeoutMs),
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      // A pool with no free connection, or a row lock held too long, is "busy" (503), not a hang.
      connectionTimeoutMillis: busyTimeoutMs,
    });
    // A lost connection: the query on it (if any) fails on its own, and the next one reconnects; an
    // 'error' event with no listener would end the process instead.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    return { kind: 'postgres', kysely: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), busyTimeoutMs, warnings: [] };
  }
  const Sqlite = loadSqliteDriver();
  const warnings: string[] = [];
  if (target !== ':memory:') {
    const warning = ensurePrivateFile(target);
    if (warning) warnings.push(warning);
  }
  // timeout 0: SQLite's own busy wait would block the event loop; writes wait for a lock asynchronously
  // instead (db/write.ts), up to busyTimeoutMs.
  const database = new Sqlite(target, { timeout: 0 });
  // exec, not pragma(): pragma() prepares a statement and drops it for the GC to finalize, which is what
  // aborts better-sqlite3 12 on Node 24 (see sqlite-driver.ts: Node 22+ gets 13, where it cannot happen).
  database.exec('pragma journal_mode = WAL');
  const memory = target === ':memory:' || database.memory;
  // An acknowledged delivery survives power loss, not just a crash: NORMAL commits write the WAL, and a
  // durable write then syncs it off the event loop (WalSync), which is what FULL would do inside the commit.
  database.exec(memory ? 'pragma synchronous = FULL' : 'pragma synchronous = NORMAL');
  const kysely = new Kysely<Database>({ dialect: new RelaySqliteDialect({ database: cachingDatabase(database) }) });
  if (memory) return { kind: 'sqlite', kysely, busyTimeoutMs, warnings };
  const walSync = new WalSync(`${target}-wal`);
  const checkpointer = new BackgroundCheckpointer(target, sqliteDriverPath(), database);
  return { kind: 'sqlite', kysely, busyTimeoutMs, warnings, walSync, checkpointer };
}

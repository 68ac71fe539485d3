import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Db } from './connect';
import type { Database } from './schema';

/**
 * The database stayed locked (or its pool exhausted), or could not be reached, for the whole busy
 * timeout; nothing was written. The relay answers 503 with Retry-After.
 */
export class DatabaseBusyError extends Error {
  constructor(
    readonly waitedMs: number,
    readonly reason: 'busy' | 'unreachable' = 'busy',
  ) {
    super(reason === 'busy' ? `The database stayed busy for ${waitedMs} ms` : `The database was unreachable for ${waitedMs} ms`);
    this.name = 'DatabaseBusyError';
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Whether an error means the database server cannot be reached right now (worth waiting for, like busy). */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return !!e && ((e.code !== undefined && UNREACHABLE.has(e.code)) || /Connection terminated/.test(e.message ?? ''));
}

const BUSY_SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED']);

/**
 * PostgreSQL: lock_timeout (55P03), too many connections (53300), and the two conflicts it resolves by aborting
 * one transaction whole, a deadlock (40P01) and a serialization failure (40001, under repeatable read or
 * serializable isolation): nothing of the aborted one was written, so running it again is safe.
 */
const BUSY_POSTGRES = new Set(['55P03', '53300', '40P01', '40001']);

/** Whether an error means "another writer holds the lock, won a conflict, or took the last connection", worth waiting for. */
export function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && (BUSY_SQLITE.has(e.code) || BUSY_POSTGRES.has(e.code))) return true;
  // The pool's connection timeout.
  return /timeout exceeded when trying to connect/.test(e.message ?? '');
}

// Compiled once: a transaction per group commit would otherwise build and compile each of them again.
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WriteOptions {
  /**
   * Whether the commit must survive power loss before this returns (default true: an acknowledgement
   * depends on it). False for what the relay can redo or lose safely (attempt records, which at worst mean
   * one more attempt; leases; pruning; the rejection log): on SQLite the commit then returns without
   * waiting for the WAL's fsync (it is safe from a crash of the process at once, and the next durable
   * commit's sync covers it); PostgreSQL commits as always.
   */
  readonly durable?: boolean;
}

/**
 * Runs `fn` in one write transaction. SQLite: BEGIN IMMEDIATE, so the write lock is taken first (a
 * deferred transaction that reads, then writes, fails at once when another process writes, without
 * waiting), retried asynchronously so a lock held by another process never blocks the event loop.
 * PostgreSQL: an ordinary transaction (the pool and lock_timeout bound the wait). Either way a lock
 * held for longer than the busy timeout is a DatabaseBusyError, and nothing was written.
 */
export function writeTransaction<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  return whileBusy(db, async () => {
    if (db.kind === 'postgres') return db.kysely.transaction().execute((trx: Transaction<Database>) => fn(trx));
    const result = await db.kysely.connection().execute(async (conn) => {
      await conn.executeQuery(BEGIN_IMMEDIATE);
      try {
        const r = await fn(conn);
        await conn.executeQuery(COMMIT);
        return r;
      } catch (err) {
        await conn.executeQuery(ROLLBACK).catch(() => undefined);
        throw err;
      }
    });
    // Outside the connection: other queries run while the WAL is synced.
    if (options.durable !== false && db.walSync) await db.walSync.sync();
    return result;
  });
}

/**
 * One PostgreSQL statement that writes, run on its own (autocommit: a statement is its own transaction),
 * with writeTransaction's waiting for a busy or unreachable database. One round trip instead of three
 * (begin, the statement, commit).
 */
export function writeStatement<T>(db: Db, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return whileBusy(db, () => fn(db.kysely));
}

/** Runs `write` again while the database is busy or unreachable, for up to its busy timeout. */
async function whileBusy<T>(db: Db, write: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const unreachable = isUnreachable(err);
      if (!unreachable && !isBusy(err)) throw err;
      const waited = Date.now() - started;
      if (waited >= db.busyTimeoutMs) throw new DatabaseBusyError(waited, unreachable ? 'unreachable' : 'busy');
      await pause(Math.min(db.busyTimeoutMs - waited, 5 + Math.random() * 20 * Math.min(attempt + 1, 5)));
    }
  }
}

/**
 * Which better-sqlite3 build the relay opens SQLite with, by Node.js version.
 * - Node 22 and later: better-sqlite3 13 (Node-API, prebuilt in its package, no install script), installed
 *   under the alias `better-sqlite3-napi`. better-sqlite3 12 on Node 24 can abort the process when the
 *   garbage collector finalizes a statement outside a JavaScript context (Node 24's ObjectWrap asserts
 *   an Environment in its destructor); 13 no longer uses that ObjectWrap.
 * - Node 20: better-sqlite3 12 (13 requires Node 22 and crashes on 20), where that abort cannot happen.
 */
type BetterSqlite3 = typeof import('better-sqlite3');

export const SQLITE_DRIVER_FOR_CURRENT_NODE = Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

/** Where the driver of loadSqliteDriver() is, for a worker thread to load the same build. */
export function sqliteDriverPath(): string {
  return SQLITE_DRIVER_FOR_CURRENT_NODE === 'better-sqlite3-napi'
    ? require.resolve('better-sqlite3-napi')
    : require.resolve('better-sqlite3');
}

export function loadSqliteDriver(): BetterSqlite3 {
  // Literal requires, one per build, so bundlers keep both as external packages.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (SQLITE_DRIVER_FOR_CURRENT_NODE === 'better-sqlite3-napi') return require('better-sqlite3-napi') as BetterSqlite3;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('better-sqlite3') as BetterSqlite3;
}

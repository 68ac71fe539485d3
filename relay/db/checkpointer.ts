import { Worker } from 'node:worker_threads';

/** SQLite's own default: a commit that finds this many pages in the WAL checkpoints them itself. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** While the background checkpointer runs, commits checkpoint only as a safety net: ~40 MB of WAL. */
const SAFETY_NET_AUTOCHECKPOINT_PAGES = 10_000;
const INTERVAL_MS = 100;

/**
 * The worker, as source (an eval worker: the bundled relay ships no extra file for it). It opens the same
 * file with its own connection and checkpoints PASSIVE-ly — never waiting for the relay's writer or readers —
 * on an interval. With synchronous=NORMAL a checkpoint syncs the WAL before and the database after, as the
 * commit that ran it would have.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { timeout: 0, fileMustExist: true });
db.exec('pragma synchronous = NORMAL');
let timer;
const tick = () => {
  try { db.exec('pragma wal_checkpoint(PASSIVE)'); } catch {}
  timer = setTimeout(tick, workerData.intervalMs);
};
tick();
parentPort.on('message', () => { clearTimeout(timer); db.close(); parentPort.close(); });
`;

interface Pragmas {
  exec(sql: string): unknown;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the commit that finds 1000 pages in the WAL
 * copies them into the database file and fsyncs it, inside better-sqlite3's synchronous call: about a tenth
 * of the relay's main-thread CPU under sustained ingest (bench: 464 against 512 µs per request with no
 * checkpoints at all). A worker thread checkpoints instead; the relay's own connection keeps a safety net
 * (10,000 pages) should the worker fall behind, and goes back to SQLite's default if the worker fails.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopped = false;

  constructor(file: string, driverPath: string, relayConnection: Pragmas) {
    relayConnection.exec(`pragma wal_autocheckpoint = ${SAFETY_NET_AUTOCHECKPOINT_PAGES}`);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath, intervalMs: INTERVAL_MS } });
    this.worker.unref();
    this.exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('error', () => {
      if (this.stopped) return;
      try {
        relayConnection.exec(`pragma wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      } catch {
        // The relay's connection is closed already (closed without stop()): it has nothing left to checkpoint.
      }
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.postMessage('stop');
    await Promise.race([this.exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.worker.terminate();
  }
}

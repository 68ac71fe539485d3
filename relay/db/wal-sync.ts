import { closeSync, fdatasync, openSync, promises as fs } from 'node:fs';

/** The file operations WalSync uses (a test counts them). */
export interface WalFiles {
  /** The inode now at `path`. */
  inode(path: string): Promise<number>;
  open(path: string): number;
  close(fd: number): void;
  /** fdatasync on libuv's thread pool. */
  datasync(fd: number): Promise<void>;
}

export const walFiles: WalFiles = {
  inode: async (path) => (await fs.stat(path)).ino,
  open: (path) => openSync(path, 'r'),
  close: (fd) => closeSync(fd),
  datasync: (fd) => new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
};

/**
 * Makes committed SQLite transactions durable without blocking the event loop. The connection runs with
 * synchronous=NORMAL (in WAL mode a commit then writes its frames to the -wal file without syncing it);
 * a durable commit then awaits `sync()`, an fdatasync of that file on libuv's thread pool: the same
 * fsync SQLite's synchronous=FULL would make inside the commit, while the process goes on. Syncs are
 * shared: every commit made before a sync starts is covered by it, so one fsync acknowledges a whole
 * batch (group commit), and a commit made while one runs waits for the next.
 */
export class WalSync {
  private fd: number | undefined;
  private ino = 0;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly walPath: string,
    private readonly files: WalFiles = walFiles,
  ) {}

  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.fsync().finally(() => (this.running = undefined));
      return this.running;
    }
    // The running sync may have started before this caller's commit: it needs the one after.
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.sync();
    });
    return this.next;
  }

  private async fsync(): Promise<void> {
    // fdatasync is per file, not per descriptor: syncing our own descriptor flushes what SQLite wrote.
    // Reopened if the -wal file was replaced (SQLite deletes it only when the last connection closes).
    const current = await this.files.inode(this.walPath);
    if (this.fd === undefined || current !== this.ino) {
      if (this.fd !== undefined) this.files.close(this.fd);
      this.fd = undefined; // should the open below throw, no closed descriptor is kept (or closed again)
      this.fd = this.files.open(this.walPath);
      this.ino = current;
    }
    await this.files.datasync(this.fd);
  }

  async close(): Promise<void> {
    await this.running;
    await this.next;
    if (this.fd !== undefined) this.files.close(this.fd);
    this.fd = undefined;
  }
}

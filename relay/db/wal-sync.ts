import { promises as fs } from 'node:fs';

type FileHandle = fs.FileHandle;

/**
 * Makes committed SQLite transactions durable without blocking the event loop. The connection runs with
 * synchronous=NORMAL (in WAL mode a commit then writes its frames to the -wal file without syncing it);
 * a durable commit then awaits `sync()`, an fdatasync of that file on libuv's thread pool: the same
 * fsync SQLite's synchronous=FULL would make inside the commit, while the process goes on. Syncs are
 * shared: every commit made before a sync starts is covered by it, so one fsync acknowledges a whole
 * batch (group commit), and a commit made while one runs waits for the next.
 */
export class WalSync {
  private handle: FileHandle | undefined;
  private ino = 0;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly walPath: string) {}

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
    const current = await fs.stat(this.walPath);
    if (!this.handle || current.ino !== this.ino) {
      await this.handle?.close();
      this.handle = await fs.open(this.walPath, 'r');
      this.ino = current.ino;
    }
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.running;
    await this.next;
    await this.handle?.close();
    this.handle = undefined;
  }
}

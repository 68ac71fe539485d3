import type { Db } from '../db/connect';
import { EventStore } from './events';
import { HookStore } from './hooks';
import { QueueStore } from './queue';
import { RejectionStore } from './rejections';
import { RetentionStore } from './retention';
import { SourceStore } from './sources';

/** The relay's database, by job: each part owns its tables' queries (SQLite and PostgreSQL alike). */
export class Store {
  readonly sources: SourceStore;
  readonly events: EventStore;
  readonly hooks: HookStore;
  readonly queue: QueueStore;
  readonly rejections: RejectionStore;
  readonly retention: RetentionStore;

  constructor(readonly db: Db) {
    this.sources = new SourceStore(db);
    this.events = new EventStore(db);
    this.hooks = new HookStore(db);
    this.queue = new QueueStore(db);
    this.rejections = new RejectionStore(db);
    this.retention = new RetentionStore(db);
  }

  async close(): Promise<void> {
    await this.rejections.flush();
    await this.db.walSync?.close();
    await this.db.checkpointer?.stop();
    await this.db.kysely.destroy();
  }
}

export type { Claimed, Outcome, Want } from './queue';
export type { Hook, HookTarget } from './hooks';
export type { IngestMeta, IngestResult, StoredEvent } from './events';
export { StorageError } from './events';

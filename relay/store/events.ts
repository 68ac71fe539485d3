import type { Kysely } from 'kysely';
import { getPlatform, isPlatformId, type RelayEvent } from '../../shared';
import type { Db } from '../db/connect';
import type { Database, EventsTable } from '../db/schema';
import { DatabaseBusyError, writeStatement, writeTransaction } from '../db/write';
import { loadedHops, storedHops } from '../hops';
import { eventBody, renderStored } from './event-body';
import { IngestStatements } from './ingest-statements';
import { activeHooks, hookWants, toSelector, type HookSelector } from './hooks';

/** `deliveries`: how many subscriber deliveries the event queued; `hookIds`: to which hooks. */
export interface IngestResult {
  readonly id: string;
  readonly duplicate: boolean;
  readonly deliveries: number;
  readonly hookIds: readonly string[];
}

/** What ingest knows of a delivery beyond its event. */
export interface IngestMeta {
  /** The `hookline-hop` chain it arrived with (its fan-outs carry it on). */
  readonly hops?: readonly string[];
  /** What its signature covers (the core's `replayKey`): a second delivery with the same one is a replay. */
  readonly replayKey?: string;
  /** The headers as received, already masked (received-headers.ts), shown on the event's page. */
  readonly receivedHeaders?: Readonly<Record<string, string>>;
}

/** A stored event with the `hookline-hop` chain it arrived with. */
export interface StoredEvent {
  readonly event: RelayEvent;
  readonly hops: readonly string[];
}

/** This delivery alone could not be stored (the rest of its group commit was). */
export class StorageError extends Error {
  constructor(override readonly cause: unknown) {
    super('The delivery could not be stored');
    this.name = 'StorageError';
  }
}

interface Pending {
  readonly event: RelayEvent;
  readonly row: EventsTable;
  readonly resolve: (r: IngestResult) => void;
  readonly reject: (e: unknown) => void;
}

/** What a group commit stored: the ids of the events it stored (the others are duplicates), and each event's hooks. */
interface Stored {
  readonly fresh: ReadonlySet<string>;
  readonly hookIds: readonly string[][];
}

/** Each event of the batch (of `only` when given) with each of its hooks: the deliveries it queues. */
function deliveryPairs(batch: readonly Pending[], hookIds: readonly string[][], only?: ReadonlySet<string>) {
  return batch.flatMap(({ event }, i) => (only && !only.has(event.id) ? [] : hookIds[i]!.map((hookId) => ({ eventId: event.id, hookId }))));
}

const MAX_BATCH = 200;
const DELIVERY_ROWS_PER_INSERT = 500;

const isOpen = (platform: string) => isPlatformId(platform) && getPlatform(platform).openEvents === true;

/** Events: the group-committed ingest, the listing and the replay. */
export class EventStore {
  private readonly db: Kysely<Database>;
  private queue: Pending[] = [];
  private flushers = 0;
  /** Commits in flight at once: SQLite has one writer; PostgreSQL overlaps a few (each waits for its WAL flush). */
  private readonly maxFlushers: number;

  private readonly statements: IngestStatements;

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
    this.statements = new IngestStatements(this.db);
    this.maxFlushers = conn.kind === 'postgres' ? 4 : 1;
  }

  /**
   * Stores an event and one pending delivery per matching hook: when this resolves the event is durable.
   * A repeated platform delivery id, or a repeated replay key, of one source is stored once and reported as
   * a duplicate (a duplicate is an answer, never a failure of the batch). Concurrent calls share one
   * transaction (group commit), so one fsync covers a batch of acknowledgements. When the batch fails, each
   * of its events is retried alone, so one that cannot be stored fails with its own StorageError; a
   * database busy past its timeout fails them all with DatabaseBusyError (nothing was written).
   */
  ingest(event: RelayEvent, dataJson: string, meta: IngestMeta = {}): Promise<IngestResult> {
    let body: string;
    try {
      body = eventBody(event, dataJson);
    } catch (err) {
      return Promise.reject(new StorageError(err));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({
        event,
        row: {
          id: event.id,
          source_id: event.source,
          platform: event.platform,
          type: event.type,
          delivery_id: event.deliveryId,
          occurred_at: event.occurredAt,
          received_at: Date.parse(event.receivedAt),
          body,
          hops: storedHops(meta.hops ?? []),
          replay_key: meta.replayKey ?? null,
          headers: meta.receivedHeaders ? JSON.stringify(meta.receivedHeaders) : null,
        },
        resolve,
        reject,
      });
      if (this.flushers >= this.maxFlushers) return;
      this.flushers++;
      // Wait one turn of the event loop so requests that arrived together share the commit.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        this.answer(batch, await this.store(batch));
      } catch (err) {
        if (err instanceof DatabaseBusyError || batch.length === 1) {
          for (const item of batch) item.reject(err instanceof DatabaseBusyError ? err : new StorageError(err));
          continue;
        }
        for (const item of batch) {
          try {
            this.answer([item], await this.store([item]));
          } catch (one) {
            item.reject(one instanceof DatabaseBusyError ? one : new StorageError(one));
          }
        }
      }
    }
    this.flushers--;
  }

  /**
   * One group commit: it has committed when this resolves, and nothing of it when this fails. SQLite: a transaction
   * reads the hooks, inserts the events, then the fresh ones' deliveries. PostgreSQL: the hooks are read, then one
   * statement (its own transaction) inserts the events and the fresh ones' deliveries: two round trips instead of
   * five. Reading the hooks first is what the transaction did too, as each statement of a read-committed
   * transaction sees what was committed when it began.
   */
  private store(batch: readonly Pending[]): Promise<Stored> {
    if (this.conn.kind === 'sqlite') return writeTransaction(this.conn, (trx) => this.insertOwned(trx, batch));
    return writeStatement(this.conn, async (db) => {
      const hookIds = await this.matchingHooks(db, batch);
      const rows = batch.map(({ row }) => row);
      const stored = (await db.executeQuery(this.statements.eventsWithDeliveries(rows, deliveryPairs(batch, hookIds), Date.now()))).rows;
      return { fresh: new Set(stored.map((r) => r.id)), hookIds };
    });
  }

  private async insertOwned(trx: Kysely<Database>, batch: readonly Pending[]): Promise<Stored> {
    const hookIds = await this.matchingHooks(trx, batch);
    const inserted = (await trx.executeQuery(this.statements.events(batch.map(({ row }) => row)))).rows;
    const fresh = new Set(inserted.map((r) => r.id));
    const now = Date.now();
    const deliveries = deliveryPairs(batch, hookIds, fresh);
    for (let i = 0; i < deliveries.length; i += DELIVERY_ROWS_PER_INSERT)
      await trx.executeQuery(this.statements.deliveries(deliveries.slice(i, i + DELIVERY_ROWS_PER_INSERT), now));
    return { fresh, hookIds };
  }

  /** For each event of the batch, the active hooks that take it. */
  private async matchingHooks(db: Kysely<Database>, batch: readonly Pending[]): Promise<string[][]> {
    const sources = [...new Set(batch.map(({ event }) => event.source))];
    const hooks = (await db.executeQuery(this.statements.hooksTaking(sources))).rows.map(toSelector);
    return batch.map(({ event }) => matching(hooks, event).map((h) => h.id));
  }

  /**
   * Answers each event of a committed batch: queued for its hooks when it was stored; else, a duplicate, with the
   * id of the event it repeats, looked up after the commit, so a failed lookup fails that duplicate alone (it was
   * not stored) and never the events the commit stored.
   */
  private answer(batch: readonly Pending[], { fresh, hookIds }: Stored): void {
    batch.forEach(({ event, row, resolve, reject }, i) => {
      if (fresh.has(event.id)) return resolve({ id: event.id, duplicate: false, deliveries: hookIds[i]!.length, hookIds: hookIds[i]! });
      this.db
        .selectFrom('events')
        .select('id')
        .where('source_id', '=', event.source)
        .where((eb) =>
          row.replay_key === null
            ? eb('delivery_id', '=', event.deliveryId)
            : eb.or([eb('delivery_id', '=', event.deliveryId), eb('replay_key', '=', row.replay_key)]),
        )
        .executeTakeFirstOrThrow()
        .then(
          (original) => resolve({ id: original.id, duplicate: true, deliveries: 0, hookIds: [] }),
          (err: unknown) => reject(new StorageError(err)),
        );
    });
  }

  /**
   * Queues a stored event again for the hooks that match it now; `owner` (a key id) limits that to the
   * hooks it created. Undefined when there is no such event.
   */
  async replay(eventId: string, owner?: string): Promise<{ deliveries: number; hookIds: string[] } | undefined> {
    return writeTransaction(this.conn, async (trx) => {
      const row = await trx
        .selectFrom('events')
        .select(['id', 'source_id', 'platform', 'type', 'body'])
        .where('id', '=', eventId)
        .executeTakeFirst();
      if (!row) return undefined;
      let active = activeHooks(trx);
      if (owner !== undefined) active = active.where('owner', '=', owner);
      const hooks = (await active.execute()).map(toSelector);
      const known = knownOf(row.body);
      const hookIds = matching(hooks, { source: row.source_id, platform: row.platform, type: row.type, known }).map((h) => h.id);
      if (hookIds.length === 0) return { deliveries: 0, hookIds };
      const now = Date.now();
      await trx
        .insertInto('deliveries')
        .values(hookIds.map((hook_id) => ({ event_id: row.id, hook_id, status: 'pending' as const, attempts: 0, next_attempt_at: now })))
        .onConflict((oc) =>
          oc
            .columns(['event_id', 'hook_id'])
            .doUpdateSet({ status: 'pending', next_attempt_at: now, claimed_until: null, claimed_by: null, finished_at: null }),
        )
        .execute();
      return { deliveries: hookIds.length, hookIds };
    });
  }

  /** One stored event (rendered as a listing renders it) with the hop chain it arrived with. */
  async get(id: string): Promise<StoredEvent | undefined> {
    const row = await this.db
      .selectFrom('events')
      .select([...LISTED, 'hops'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { event: JSON.parse(renderStored(row)) as RelayEvent, hops: loadedHops(row.hops) } : undefined;
  }
}

const LISTED = ['id', 'source_id', 'platform', 'type', 'delivery_id', 'occurred_at', 'received_at', 'body'] as const;

function matching<H extends HookSelector>(
  hooks: readonly H[],
  event: { source: string; platform: string; type: string; known: boolean },
): H[] {
  const open = isOpen(event.platform);
  return hooks.filter((h) => hookWants(h, event, open));
}

/** The stored envelope's `known` flag (a body that cannot be read counts as unknown). */
function knownOf(body: string): boolean {
  try {
    return (JSON.parse(body) as { known?: unknown }).known !== false;
  } catch {
    return false;
  }
}

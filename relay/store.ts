import type { Kysely, Transaction } from 'kysely';
import type { SourceConfig } from './config';
import type { Db } from './db/connect';
import type { Database, DeliveriesTable, HooksTable } from './db/schema';
import { scopeIncludes } from './auth/scope';
import { loadedHops, storedHops } from './hops';
import { newId, newWebhookSecret } from './ids';
import { eventSelection, selects, type KeyScope, type RelayEvent, type RelayHook } from '../shared';

export type { RelayEvent } from '../shared';
export type Hook = RelayHook;

/** `deliveries`: how many subscriber deliveries the event queued. */
export interface IngestResult {
  readonly id: string;
  readonly duplicate: boolean;
  readonly deliveries: number;
}

export type Claimed = Pick<DeliveriesTable, 'event_id' | 'hook_id' | 'attempts'> & { id: number };
export type HookSigning = Pick<HooksTable, 'url' | 'secret' | 'status' | 'previous_secret' | 'previous_secret_expires_at'>;

/** What ingest knows of a delivery beyond its event. */
export interface IngestMeta {
  /** The `hookline-hop` chain it arrived with. */
  readonly hops?: readonly string[];
  /** What its signature covers (the core's `replayKey`): a second delivery with the same one is a replay. */
  readonly replayKey?: string;
  /** The headers as received, already masked (received-headers.ts), shown on the event's page. */
  readonly receivedHeaders?: Readonly<Record<string, string>>;
}

/** An event as fan-out sends it: with the `hookline-hop` chain it arrived with. */
export interface StoredEvent {
  readonly event: RelayEvent;
  readonly hops: readonly string[];
}

const REJECTION_LOG_LIMIT = 1000;

function toHook(row: HooksTable): Hook {
  return {
    id: row.id,
    owner: row.owner,
    url: row.url,
    source: row.source_id,
    platform: row.platform,
    events: JSON.parse(row.events) as string[],
    status: row.status,
    disabledReason: row.disabled_reason,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

function matches(hook: HooksTable, event: RelayEvent): boolean {
  if (hook.status !== 'active') return false;
  if (hook.source_id !== null && hook.source_id !== event.source) return false;
  if (hook.platform !== null && hook.platform !== event.platform) return false;
  if (hook.scope !== null && !scopeIncludes(JSON.parse(hook.scope) as KeyScope, { id: event.source, platform: event.platform })) return false;
  return selects(eventSelection(JSON.parse(hook.events) as string[]), event.type);
}

/** Every query the relay makes, through one query builder for SQLite and PostgreSQL. */
export class Store {
  private readonly db: Kysely<Database>;

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
  }

  async upsertSource(source: SourceConfig): Promise<void> {
    const row = { id: source.id, platform: source.platform, config: JSON.stringify(source), created_at: Date.now() };
    await this.db.insertInto('sources').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ platform: row.platform, config: row.config })).execute();
    this.sourceCache.delete(source.id);
  }

  private readonly sourceCache = new Map<string, { source: SourceConfig | undefined; until: number }>();

  /** Cached for a second: changes made through another instance apply within that time. */
  async getSource(id: string): Promise<SourceConfig | undefined> {
    const cached = this.sourceCache.get(id);
    const now = Date.now();
    if (cached && cached.until > now) return cached.source;
    const source = await this.loadSource(id);
    if (this.sourceCache.size > 10_000) this.sourceCache.clear();
    this.sourceCache.set(id, { source, until: now + 1000 });
    return source;
  }

  private async loadSource(id: string): Promise<SourceConfig | undefined> {
    const row = await this.db.selectFrom('sources').select('config').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.config) as SourceConfig) : undefined;
  }

  async listSources(): Promise<SourceConfig[]> {
    const rows = await this.db.selectFrom('sources').select('config').orderBy('created_at').execute();
    return rows.map((r) => JSON.parse(r.config) as SourceConfig);
  }

  async deleteSource(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('sources').where('id', '=', id).executeTakeFirst();
    this.sourceCache.delete(id);
    return Number(r.numDeletedRows) > 0;
  }

  private queue: { event: RelayEvent; meta: IngestMeta; resolve: (r: IngestResult) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  /**
   * Stores an event and one pending delivery per matching hook: when this resolves the event is durable.
   * A repeated platform delivery id, or a repeated replay key, of one source is stored once and reported as
   * a duplicate. Concurrent calls share one transaction (group commit), so one fsync covers a batch of
   * acknowledgements.
   */
  ingest(event: RelayEvent, meta: IngestMeta = {}): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, meta, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      // Wait one turn of the event loop so requests that arrived together share the commit.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    // Each round commits what queued up during the previous one (at most 200 events per transaction).
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 200);
      try {
        const results = await this.db.transaction().execute(async (trx) => {
          const hooks = await trx.selectFrom('hooks').selectAll().where('status', '=', 'active').execute();
          const out: IngestResult[] = [];
          for (const { event, meta } of batch) out.push(await this.insertEvent(trx, event, meta, hooks));
          return out;
        });
        batch.forEach((item, i) => item.resolve(results[i]!));
      } catch (err) {
        for (const item of batch) item.reject(err);
      }
    }
    this.flushing = false;
  }

  private async insertEvent(trx: Transaction<Database>, event: RelayEvent, meta: IngestMeta, hooks: HooksTable[]): Promise<IngestResult> {
    const replayKey = meta.replayKey ?? null;
    const inserted = await trx
      .insertInto('events')
      .values({
        id: event.id,
        source_id: event.source,
        platform: event.platform,
        type: event.type,
        delivery_id: event.deliveryId,
        occurred_at: event.occurredAt,
        received_at: Date.parse(event.receivedAt),
        body: JSON.stringify(event),
        hops: storedHops(meta.hops ?? []),
        replay_key: replayKey,
        headers: meta.receivedHeaders ? JSON.stringify(meta.receivedHeaders) : null,
      })
      // Either unique key, (source, delivery id) or (source, replay key), makes it a duplicate.
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      const existing = await trx
        .selectFrom('events')
        .select('id')
        .where('source_id', '=', event.source)
        .where((eb) => (replayKey === null ? eb('delivery_id', '=', event.deliveryId) : eb.or([eb('delivery_id', '=', event.deliveryId), eb('replay_key', '=', replayKey)])))
        .executeTakeFirstOrThrow();
      return { id: existing.id, duplicate: true, deliveries: 0 };
    }
    return { id: event.id, duplicate: false, deliveries: await this.enqueue(trx, event, hooks) };
  }

  private async enqueue(trx: Transaction<Database>, event: RelayEvent, activeHooks?: HooksTable[]): Promise<number> {
    const hooks = (activeHooks ?? (await trx.selectFrom('hooks').selectAll().where('status', '=', 'active').execute())).filter((h) => matches(h, event));
    if (hooks.length === 0) return 0;
    const now = Date.now();
    await trx
      .insertInto('deliveries')
      .values(hooks.map((h) => ({ event_id: event.id, hook_id: h.id, status: 'pending' as const, attempts: 0, next_attempt_at: now, claimed_until: null, claimed_by: null, last_status: null, last_error: null, delivered_at: null })))
      .onConflict((oc) => oc.columns(['event_id', 'hook_id']).doUpdateSet({ status: 'pending', next_attempt_at: now, claimed_until: null, claimed_by: null }))
      .execute();
    return hooks.length;
  }

  /** Queues the event again for the hooks that match it now; `owner` (a key id) limits that to its hooks. */
  async replay(eventId: string, owner?: string): Promise<number | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('events').select('body').where('id', '=', eventId).executeTakeFirst();
      if (!row) return undefined;
      let hooks = trx.selectFrom('hooks').selectAll().where('status', '=', 'active');
      if (owner !== undefined) hooks = hooks.where('owner', '=', owner);
      return this.enqueue(trx, JSON.parse(row.body) as RelayEvent, await hooks.execute());
    });
  }

  async recentEvents(filter: { platform?: string; type?: string; source?: string; limit: number }): Promise<RelayEvent[]> {
    let q = this.db.selectFrom('events').select('body');
    if (filter.platform) q = q.where('platform', '=', filter.platform);
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.source) q = q.where('source_id', '=', filter.source);
    const rows = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => JSON.parse(r.body) as RelayEvent);
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    const row = await this.db.selectFrom('events').select(['body', 'hops']).where('id', '=', id).executeTakeFirst();
    return row ? { event: JSON.parse(row.body) as RelayEvent, hops: loadedHops(row.hops) } : undefined;
  }

  /** `owner` and `scope`: the subscriber key creating it and its scope, which limits what it receives (null for the admin key). */
  async createHook(input: { url: string; source: string | null; platform: string | null; events: string[]; owner: string | null; scope: KeyScope | null }): Promise<Hook & { secret: string }> {
    const row: HooksTable = {
      id: newId('hook'),
      url: input.url,
      secret: newWebhookSecret(),
      source_id: input.source,
      platform: input.platform,
      events: JSON.stringify(input.events),
      status: 'active',
      disabled_reason: null,
      consecutive_failures: 0,
      created_at: Date.now(),
      owner: input.owner,
      scope: input.scope === null ? null : JSON.stringify(input.scope),
      previous_secret: null,
      previous_secret_expires_at: null,
      last_failure_at: null,
    };
    await this.db.insertInto('hooks').values(row).execute();
    return { ...toHook(row), secret: row.secret };
  }

  /** Every hook, or those `owner` (a key id) created. */
  async listHooks(owner?: string): Promise<Hook[]> {
    let q = this.db.selectFrom('hooks').selectAll();
    if (owner !== undefined) q = q.where('owner', '=', owner);
    return (await q.orderBy('created_at').execute()).map(toHook);
  }

  async getHook(id: string): Promise<Hook | undefined> {
    const row = await this.db.selectFrom('hooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toHook(row) : undefined;
  }

  async hookSecret(id: string): Promise<HookSigning | undefined> {
    return this.db.selectFrom('hooks').select(['url', 'secret', 'status', 'previous_secret', 'previous_secret_expires_at']).where('id', '=', id).executeTakeFirst();
  }

  /** Deletes a hook and its pending deliveries; answers whether it existed. */
  async deleteHook(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('deliveries').set({ status: 'failed', last_error: 'hook deleted' }).where('hook_id', '=', id).where('status', '=', 'pending').execute();
      const r = await trx.deleteFrom('hooks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  /**
   * Leases up to `limit` due deliveries to `worker` until `now + leaseMs`. PostgreSQL skips rows other
   * instances hold (FOR UPDATE SKIP LOCKED); SQLite has a single writer. An expired lease (a crashed
   * instance) makes the delivery claimable again.
   */
  async claimDue(worker: string, now: number, leaseMs: number, limit: number): Promise<Claimed[]> {
    return this.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(limit);
      if (this.conn.kind === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((r) => Number(r.id));
      if (ids.length === 0) return [];
      return (await trx
        .updateTable('deliveries')
        .set({ claimed_until: now + leaseMs, claimed_by: worker })
        .where('id', 'in', ids)
        .returning(['id', 'event_id', 'hook_id', 'attempts'])
        .execute()) as Claimed[];
    });
  }

  /** Frees every lease; only for SQLite, where one process owns the file (after a crash, at start). */
  async releaseAllClaims(): Promise<void> {
    await this.db.updateTable('deliveries').set({ claimed_until: null, claimed_by: null }).where('status', '=', 'pending').where('claimed_until', 'is not', null).execute();
  }

  async recordAttempt(delivery: Claimed, outcome: { status: number | null; error: string | null; durationMs: number; at: number; responseExcerpt?: string | null }): Promise<void> {
    await this.db
      .insertInto('attempts')
      .values({ delivery_id: delivery.id, attempt: delivery.attempts + 1, at: outcome.at, status: outcome.status, error: outcome.error, duration_ms: Math.round(outcome.durationMs), response_excerpt: outcome.responseExcerpt ?? null })
      .execute();
  }

  async markDelivered(delivery: Claimed, status: number, at: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('deliveries').set({ status: 'delivered', attempts: delivery.attempts + 1, last_status: status, last_error: null, delivered_at: at, claimed_until: null }).where('id', '=', delivery.id).execute();
      // Only touch the hook row after failures: otherwise every delivery would queue on its row lock.
      await trx.updateTable('hooks').set({ consecutive_failures: 0 }).where('id', '=', delivery.hook_id).where('consecutive_failures', '>', 0).execute();
    });
  }

  /** A failed attempt: retry at `retryAt`, or give up (null); disables the hook after `maxConsecutive` failures. */
  async markFailed(delivery: Claimed, failure: { status: number | null; error: string; retryAt: number | null; disableHook: string | null; maxConsecutive: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('deliveries')
        .set({
          status: failure.retryAt === null || failure.disableHook ? 'failed' : 'pending',
          attempts: delivery.attempts + 1,
          next_attempt_at: failure.retryAt ?? Date.now(),
          claimed_until: null,
          last_status: failure.status,
          last_error: failure.error,
        })
        .where('id', '=', delivery.id)
        .execute();
      const hook = await trx.selectFrom('hooks').select(['consecutive_failures']).where('id', '=', delivery.hook_id).executeTakeFirst();
      if (!hook) return;
      const failures = hook.consecutive_failures + 1;
      const reason = failure.disableHook ?? (failures >= failure.maxConsecutive ? `${failures} consecutive failed attempts` : null);
      await trx
        .updateTable('hooks')
        .set(reason ? { consecutive_failures: failures, last_failure_at: Date.now(), status: 'disabled', disabled_reason: reason } : { consecutive_failures: failures, last_failure_at: Date.now() })
        .where('id', '=', delivery.hook_id)
        .execute();
      if (reason) await trx.updateTable('deliveries').set({ status: 'failed', last_error: `hook disabled: ${reason}` }).where('hook_id', '=', delivery.hook_id).where('status', '=', 'pending').execute();
    });
  }

  async deliveryStats(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('deliveries').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async logRejection(sourceId: string, code: string, status: number, message: string): Promise<void> {
    const r = await this.db.insertInto('rejections').values({ source_id: sourceId.slice(0, 64), at: Date.now(), code, status, message: message.slice(0, 300) }).returning('id').executeTakeFirst();
    if (r && Number(r.id) % 100 === 0) await this.db.deleteFrom('rejections').where('id', '<=', Number(r.id) - REJECTION_LOG_LIMIT).execute();
  }

  async recentRejections(limit: number): Promise<{ source: string; at: string; code: string; status: number; message: string }[]> {
    const rows = await this.db.selectFrom('rejections').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ source: r.source_id, at: new Date(Number(r.at)).toISOString(), code: r.code, status: r.status, message: r.message }));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

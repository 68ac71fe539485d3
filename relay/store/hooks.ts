import type { Kysely } from 'kysely';
import { eventSelection, selects, type EventSelection, type KeyScope, type RelayHook } from '../../shared';
import { scopeIncludes } from '../auth/scope';
import type { Db } from '../db/connect';
import type { Database, HooksTable } from '../db/schema';
import { writeTransaction } from '../db/write';
import { newId, newWebhookSecret } from '../ids';

export type Hook = RelayHook;

/** The hooks that take events now: the fan-out's lanes, and the hooks ingest and replay queue deliveries for. */
export const activeHooks = (db: Kysely<Database>) => db.selectFrom('hooks').selectAll().where('status', '=', 'active');

// Lock order. Every write that changes a hook and its deliveries together takes the hook's row first, then the
// deliveries': the attempts' outcome statement on PostgreSQL does (its hooks update is the main statement, which
// PostgreSQL runs before the data-modifying WITH clauses nothing reads), and another order deadlocks with an
// instance recording an attempt of that hook.

/** The reason a hook disabled by hand carries. */
export const OPERATOR_DISABLED = 'disabled by an operator';

/** A hook as the fan-out and ingest use it: its destination, secret, limits and parsed selection. */
export interface HookTarget {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  /** During a secret rotation: the previous secret, which also signs until it expires (unix ms). */
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: number | null;
  readonly sourceId: string | null;
  readonly platform: string | null;
  readonly selection: EventSelection;
  /** The scope of the subscriber key that created it (null: the admin key's, which sees everything). */
  readonly scope: KeyScope | null;
  readonly concurrency: number | null;
  readonly rateLimit: { readonly perSecond: number; readonly burst: number } | null;
}

/** What decides whether a hook takes an event (hookWants): all ingest reads of a hook in each group commit. */
export type HookSelector = Pick<HookTarget, 'id' | 'sourceId' | 'platform' | 'selection' | 'scope'>;

/** The hooks columns a HookSelector is made of. */
export const SELECTOR_COLUMNS = ['id', 'source_id', 'platform', 'events', 'scope'] as const satisfies readonly (keyof HooksTable)[];

export function toSelector(row: Pick<HooksTable, (typeof SELECTOR_COLUMNS)[number]>): HookSelector {
  return {
    id: row.id,
    sourceId: row.source_id,
    platform: row.platform,
    selection: selectionOf(row.events),
    scope: row.scope === null ? null : scopeOf(row.scope),
  };
}

export interface NewHook {
  readonly url: string;
  readonly source: string | null;
  readonly platform: string | null;
  readonly events: string[];
  /** The subscriber key creating it (null: the admin key). */
  readonly owner: string | null;
  /** That key's scope, which limits what the hook receives (null for the admin key). */
  readonly scope: KeyScope | null;
  readonly concurrency?: number;
  readonly rateLimit?: { readonly perSecond: number; readonly burst?: number };
}

const rateLimitOf = (row: Pick<HooksTable, 'rate_per_second' | 'rate_burst'>) =>
  row.rate_per_second
    ? { perSecond: Number(row.rate_per_second), burst: Number(row.rate_burst ?? Math.max(1, Math.ceil(row.rate_per_second))) }
    : null;

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
    concurrency: row.concurrency === null ? null : Number(row.concurrency),
    rateLimit: rateLimitOf(row),
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

/** Parses a stored JSON column once per distinct value (hooks share a few selections and scopes). */
function parsedOnce<T>(parse: (json: string) => T): (json: string) => T {
  const parsed = new Map<string, T>();
  return (json) => {
    let value = parsed.get(json);
    if (value === undefined) {
      if (parsed.size > 10_000) parsed.clear();
      value = parse(json);
      parsed.set(json, value);
    }
    return value;
  };
}

const selectionOf = parsedOnce((events) => eventSelection(JSON.parse(events) as string[]));
const scopeOf = parsedOnce((scope) => JSON.parse(scope) as KeyScope);

export function toTarget(row: HooksTable): HookTarget {
  return {
    ...toSelector(row),
    url: row.url,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    concurrency: row.concurrency === null ? null : Number(row.concurrency),
    rateLimit: rateLimitOf(row),
  };
}

/**
 * Whether an event goes to a hook. A subscriber key's hook receives only events within the key's scope (so
 * a platform-wide hook of a source-scoped key gets that source's events). An event type the catalog does
 * not know goes only to hooks that take every event, except on open platforms (Standard Webhooks), where
 * types are the sender's own.
 */
export function hookWants(
  hook: HookSelector,
  event: { source: string; platform: string; type: string; known: boolean },
  openPlatform: boolean,
): boolean {
  if (hook.sourceId !== null && hook.sourceId !== event.source) return false;
  if (hook.platform !== null && hook.platform !== event.platform) return false;
  if (hook.scope !== null && !scopeIncludes(hook.scope, { id: event.source, platform: event.platform })) return false;
  if (!event.known && !openPlatform) return hook.selection.all;
  return selects(hook.selection, event.type);
}

/** REST-hook subscriptions. */
export class HookStore {
  private readonly db: Kysely<Database>;
  private activeCache: { hooks: HookTarget[]; until: number } | undefined;

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
  }

  async create(input: NewHook): Promise<Hook & { secret: string }> {
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
      concurrency: input.concurrency ?? null,
      rate_per_second: input.rateLimit?.perSecond ?? null,
      rate_burst: input.rateLimit ? (input.rateLimit.burst ?? Math.max(1, Math.ceil(input.rateLimit.perSecond))) : null,
      previous_secret: null,
      previous_secret_expires_at: null,
      last_failure_at: null,
    };
    await writeTransaction(this.conn, (trx) => trx.insertInto('hooks').values(row).execute());
    this.activeCache = undefined;
    return { ...toHook(row), secret: row.secret };
  }

  /** Every hook, or those `owner` (a key id) created. */
  async list(owner?: string): Promise<Hook[]> {
    let q = this.db.selectFrom('hooks').selectAll();
    if (owner !== undefined) q = q.where('owner', '=', owner);
    return (await q.orderBy('created_at').execute()).map(toHook);
  }

  async get(id: string): Promise<Hook | undefined> {
    const row = await this.db.selectFrom('hooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toHook(row) : undefined;
  }

  /** Active hooks for the fan-out, cached for a second (hooks changed on another instance apply within it). */
  async active(): Promise<HookTarget[]> {
    const now = Date.now();
    if (this.activeCache && this.activeCache.until > now) return this.activeCache.hooks;
    const rows = await activeHooks(this.db).execute();
    this.activeCache = { hooks: rows.map(toTarget), until: now + 1000 };
    return this.activeCache.hooks;
  }

  /** Forgets the cache (after a change made here). */
  changed(): void {
    this.activeCache = undefined;
  }

  async countDisabled(): Promise<number> {
    const row = await this.db
      .selectFrom('hooks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'disabled')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Disables a hook by hand: nothing more is delivered to it and its pending deliveries fail (they can be
   * retried once it is enabled again). Answers whether it existed.
   */
  async disable(id: string): Promise<boolean> {
    const found = await writeTransaction(this.conn, async (trx) => {
      // The hook before its deliveries (the lock order at the top of this file).
      const r = await trx
        .updateTable('hooks')
        .set({ status: 'disabled', disabled_reason: OPERATOR_DISABLED })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await trx
        .updateTable('deliveries')
        .set({
          status: 'failed',
          last_error: `hook disabled: ${OPERATOR_DISABLED}`,
          claimed_until: null,
          claimed_by: null,
          finished_at: Date.now(),
        })
        .where('hook_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      return true;
    });
    this.activeCache = undefined;
    return found;
  }

  /** Enables a hook; its consecutive-failure count starts over. Answers whether it existed. */
  async enable(id: string): Promise<boolean> {
    const r = await writeTransaction(this.conn, (trx) =>
      trx
        .updateTable('hooks')
        .set({ status: 'active', disabled_reason: null, consecutive_failures: 0 })
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    this.activeCache = undefined;
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Gives a hook a new signing secret. For `graceMs` the previous one keeps signing too (fan-outs carry
   * both signatures); a rotation during another one's grace period retires the older previous secret.
   */
  async rotateSecret(
    id: string,
    graceMs: number,
    now = Date.now(),
  ): Promise<{ secret: string; previousSecretExpiresAt: number | null } | undefined> {
    const rotated = await writeTransaction(this.conn, async (trx) => {
      const hook = await trx.selectFrom('hooks').select('secret').where('id', '=', id).executeTakeFirst();
      if (!hook) return undefined;
      const secret = newWebhookSecret();
      const expiresAt = graceMs > 0 ? now + graceMs : null;
      await trx
        .updateTable('hooks')
        .set({ secret, previous_secret: expiresAt === null ? null : hook.secret, previous_secret_expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
      return { secret, previousSecretExpiresAt: expiresAt };
    });
    this.activeCache = undefined;
    return rotated;
  }

  /** Deletes a hook and fails its pending deliveries; answers whether it existed. */
  async delete(id: string): Promise<boolean> {
    const deleted = await writeTransaction(this.conn, async (trx) => {
      // The hook before its deliveries (the lock order at the top of this file).
      const r = await trx.deleteFrom('hooks').where('id', '=', id).executeTakeFirst();
      await trx
        .updateTable('deliveries')
        .set({ status: 'failed', last_error: 'hook deleted', finished_at: Date.now() })
        .where('hook_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      return Number(r.numDeletedRows) > 0;
    });
    this.activeCache = undefined;
    return deleted;
  }
}

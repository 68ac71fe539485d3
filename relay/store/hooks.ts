import type { Kysely } from 'kysely';
import { eventSelection, selects, type EventSelection, type RelayHook } from '../../shared';
import type { Db } from '../db/connect';
import type { Database, HooksTable } from '../db/schema';
import { writeTransaction } from '../db/write';
import { newId, newWebhookSecret } from '../ids';

export type Hook = RelayHook;

/** A hook as the fan-out and ingest use it: its destination, secret, limits and parsed selection. */
export interface HookTarget {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  readonly sourceId: string | null;
  readonly platform: string | null;
  readonly selection: EventSelection;
  readonly concurrency: number | null;
  readonly rateLimit: { readonly perSecond: number; readonly burst: number } | null;
}

export interface NewHook {
  readonly url: string;
  readonly source: string | null;
  readonly platform: string | null;
  readonly events: string[];
  readonly concurrency?: number;
  readonly rateLimit?: { readonly perSecond: number; readonly burst?: number };
}

const rateLimitOf = (row: Pick<HooksTable, 'rate_per_second' | 'rate_burst'>) =>
  row.rate_per_second ? { perSecond: Number(row.rate_per_second), burst: Number(row.rate_burst ?? Math.max(1, Math.ceil(row.rate_per_second))) } : null;

function toHook(row: HooksTable): Hook {
  return {
    id: row.id,
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

const selections = new Map<string, EventSelection>();
/** Parsed once per distinct stored selection (hooks share a few). */
function selectionOf(events: string): EventSelection {
  let s = selections.get(events);
  if (!s) {
    if (selections.size > 10_000) selections.clear();
    s = eventSelection(JSON.parse(events) as string[]);
    selections.set(events, s);
  }
  return s;
}

export function toTarget(row: HooksTable): HookTarget {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    sourceId: row.source_id,
    platform: row.platform,
    selection: selectionOf(row.events),
    concurrency: row.concurrency === null ? null : Number(row.concurrency),
    rateLimit: rateLimitOf(row),
  };
}

/**
 * Whether an event goes to a hook. An event type the catalog does not know goes only to hooks that take
 * every event, except on open platforms (Standard Webhooks), where types are the sender's own.
 */
export function hookWants(hook: HookTarget, event: { source: string; platform: string; type: string; known: boolean }, openPlatform: boolean): boolean {
  if (hook.sourceId !== null && hook.sourceId !== event.source) return false;
  if (hook.platform !== null && hook.platform !== event.platform) return false;
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
      concurrency: input.concurrency ?? null,
      rate_per_second: input.rateLimit?.perSecond ?? null,
      rate_burst: input.rateLimit ? (input.rateLimit.burst ?? Math.max(1, Math.ceil(input.rateLimit.perSecond))) : null,
    };
    await writeTransaction(this.conn, (trx) => trx.insertInto('hooks').values(row).execute());
    this.activeCache = undefined;
    return { ...toHook(row), secret: row.secret };
  }

  async list(): Promise<Hook[]> {
    return (await this.db.selectFrom('hooks').selectAll().orderBy('created_at').execute()).map(toHook);
  }

  async get(id: string): Promise<Hook | undefined> {
    const row = await this.db.selectFrom('hooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toHook(row) : undefined;
  }

  /** Active hooks for the fan-out, cached for a second (hooks changed on another instance apply within it). */
  async active(): Promise<HookTarget[]> {
    const now = Date.now();
    if (this.activeCache && this.activeCache.until > now) return this.activeCache.hooks;
    const rows = await this.db.selectFrom('hooks').selectAll().where('status', '=', 'active').execute();
    this.activeCache = { hooks: rows.map(toTarget), until: now + 1000 };
    return this.activeCache.hooks;
  }

  /** Forgets the cache (after a change made here). */
  changed(): void {
    this.activeCache = undefined;
  }

  async countDisabled(): Promise<number> {
    const row = await this.db.selectFrom('hooks').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'disabled').executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Deletes a hook and fails its pending deliveries; answers whether it existed. */
  async delete(id: string): Promise<boolean> {
    const deleted = await writeTransaction(this.conn, async (trx) => {
      await trx.updateTable('deliveries').set({ status: 'failed', last_error: 'hook deleted', finished_at: Date.now() }).where('hook_id', '=', id).where('status', '=', 'pending').execute();
      const r = await trx.deleteFrom('hooks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
    this.activeCache = undefined;
    return deleted;
  }
}

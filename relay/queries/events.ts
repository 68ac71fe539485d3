import { sql } from 'kysely';
import type { DeliveryStatus, EventSummaries } from '../../shared';
import type { Db } from '../db/connect';
import { renderStored } from '../store/event-body';
import { eventDeliveries } from './deliveries';
import { EVERYTHING, eventInScope, ownerOf, seesEvent, type Visibility } from './visibility';

export interface EventSearch {
  readonly platform?: string;
  readonly type?: string;
  readonly source?: string;
  /** Received at or after / before, unix ms. */
  readonly since?: number;
  readonly until?: number;
  /** Only events with a delivery in this status. */
  readonly status?: DeliveryStatus;
  /** Text the stored event contains (payload included), case-insensitive. */
  readonly q?: string;
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly before?: string;
  /** Default: everything (the admin key). */
  readonly visibility?: Visibility;
}

/** Page cursors: `<received_at ms>.<event id>` of the last event shown. */
const cursor = (receivedAt: number, id: string) => `${receivedAt}.${id}`;
function parseCursor(value: string): { at: number; id: string } | undefined {
  const m = /^(\d{1,15})\.(.+)$/.exec(value);
  return m ? { at: Number(m[1]), id: m[2]! } : undefined;
}

/** `%`, `_` and the escape character itself match literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const LISTED = ['id', 'source_id', 'platform', 'type', 'delivery_id', 'occurred_at', 'received_at', 'body'] as const;

/**
 * Stored events, newest first, filtered; with each listed event's delivery counts and the next page's
 * cursor. `eventsJson` is the events as one JSON array text of the stored JSON, never parsed and
 * re-serialised (see store/event-body.ts); a row that cannot be read is rendered as its envelope.
 */
export async function searchEvents(
  db: Db,
  f: EventSearch,
): Promise<{ eventsJson: string; deliveries: EventSummaries; next: string | null }> {
  const visibility = f.visibility ?? EVERYTHING;
  let q = db.kysely.selectFrom('events').select(LISTED);
  if (!visibility.all) q = q.where((eb) => eventInScope(eb, visibility, 'events'));
  if (f.platform) q = q.where('platform', '=', f.platform);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.source) q = q.where('source_id', '=', f.source);
  if (f.since !== undefined) q = q.where('received_at', '>=', f.since);
  if (f.until !== undefined) q = q.where('received_at', '<', f.until);
  if (f.q) {
    const pattern = likePattern(f.q);
    // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's needs ILIKE for that.
    q = q.where(db.kind === 'postgres' ? sql<boolean>`body ilike ${pattern} escape '\\'` : sql<boolean>`body like ${pattern} escape '\\'`);
  }
  if (f.status) {
    const status = f.status;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('deliveries')
          .select('deliveries.id')
          .whereRef('deliveries.event_id', '=', 'events.id')
          .where('deliveries.status', '=', status),
      ),
    );
  }
  const after = f.before === undefined ? undefined : parseCursor(f.before);
  if (after)
    q = q.where((eb) => eb.or([eb('received_at', '<', after.at), eb.and([eb('received_at', '=', after.at), eb('id', '<', after.id)])]));
  const rows = await q
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    eventsJson: `[${page.map(renderStored).join(',')}]`,
    deliveries: await summaries(
      db,
      page.map((r) => r.id),
      ownerOf(visibility),
    ),
    next: rows.length > f.limit && last ? cursor(Number(last.received_at), last.id) : null,
  };
}

async function summaries({ kysely }: Db, ids: readonly string[], owner: string | undefined): Promise<EventSummaries> {
  const out: EventSummaries = Object.fromEntries(ids.map((id) => [id, { pending: 0, delivered: 0, failed: 0 }]));
  if (ids.length === 0) return out;
  let q = kysely
    .selectFrom('deliveries')
    .select(['deliveries.event_id', 'deliveries.status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deliveries.event_id', 'in', [...ids]);
  if (owner !== undefined) q = q.innerJoin('hooks', 'hooks.id', 'deliveries.hook_id').where('hooks.owner', '=', owner);
  const rows = await q.groupBy(['deliveries.event_id', 'deliveries.status']).execute();
  for (const r of rows) {
    const summary = out[r.event_id];
    if (summary) summary[r.status] = Number(r.n);
  }
  return out;
}

/**
 * One event as the response's JSON text: its envelope as stored (never re-serialised), its headers as
 * received (masked at ingest), its deliveries with every attempt (a subscriber key: only an event of its
 * scope, and only its own hooks' deliveries). Undefined when there is none the key may see.
 */
export async function eventDetailJson(db: Db, id: string, visibility: Visibility = EVERYTHING): Promise<string | undefined> {
  const row = await db.kysely
    .selectFrom('events')
    .select([...LISTED, 'headers'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !seesEvent(visibility, { source: row.source_id, platform: row.platform })) return undefined;
  const headers = row.headers ?? 'null';
  return `{"event":${renderStored(row)},"headers":${headers},"deliveries":${JSON.stringify(await eventDeliveries(db, id, ownerOf(visibility)))}}`;
}

import type { RelayChange } from '../../shared';
import type { Db } from '../db/connect';
import { deliveryKey, iso } from './ids';
import { seesEvent, type Visibility } from './visibility';

/** A change with what decides who may see it: the hook's owner (attempts), the source's platform (rejections). */
export interface ObservedChange {
  readonly change: RelayChange;
  readonly hookOwner?: string | null;
  readonly platform?: string;
}

/** Whether a key may see a change: events and rejections of its scope, attempts to its own hooks. */
export function mayObserve(v: Visibility, o: ObservedChange): boolean {
  if (v.all) return true;
  const c = o.change;
  if (c.kind === 'event') return seesEvent(v, c);
  if (c.kind === 'attempt') return o.hookOwner === v.owner;
  if (c.kind === 'rejection') return seesEvent(v, { source: c.source, platform: o.platform ?? '' });
  return true;
}

/**
 * How far back each poll looks again, so a row committed after a later one (group commit, several
 * instances on PostgreSQL) is still reported: events by receipt time, attempts and rejections by key.
 */
const EVENT_LOOKBACK_MS = 10_000;
const KEY_LOOKBACK = 256;
const PAGE = 200;

/**
 * Reads what was stored since the last call: new events, delivery attempts and rejections, each once.
 * It reads the database, not this process's memory, so it sees what every instance stores.
 */
export class ChangeReader {
  private eventsFrom = 0;
  private readonly seenEvents = new Map<string, number>();
  private attemptKey = 0;
  private readonly seenAttempts = new Set<number>();
  private rejectionKey = 0;
  private readonly seenRejections = new Set<number>();

  constructor(private readonly db: Db) {}

  /** Marks everything stored so far as seen. */
  async start(now = Date.now()): Promise<void> {
    this.eventsFrom = now;
    const { kysely } = this.db;
    for (const r of await kysely
      .selectFrom('events')
      .select(['id', 'received_at'])
      .where('received_at', '>=', now - EVENT_LOOKBACK_MS)
      .execute()) {
      this.seenEvents.set(r.id, Number(r.received_at));
    }
    // The newest keys, and which of the ones just below are already there (the rest may still commit).
    const recent = async (table: 'attempts' | 'rejections', seen: Set<number>) => {
      const max = Number(
        (
          await kysely
            .selectFrom(table)
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      );
      for (const r of await kysely
        .selectFrom(table)
        .select('id')
        .where('id', '>', max - KEY_LOOKBACK)
        .execute())
        seen.add(Number(r.id));
      return max;
    };
    this.attemptKey = await recent('attempts', this.seenAttempts);
    this.rejectionKey = await recent('rejections', this.seenRejections);
  }

  async read(): Promise<ObservedChange[]> {
    const [events, attempts, rejections] = await Promise.all([this.newEvents(), this.newAttempts(), this.newRejections()]);
    const changes = [...events.changes, ...attempts.changes, ...rejections.changes];
    if (events.full || attempts.full || rejections.full)
      changes.push({ change: { kind: 'resync', reason: 'more changes than one read carries' } });
    return changes;
  }

  private async newEvents(): Promise<{ changes: ObservedChange[]; full: boolean }> {
    const from = this.eventsFrom - EVENT_LOOKBACK_MS;
    const rows = await this.db.kysely
      .selectFrom('events')
      .select(['id', 'source_id', 'platform', 'type', 'received_at'])
      .where('received_at', '>=', from)
      .orderBy('received_at')
      .orderBy('id')
      .limit(PAGE + this.seenEvents.size)
      .execute();
    const changes: ObservedChange[] = [];
    for (const r of rows) {
      if (this.seenEvents.has(r.id)) continue;
      const at = Number(r.received_at);
      this.seenEvents.set(r.id, at);
      this.eventsFrom = Math.max(this.eventsFrom, at);
      changes.push({ change: { kind: 'event', id: r.id, source: r.source_id, platform: r.platform, type: r.type, receivedAt: iso(at) } });
    }
    for (const [id, at] of this.seenEvents) if (at < this.eventsFrom - EVENT_LOOKBACK_MS) this.seenEvents.delete(id);
    return { changes, full: changes.length >= PAGE };
  }

  private async newAttempts(): Promise<{ changes: ObservedChange[]; full: boolean }> {
    const rows = await this.db.kysely
      .selectFrom('attempts as a')
      .innerJoin('deliveries as d', 'd.id', 'a.delivery_id')
      .leftJoin('hooks as h', 'h.id', 'd.hook_id')
      .select(['a.id', 'a.attempt', 'a.at', 'a.status', 'd.id as delivery', 'd.event_id', 'd.hook_id', 'h.owner'])
      .where('a.id', '>', this.attemptKey - KEY_LOOKBACK)
      .orderBy('a.id')
      .limit(PAGE + KEY_LOOKBACK)
      .execute();
    const changes: ObservedChange[] = [];
    for (const r of rows) {
      const key = Number(r.id);
      if (this.seenAttempts.has(key)) continue;
      this.seenAttempts.add(key);
      this.attemptKey = Math.max(this.attemptKey, key);
      const ok = r.status !== null && r.status >= 200 && r.status < 300;
      changes.push({
        change: {
          kind: 'attempt',
          deliveryId: deliveryKey(Number(r.delivery)),
          eventId: r.event_id,
          hookId: r.hook_id,
          attempt: r.attempt,
          status: r.status,
          ok,
          at: iso(r.at),
        },
        hookOwner: r.owner,
      });
    }
    for (const key of this.seenAttempts) if (key <= this.attemptKey - KEY_LOOKBACK) this.seenAttempts.delete(key);
    return { changes, full: changes.length >= PAGE };
  }

  private async newRejections(): Promise<{ changes: ObservedChange[]; full: boolean }> {
    const rows = await this.db.kysely
      .selectFrom('rejections')
      .leftJoin('sources', 'sources.id', 'rejections.source_id')
      .select(['rejections.id', 'rejections.source_id', 'rejections.code', 'rejections.status', 'rejections.at', 'sources.platform'])
      .where('rejections.id', '>', this.rejectionKey - KEY_LOOKBACK)
      .orderBy('rejections.id')
      .limit(PAGE + KEY_LOOKBACK)
      .execute();
    const changes: ObservedChange[] = [];
    for (const r of rows) {
      const key = Number(r.id);
      if (this.seenRejections.has(key)) continue;
      this.seenRejections.add(key);
      this.rejectionKey = Math.max(this.rejectionKey, key);
      changes.push({
        change: { kind: 'rejection', source: r.source_id, code: r.code, status: r.status, at: iso(r.at) },
        platform: r.platform ?? undefined,
      });
    }
    for (const key of this.seenRejections) if (key <= this.rejectionKey - KEY_LOOKBACK) this.seenRejections.delete(key);
    return { changes, full: changes.length >= PAGE };
  }
}

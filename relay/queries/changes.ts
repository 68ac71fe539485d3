import type { RelayChange } from '../../shared';
import type { Db } from '../db/connect';
import { deliveryKey, iso } from './ids';

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
    for (const r of await kysely.selectFrom('events').select(['id', 'received_at']).where('received_at', '>=', now - EVENT_LOOKBACK_MS).execute()) {
      this.seenEvents.set(r.id, Number(r.received_at));
    }
    // The newest keys, and which of the ones just below are already there (the rest may still commit).
    const recent = async (table: 'attempts' | 'rejections', seen: Set<number>) => {
      const max = Number((await kysely.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);
      for (const r of await kysely.selectFrom(table).select('id').where('id', '>', max - KEY_LOOKBACK).execute()) seen.add(Number(r.id));
      return max;
    };
    this.attemptKey = await recent('attempts', this.seenAttempts);
    this.rejectionKey = await recent('rejections', this.seenRejections);
  }

  async read(): Promise<RelayChange[]> {
    const [events, attempts, rejections] = await Promise.all([this.newEvents(), this.newAttempts(), this.newRejections()]);
    const changes = [...events.changes, ...attempts.changes, ...rejections.changes];
    if (events.full || attempts.full || rejections.full) changes.push({ kind: 'resync', reason: 'more changes than one read carries' });
    return changes;
  }

  private async newEvents(): Promise<{ changes: RelayChange[]; full: boolean }> {
    const from = this.eventsFrom - EVENT_LOOKBACK_MS;
    const rows = await this.db.kysely
      .selectFrom('events')
      .select(['id', 'source_id', 'platform', 'type', 'received_at'])
      .where('received_at', '>=', from)
      .orderBy('received_at')
      .orderBy('id')
      .limit(PAGE + this.seenEvents.size)
      .execute();
    const changes: RelayChange[] = [];
    for (const r of rows) {
      if (this.seenEvents.has(r.id)) continue;
      const at = Number(r.received_at);
      this.seenEvents.set(r.id, at);
      this.eventsFrom = Math.max(this.eventsFrom, at);
      changes.push({ kind: 'event', id: r.id, source: r.source_id, platform: r.platform, type: r.type, receivedAt: iso(at) });
    }
    for (const [id, at] of this.seenEvents) if (at < this.eventsFrom - EVENT_LOOKBACK_MS) this.seenEvents.delete(id);
    return { changes, full: changes.length >= PAGE };
  }

  private async newAttempts(): Promise<{ changes: RelayChange[]; full: boolean }> {
    const rows = await this.db.kysely
      .selectFrom('attempts as a')
      .innerJoin('deliveries as d', 'd.id', 'a.delivery_id')
      .select(['a.id', 'a.attempt', 'a.at', 'a.status', 'd.id as delivery', 'd.event_id', 'd.hook_id'])
      .where('a.id', '>', this.attemptKey - KEY_LOOKBACK)
      .orderBy('a.id')
      .limit(PAGE + KEY_LOOKBACK)
      .execute();
    const changes: RelayChange[] = [];
    for (const r of rows) {
      const key = Number(r.id);
      if (this.seenAttempts.has(key)) continue;
      this.seenAttempts.add(key);
      this.attemptKey = Math.max(this.attemptKey, key);
      const ok = r.status !== null && r.status >= 200 && r.status < 300;
      changes.push({ kind: 'attempt', deliveryId: deliveryKey(Number(r.delivery)), eventId: r.event_id, hookId: r.hook_id, attempt: r.attempt, status: r.status, ok, at: iso(r.at) });
    }
    for (const key of this.seenAttempts) if (key <= this.attemptKey - KEY_LOOKBACK) this.seenAttempts.delete(key);
    return { changes, full: changes.length >= PAGE };
  }

  private async newRejections(): Promise<{ changes: RelayChange[]; full: boolean }> {
    const rows = await this.db.kysely
      .selectFrom('rejections')
      .select(['id', 'source_id', 'code', 'status', 'at'])
      .where('id', '>', this.rejectionKey - KEY_LOOKBACK)
      .orderBy('id')
      .limit(PAGE + KEY_LOOKBACK)
      .execute();
    const changes: RelayChange[] = [];
    for (const r of rows) {
      const key = Number(r.id);
      if (this.seenRejections.has(key)) continue;
      this.seenRejections.add(key);
      this.rejectionKey = Math.max(this.rejectionKey, key);
      changes.push({ kind: 'rejection', source: r.source_id, code: r.code, status: r.status, at: iso(r.at) });
    }
    for (const key of this.seenRejections) if (key <= this.rejectionKey - KEY_LOOKBACK) this.seenRejections.delete(key);
    return { changes, full: changes.length >= PAGE };
  }
}

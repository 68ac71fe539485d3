import type { Kysely } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { writeTransaction } from '../db/write';

export interface RetentionPolicy {
  /** Keep events this long after receipt (never while a delivery of theirs is pending). */
  readonly eventsMs: number;
  /** Keep attempts, and finished (delivered or dead) deliveries, this long. */
  readonly attemptsMs: number;
  /** Rows deleted per statement, so a prune never holds the write lock for long. */
  readonly batchSize: number;
}

const DAY = 24 * 60 * 60_000;
export const DEFAULT_RETENTION: RetentionPolicy = { eventsMs: 30 * DAY, attemptsMs: 30 * DAY, batchSize: 500 };

export interface Pruned {
  attempts: number;
  deliveries: number;
  events: number;
}

/** Deletes what the policy no longer keeps, oldest first, one small batch per transaction. */
export class RetentionStore {
  private readonly db: Kysely<Database>;

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
  }

  /** One batch of each kind; call again while anything was deleted (the pruner spaces the calls out). */
  async pruneBatch(policy: RetentionPolicy, now = Date.now()): Promise<Pruned> {
    const n = policy.batchSize;
    const attemptsBefore = now - policy.attemptsMs;
    const eventsBefore = now - policy.eventsMs;
    const attempts = await writeTransaction(
      this.conn,
      async (trx) => {
        const ids = (await trx.selectFrom('attempts').select('id').where('at', '<', attemptsBefore).orderBy('at').limit(n).execute()).map(
          (r) => Number(r.id),
        );
        if (ids.length) await trx.deleteFrom('attempts').where('id', 'in', ids).execute();
        return ids.length;
      },
      { durable: false },
    );
    const deliveries = await writeTransaction(
      this.conn,
      async (trx) => {
        const ids = (
          await trx
            .selectFrom('deliveries')
            .select('id')
            .where('finished_at', '<', attemptsBefore)
            .orderBy('finished_at')
            .limit(n)
            .execute()
        ).map((r) => Number(r.id));
        if (ids.length) {
          await trx.deleteFrom('attempts').where('delivery_id', 'in', ids).execute();
          await trx.deleteFrom('deliveries').where('id', 'in', ids).execute();
        }
        return ids.length;
      },
      { durable: false },
    );
    const events = await writeTransaction(
      this.conn,
      async (trx) => {
        const ids = (
          await trx
            .selectFrom('events')
            .select('id')
            .where('received_at', '<', eventsBefore)
            // NOT IN, built once per statement: a correlated NOT EXISTS made SQLite scan every pending
            // delivery for each old event (its status index wins over event_id), seconds on a backlog.
            .where('id', 'not in', (eb) =>
              eb.selectFrom('deliveries').select('deliveries.event_id').where('deliveries.status', '=', 'pending'),
            )
            .orderBy('received_at')
            .limit(n)
            .execute()
        ).map((r) => r.id);
        if (ids.length) await trx.deleteFrom('events').where('id', 'in', ids).execute();
        return ids.length;
      },
      { durable: false },
    );
    return { attempts, deliveries, events };
  }
}

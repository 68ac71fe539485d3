import type { CompiledQuery, Kysely } from 'kysely';
import { ReusedQueries } from '../db/reused-query';
import type { Database, EventsTable } from '../db/schema';

/** The columns of an events row, in the order the insert's parameters take them. */
const EVENT_COLUMNS = [
  'id',
  'source_id',
  'platform',
  'type',
  'delivery_id',
  'occurred_at',
  'received_at',
  'body',
  'hops',
  'replay_key',
  'headers',
] as const satisfies readonly (keyof EventsTable)[];

/**
 * The inserts of ingest's group commit, each built and compiled by kysely once per batch size (ReusedQueries):
 * - the events: `insert … on conflict do nothing returning id`, where either unique key, (source, delivery id) or
 *   (source, replay key), makes a row a duplicate, as does an earlier row of the same batch;
 * - one pending delivery per event and hook that takes it, due now.
 */
export class IngestStatements {
  private readonly reused = new ReusedQueries();

  constructor(private readonly db: Kysely<Database>) {}

  events(rows: readonly EventsTable[]): CompiledQuery<{ id: string }> {
    const values: unknown[] = [];
    for (const row of rows) for (const column of EVENT_COLUMNS) values.push(row[column]);
    return this.reused.query(`events:${rows.length}`, values, (v) =>
      this.db
        .insertInto('events')
        .values(
          rows.map(
            (_, r) =>
              Object.fromEntries(EVENT_COLUMNS.map((column, c) => [column, v[r * EVENT_COLUMNS.length + c]])) as unknown as EventsTable,
          ),
        )
        .onConflict((oc) => oc.doNothing())
        .returning('id'),
    );
  }

  deliveries(pairs: readonly { readonly eventId: string; readonly hookId: string }[], now: number): CompiledQuery {
    const values: unknown[] = [now];
    for (const { eventId, hookId } of pairs) values.push(eventId, hookId);
    return this.reused.query(`deliveries:${pairs.length}`, values, (v) =>
      this.db.insertInto('deliveries').values(
        pairs.map((_, i) => ({
          event_id: v[1 + i * 2] as string,
          hook_id: v[2 + i * 2] as string,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: v[0] as number,
        })),
      ),
    );
  }

  /** How many statement shapes are compiled (for tests). */
  get shapes(): number {
    return this.reused.size;
  }
}

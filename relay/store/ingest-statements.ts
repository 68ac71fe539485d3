import { sql, type CompiledQuery, type Kysely, type QueryCreator } from 'kysely';
import { ReusedQueries } from '../db/reused-query';
import type { Database, EventsTable, HooksTable } from '../db/schema';
import { SELECTOR_COLUMNS } from './hooks';

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

/** The rows' columns in EVENT_COLUMNS order, row after row: the values an events insert takes. */
function eventValues(rows: readonly EventsTable[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const column of EVENT_COLUMNS) values.push(row[column]);
  return values;
}

/**
 * The inserts of ingest's group commit, each built and compiled by kysely once per batch size (ReusedQueries):
 * - the events: `insert … on conflict do nothing returning id`, where either unique key, (source, delivery id) or
 *   (source, replay key), makes a row a duplicate, as does an earlier row of the same batch;
 * - one pending delivery per event and hook that takes it, due now;
 * - on PostgreSQL, both in one statement (`eventsWithDeliveries`), which is its own transaction.
 */
export class IngestStatements {
  private readonly reused = new ReusedQueries();

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The active hooks that may take events of these sources (theirs, and hooks of no source): read in each group
   * commit (in its transaction on SQLite, just before its statement on PostgreSQL), so a hook created or disabled
   * before then is seen by it; and only the hooks the batch can reach are returned and parsed, however many hooks
   * other sources have.
   */
  hooksTaking(sources: readonly string[]): CompiledQuery<Pick<HooksTable, (typeof SELECTOR_COLUMNS)[number]>> {
    return this.reused.query(`hooks-taking:${sources.length}`, sources, (ids) =>
      this.db
        .selectFrom('hooks')
        .select(SELECTOR_COLUMNS)
        .where('status', '=', 'active')
        .where((eb) => eb.or([eb('source_id', 'is', null), eb('source_id', 'in', ids as string[])])),
    );
  }

  events(rows: readonly EventsTable[]): CompiledQuery<{ id: string }> {
    return this.reused.query(`events:${rows.length}`, eventValues(rows), (v) => this.insertEvents(this.db, rows.length, v));
  }

  /**
   * PostgreSQL: the events' insert and their deliveries' in one statement, so a group commit is one round trip
   * after the hooks' read, and one commit. `pairs` names every event of the batch with each hook it would go to;
   * only the events the insert stored (not duplicates) get their deliveries. Answers the ids stored.
   */
  eventsWithDeliveries(
    rows: readonly EventsTable[],
    pairs: readonly { readonly eventId: string; readonly hookId: string }[],
    now: number,
  ): CompiledQuery<{ id: string }> {
    const values = [now, pairs.map((p) => p.eventId), pairs.map((p) => p.hookId), ...eventValues(rows)];
    return this.reused.query(`events-with-deliveries:${rows.length}`, values, ([at, eventIds, hookIds, ...v]) =>
      this.db
        .with('stored', (db) => this.insertEvents(db, rows.length, v))
        .with('queued', (db) =>
          db
            .insertInto('deliveries')
            .columns(['event_id', 'hook_id', 'status', 'attempts', 'next_attempt_at'])
            .expression(
              sql`select p.event_id, p.hook_id, 'pending', 0, ${at}::bigint
                from unnest(${eventIds}::text[], ${hookIds}::text[]) as p(event_id, hook_id)
                where p.event_id in (select id from stored)`,
            ),
        )
        .selectFrom('stored')
        .select('id'),
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

  /** `insert … on conflict do nothing returning id` of `count` rows whose columns are `values`, row after row. */
  private insertEvents(db: QueryCreator<Database>, count: number, values: readonly unknown[]) {
    const rows = Array.from(
      { length: count },
      (_, r) =>
        Object.fromEntries(EVENT_COLUMNS.map((column, c) => [column, values[r * EVENT_COLUMNS.length + c]])) as unknown as EventsTable,
    );
    return db
      .insertInto('events')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning('id');
  }

  /** How many statement shapes are compiled (for tests). */
  get shapes(): number {
    return this.reused.size;
  }
}

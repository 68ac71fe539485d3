import { CompiledQuery, type Kysely } from 'kysely';
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
 * The insert of a group commit's events: `insert … on conflict do nothing returning id`, where either unique key,
 * (source, delivery id) or (source, replay key), makes a row a duplicate, as does an earlier row of the same batch.
 * kysely builds and compiles it once per batch size; later batches of that size reuse its SQL with their own
 * parameters. Building and compiling a multi-row insert cost the relay more CPU than SQLite's own insert did. The
 * SQL is reused only once kysely's parameters for the rows were found to be exactly the rows' values in
 * EVENT_COLUMNS order, so a kysely that orders them otherwise is compiled every time instead.
 */
export class EventInsert {
  private readonly sqlBySize = new Map<number, string>();

  constructor(private readonly db: Kysely<Database>) {}

  query(rows: readonly EventsTable[]): CompiledQuery<{ id: string }> {
    const parameters: unknown[] = [];
    for (const row of rows) for (const column of EVENT_COLUMNS) parameters.push(row[column]);
    const sql = this.sqlBySize.get(rows.length);
    if (sql !== undefined) return CompiledQuery.raw(sql, parameters) as CompiledQuery<{ id: string }>;
    const compiled = this.db
      .insertInto('events')
      .values([...rows])
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .compile();
    if (compiled.parameters.length === parameters.length && compiled.parameters.every((p, i) => p === parameters[i]))
      this.sqlBySize.set(rows.length, compiled.sql);
    return compiled;
  }

  /** How many batch sizes have reusable SQL (for tests). */
  get reusableSizes(): number {
    return this.sqlBySize.size;
  }
}

import { sql, type Kysely } from 'kysely';
import type { Db } from './connect';
import * as scopedKeys from './migrations/002_scoped_keys';
import * as consoleMigration from './migrations/003_console';

/**
 * Creates the tables and indexes if they do not exist (the same statements on both databases), then runs
 * migrations 002 and 003 once each, when what they add is missing — until kysely's Migrator runs the numbered migrations. All
 * in one transaction, on PostgreSQL under an advisory lock: instances starting together on a fresh database
 * would otherwise race in CREATE TABLE.
 */
export async function migrate(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    if (db.kind === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await createInitialSchema({ kind: db.kind, kysely: trx });
    const tables = await trx.introspection.getTables();
    if (!tables.some((t) => t.name === 'keys')) await scopedKeys.up(trx as unknown as Kysely<any>);
    // 003 once, when its first column is missing.
    if (!tables.find((t) => t.name === 'events')?.columns.some((c) => c.name === 'headers')) await consoleMigration.up(trx as unknown as Kysely<any>);
  });
}

const MIGRATION_LOCK = 4_811_002;

async function createInitialSchema({ kysely, kind }: Db): Promise<void> {
  const big = kind === 'postgres' ? 'bigint' : 'integer';
  await kysely.schema
    .createTable('sources')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await kysely.schema
    .createTable('events')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', big, (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addUniqueConstraint('events_source_delivery', ['source_id', 'delivery_id'])
    .execute();
  await kysely.schema.createIndex('events_recent').ifNotExists().on('events').columns(['platform', 'type', 'received_at']).execute();
  await kysely.schema
    .createTable('hooks')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('platform', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  const id = (table: string) =>
    kind === 'postgres'
      ? kysely.schema.createTable(table).ifNotExists().addColumn('id', 'bigserial', (c) => c.primaryKey())
      : kysely.schema.createTable(table).ifNotExists().addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await id('deliveries')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('hook_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('claimed_until', big)
    .addColumn('claimed_by', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', big)
    .addUniqueConstraint('deliveries_event_hook', ['event_id', 'hook_id'])
    .execute();
  await kysely.schema.createIndex('deliveries_due').ifNotExists().on('deliveries').columns(['status', 'next_attempt_at']).execute();
  await id('attempts')
    .addColumn('delivery_id', big, (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await id('rejections')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
}

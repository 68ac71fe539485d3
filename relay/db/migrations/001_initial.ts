import type { Kysely } from 'kysely';
import type { MigrationContext } from './context';

/**
 * The schema as the relay created it before versioned migrations (create-if-missing), so a database made
 * by an older relay adopts this migration as already applied.
 */
export async function up(db: Kysely<unknown>, { big, serialId }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('sources')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
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
  await db.schema.createIndex('events_recent').ifNotExists().on('events').columns(['platform', 'type', 'received_at']).execute();
  await db.schema
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
  await serialId(db.schema.createTable('deliveries').ifNotExists())
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
  await db.schema.createIndex('deliveries_due').ifNotExists().on('deliveries').columns(['status', 'next_attempt_at']).execute();
  await serialId(db.schema.createTable('attempts').ifNotExists())
    .addColumn('delivery_id', big, (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await serialId(db.schema.createTable('rejections').ifNotExists())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
}

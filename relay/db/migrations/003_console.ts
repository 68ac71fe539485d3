import type { Kysely } from 'kysely';

/**
 * What the console needs stored (kysely Migrator format): the headers each event arrived with (masked),
 * a response excerpt per attempt, a hook's previous secret during a rotation and its last failure time
 * (written with the failure count, so a success still never touches the hook row), and the indexes its
 * listings, stats and change feed read by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('headers', 'text').execute();
  await db.schema.alterTable('attempts').addColumn('response_excerpt', 'text').execute();
  await db.schema.alterTable('hooks').addColumn('previous_secret', 'text').execute();
  await db.schema.alterTable('hooks').addColumn('previous_secret_expires_at', 'bigint').execute();
  await db.schema.alterTable('hooks').addColumn('last_failure_at', 'bigint').execute();
  await db.schema.createIndex('events_received').ifNotExists().on('events').columns(['received_at', 'id']).execute();
  await db.schema.createIndex('events_source_received').ifNotExists().on('events').columns(['source_id', 'received_at']).execute();
  await db.schema.createIndex('deliveries_hook_status').ifNotExists().on('deliveries').columns(['hook_id', 'status']).execute();
  await db.schema.createIndex('deliveries_hook_delivered').ifNotExists().on('deliveries').columns(['hook_id', 'delivered_at']).execute();
  await db.schema.createIndex('attempts_delivery').ifNotExists().on('attempts').columns(['delivery_id', 'attempt']).execute();
  await db.schema.createIndex('attempts_at').ifNotExists().on('attempts').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['attempts_at', 'attempts_delivery', 'deliveries_hook_delivered', 'deliveries_hook_status', 'events_source_received', 'events_received']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.alterTable('hooks').dropColumn('last_failure_at').execute();
  await db.schema.alterTable('hooks').dropColumn('previous_secret_expires_at').execute();
  await db.schema.alterTable('hooks').dropColumn('previous_secret').execute();
  await db.schema.alterTable('attempts').dropColumn('response_excerpt').execute();
  await db.schema.alterTable('events').dropColumn('headers').execute();
}

import type { Kysely } from 'kysely';
import type { MigrationContext } from './context';

/**
 * What the console needs stored: the headers each event arrived with (masked), a response excerpt per
 * attempt, a hook's previous secret during a rotation and its last failure time (written with the failure
 * count, so a success still never touches the hook row), and two indexes: events by source and time (the
 * per-source chart and log), a hook's last success. The indexes on events(received_at), attempts(at) and
 * attempts(delivery_id) come with 003_fanout_retention. The new columns live on the rows they describe, so
 * retention prunes them with their event or attempt.
 */
const INDEXES = [
  ['console_events_source_received', 'events', ['source_id', 'received_at']],
  ['console_deliveries_hook_delivered', 'deliveries', ['hook_id', 'delivered_at']],
] as const;

export async function up(db: Kysely<unknown>, { big }: MigrationContext): Promise<void> {
  await db.schema.alterTable('events').addColumn('headers', 'text').execute();
  await db.schema.alterTable('attempts').addColumn('response_excerpt', 'text').execute();
  await db.schema.alterTable('hooks').addColumn('previous_secret', 'text').execute();
  await db.schema.alterTable('hooks').addColumn('previous_secret_expires_at', big).execute();
  await db.schema.alterTable('hooks').addColumn('last_failure_at', big).execute();
  for (const [name, table, columns] of INDEXES)
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
      .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
  await db.schema.alterTable('hooks').dropColumn('last_failure_at').execute();
  await db.schema.alterTable('hooks').dropColumn('previous_secret_expires_at').execute();
  await db.schema.alterTable('hooks').dropColumn('previous_secret').execute();
  await db.schema.alterTable('attempts').dropColumn('response_excerpt').execute();
  await db.schema.alterTable('events').dropColumn('headers').execute();
}

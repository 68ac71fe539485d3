import type { Kysely } from 'kysely';
import type { MigrationContext } from './context';

/**
 * Per-hook fan-out (a hook's own concurrency and rate limit, claims by hook) and retention (when a
 * delivery finished; indexes for pruning by age). Numbered 003: 002 is the scoped API keys migration.
 */
export async function up(db: Kysely<unknown>, { big }: MigrationContext): Promise<void> {
  await db.schema.alterTable('hooks').addColumn('concurrency', 'integer').execute();
  await db.schema.alterTable('hooks').addColumn('rate_per_second', 'real').execute();
  await db.schema.alterTable('hooks').addColumn('rate_burst', 'integer').execute();
  await db.schema.alterTable('deliveries').addColumn('finished_at', big).execute();
  await db.schema.createIndex('deliveries_hook_due').on('deliveries').columns(['hook_id', 'status', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_finished').on('deliveries').column('finished_at').execute();
  await db.schema.createIndex('events_received').on('events').column('received_at').execute();
  await db.schema.createIndex('attempts_at').on('attempts').column('at').execute();
  await db.schema.createIndex('attempts_delivery').on('attempts').column('delivery_id').execute();
}

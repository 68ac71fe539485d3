import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Relay security (issue 11), in kysely Migrator's format:
 * - `keys`: subscriber keys, stored as a SHA-256 of the key, each with its scope (JSON) and revocation time;
 * - `hooks.owner`: the key that created a hook (null = the admin key), and `hooks.scope`: that key's scope,
 *   which limits what the hook receives;
 * - `relay_settings`: this relay's id (`relay_id`), the marker its fan-outs carry in `hookline-hop`, the same
 *   for every instance on one database;
 * - `events.hops`: the `hookline-hop` chain a delivery arrived with, carried on by its fan-outs;
 * - `events.replay_key`: what the signature covers, for deduplicating replays (unique per source when set).
 * Times are unix milliseconds; `bigint` is INTEGER affinity in SQLite.
 *
 * A database that relay-sec's create-if-missing `migrate()` already brought here (it ran this migration in
 * one transaction, with no Migrator to record it) has the `keys` table: that database adopts 002 as applied
 * and keeps its keys and relay id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if ((await db.introspection.getTables()).some((t) => t.name === 'keys')) return;
  await db.schema
    .createTable('keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.alterTable('hooks').addColumn('owner', 'text').execute();
  await db.schema.alterTable('hooks').addColumn('scope', 'text').execute();
  await db.schema.createIndex('hooks_owner').on('hooks').column('owner').execute();
  await db.schema
    .createTable('relay_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('relay_settings')
    .values({ name: 'relay_id', value: `rly_${randomBytes(9).toString('base64url')}` })
    .execute();
  await db.schema.alterTable('events').addColumn('hops', 'text').execute();
  await db.schema.alterTable('events').addColumn('replay_key', 'text').execute();
  await db.schema.createIndex('events_source_replay_key').unique().on('events').columns(['source_id', 'replay_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_source_replay_key').execute();
  await db.schema.alterTable('events').dropColumn('replay_key').execute();
  await db.schema.alterTable('events').dropColumn('hops').execute();
  await db.schema.dropTable('relay_settings').execute();
  await db.schema.dropIndex('hooks_owner').execute();
  await db.schema.alterTable('hooks').dropColumn('scope').execute();
  await db.schema.alterTable('hooks').dropColumn('owner').execute();
  await db.schema.dropTable('keys').execute();
}

import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { connect } from '../../relay/db/connect';
import { migrate, MigrationError } from '../../relay/db/migrate';
import { up as initialSchema } from '../../relay/db/migrations/001_initial';
import * as scopedKeys from '../../relay/db/migrations/002_scoped_keys';
import { migrationContext } from '../../relay/db/migrations/context';
import { migrations } from '../../relay/db/migrations';
import { API_KEY, api, relay, tempDb } from './support';

const ALL = Object.keys(migrations('sqlite')).sort();
function recorded(file: string): string[] {
  const raw = new Sqlite(file, { readonly: true });
  try {
    return (raw.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    raw.close();
  }
}

describe('migration 002 (scoped keys, hook owners, relay id, hops, replay keys)', () => {
  it("upgrades a database made before it: existing hooks become the admin key's, and down() undoes it", async () => {
    const file = tempDb();
    const db = connect(file);
    try {
      await migrate(db);
      const raw = db.kysely as unknown as Kysely<any>;
      // A database that ran 001 and 003 (relay-ops before 002 landed): 002 undone and not recorded.
      await raw.transaction().execute(async (trx) => {
        await scopedKeys.down(trx);
        await trx.deleteFrom('kysely_migration').where('name', '=', '002_scoped_keys').execute();
      });
      expect((await db.kysely.introspection.getTables()).map((t) => t.name)).not.toContain('keys');
      // A hook and an event as the schema before 002 held them.
      await raw
        .insertInto('hooks')
        .values({
          id: 'hook_old',
          url: 'https://example.com/h',
          secret: 'whsec_x',
          source_id: null,
          platform: 'horneross',
          events: '[]',
          status: 'active',
          disabled_reason: null,
          consecutive_failures: 0,
          created_at: 1,
        })
        .execute();
      await raw
        .insertInto('events')
        .values({
          id: 'evt_old',
          source_id: 'hx',
          platform: 'horneross',
          type: 't',
          delivery_id: 'd',
          occurred_at: 'x',
          received_at: 1,
          body: '{}',
        })
        .execute();

      expect(await migrate(db)).toEqual(['002_scoped_keys']);
      expect(await db.kysely.selectFrom('hooks').select(['id', 'owner']).execute()).toEqual([{ id: 'hook_old', owner: null }]);
      expect(await db.kysely.selectFrom('events').select(['id', 'hops', 'replay_key']).execute()).toEqual([
        { id: 'evt_old', hops: null, replay_key: null },
      ]);
      const ids = await db.kysely.selectFrom('relay_settings').selectAll().execute();
      expect(ids).toEqual([{ name: 'relay_id', value: expect.stringMatching(/^rly_/) }]);
      // Running it again changes nothing: the Migrator recorded what ran.
      expect(await migrate(db)).toEqual([]);
      expect(await db.kysely.selectFrom('relay_settings').selectAll().execute()).toEqual(ids);
    } finally {
      await db.kysely.destroy();
    }
    expect(recorded(file)).toEqual(ALL);
  });

  it("adopts a database that relay-sec's create-if-missing migrate() brought to 002: its keys and relay id are kept", async () => {
    const file = tempDb();
    // What main's relay did between issue 11 and the Migrator: the old schema, then 002, with no Migrator tables.
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new Sqlite(file) }) });
    await old.transaction().execute(async (trx) => {
      await initialSchema(trx as unknown as Kysely<unknown>, migrationContext('sqlite'));
      await scopedKeys.up(trx);
    });
    const relayId = (await old.selectFrom('relay_settings').select('value').executeTakeFirstOrThrow()).value as string;
    await old.destroy();

    const r = await relay({ db: file });
    try {
      expect(r.relayId).toBe(relayId);
      const key = (await api(r.url, 'POST', '/keys', { name: 'kept', scope: { platforms: ['horneross'] } })).json!;
      expect((await api(r.url, 'GET', '/me', undefined, key['key'])).json).toMatchObject({ kind: 'subscriber', id: key['id'] });
      expect((await api(r.url, 'GET', '/readyz', undefined, 'none')).json).toMatchObject({
        ok: true,
        migrations: { current: true, pending: [] },
      });
    } finally {
      await r.close();
    }
    expect(recorded(file)).toEqual(ALL);
    // And it starts again on what it recorded.
    const again = await relay({ db: file });
    try {
      expect(again.relayId).toBe(relayId);
      expect((await api(again.url, 'GET', '/keys', undefined, API_KEY)).json!['keys']).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('applies migrations on SQLite in one transaction: one that fails half-way leaves nothing of itself', async () => {
    const file = tempDb();
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new Sqlite(file) }) });
    await initialSchema(old, migrationContext('sqlite'));
    // A table in 002's way: 002 creates keys and alters hooks before it reaches relay_settings, and fails there.
    await old.schema.createTable('relay_settings').addColumn('name', 'text').execute();
    await old.destroy();

    const db = connect(file);
    try {
      await expect(migrate(db)).rejects.toThrow(MigrationError);
      const tables = (await db.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).not.toContain('keys');
      const hooks = (await db.kysely.introspection.getTables()).find((t) => t.name === 'hooks')!;
      expect(hooks.columns.map((c) => c.name)).not.toContain('owner');
      expect(hooks.columns.map((c) => c.name)).not.toContain('concurrency'); // 003 did not run either
    } finally {
      await db.kysely.destroy();
    }
  });
});

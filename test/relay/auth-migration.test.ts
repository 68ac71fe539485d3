import type { Kysely } from 'kysely';
import { connect } from '../../relay/db/connect';
import { migrate } from '../../relay/db/migrate';
import * as scopedKeys from '../../relay/db/migrations/002_scoped_keys';
import { tempDb } from './support';

describe('migration 002 (scoped keys, hook owners, relay id, hops, replay keys)', () => {
  it('upgrades a database made before it: existing hooks become the admin key\'s, and down() undoes it', async () => {
    const db = connect(tempDb());
    try {
      await migrate(db);
      const raw = db.kysely as unknown as Kysely<any>;
      await raw.transaction().execute((trx) => scopedKeys.down(trx));
      expect((await db.kysely.introspection.getTables()).map((t) => t.name)).not.toContain('keys');
      // A hook and an event as the schema before 002 held them.
      await raw.insertInto('hooks').values({ id: 'hook_old', url: 'https://example.com/h', secret: 'whsec_x', source_id: null, platform: 'horneross', events: '[]', status: 'active', disabled_reason: null, consecutive_failures: 0, created_at: 1 }).execute();
      await raw.insertInto('events').values({ id: 'evt_old', source_id: 'hx', platform: 'horneross', type: 't', delivery_id: 'd', occurred_at: 'x', received_at: 1, body: '{}' }).execute();

      await migrate(db);
      expect(await db.kysely.selectFrom('hooks').select(['id', 'owner']).execute()).toEqual([{ id: 'hook_old', owner: null }]);
      expect(await db.kysely.selectFrom('events').select(['id', 'hops', 'replay_key']).execute()).toEqual([{ id: 'evt_old', hops: null, replay_key: null }]);
      const ids = await db.kysely.selectFrom('relay_settings').selectAll().execute();
      expect(ids).toEqual([{ name: 'relay_id', value: expect.stringMatching(/^rly_/) }]);
      // Running it again changes nothing (until kysely's Migrator records what ran).
      await migrate(db);
      expect(await db.kysely.selectFrom('relay_settings').selectAll().execute()).toEqual(ids);
    } finally {
      await db.kysely.destroy();
    }
  });
});

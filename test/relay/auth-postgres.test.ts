import { PLATFORMS, freshPayload, sign } from '../../shared';
import { startPostgres, type PgCluster } from './postgres';
import { api, post, relay, startSubscriber, until } from './support';

/** The keys' queries on PostgreSQL: scope filtering, ownership, revocation disabling hooks, and migration 002 under two instances. */
describe('subscriber keys on a real PostgreSQL', () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => pg?.stop());

  it('scopes, owns, replays and revokes as on SQLite', async () => {
    const sources = [
      { id: 'hx', platform: 'horneross' as const, secrets: ['hx-secret'] },
      { id: 'md', platform: 'modyo' as const, secrets: ['md-token'] },
    ];
    // Two instances migrating one fresh database at once (migration 002 takes an advisory lock).
    const [r, other] = await Promise.all([relay({ db: pg.url, sources }), relay({ db: pg.url, sources, worker: false })]);
    const sub = await startSubscriber();
    try {
      expect(other.relayId).toBe(r.relayId);
      const key = (await api(r.url, 'POST', '/keys', { name: 'zap', scope: { sources: ['hx'] } })).json!;
      expect((await api(other.url, 'GET', '/me', undefined, key['key'])).json).toMatchObject({ kind: 'subscriber', id: key['id'] });
      const hook = (await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' }, key['key'])).json!;
      expect(hook).toMatchObject({ owner: key['id'] });
      const event = (
        await post(
          `${r.url}/in/hx`,
          sign('horneross', freshPayload('horneross', PLATFORMS.horneross.events[3].sample, 7), { secret: 'hx-secret' }),
        )
      ).json!['id'];
      await post(
        `${r.url}/in/md`,
        sign('modyo', PLATFORMS.modyo.events.find((e) => e.type === 'entry_published_log')!.sample, { secret: 'md-token' }),
      );
      expect(await until(() => sub.received.length === 1)).toBe(true);
      expect(
        (await api(r.url, 'GET', '/events?limit=100', undefined, key['key'])).json!['events'].map((e: { id: string }) => e.id),
      ).toEqual([event]);
      expect((await api(r.url, 'POST', `/events/${event}/replay`, undefined, key['key'])).json).toEqual({ id: event, deliveries: 1 });
      expect(await until(() => sub.received.length === 2)).toBe(true);
      expect((await api(r.url, 'DELETE', `/keys/${key['id']}`)).status).toBe(204);
      expect((await api(other.url, 'GET', '/hooks', undefined, key['key'])).status).toBe(401);
      expect((await api(r.url, 'GET', `/hooks/${hook['id']}`)).json).toMatchObject({
        status: 'disabled',
        disabledReason: 'its key was revoked',
      });
    } finally {
      await Promise.all([r.close(), other.close(), sub.close()]);
    }
  });
});

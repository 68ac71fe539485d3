import { Webhook } from 'standardwebhooks';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import { startRelay, type Relay } from '../../relay';
import { startPostgres, type PgCluster } from './postgres';
import { API_KEY, FAST_FANOUT, LOOPBACK_SUBSCRIBERS, api, post, startSubscriber, until, type Subscriber } from './support';

const SECRET = 'inboundflow-secret';
const sources = [{ id: 'ib', platform: 'inboundflow' as const, secrets: [SECRET] }];
const sample = PLATFORMS.inboundflow.events[0].sample;

describe('relay on a real PostgreSQL', () => {
  let pg: PgCluster;
  let sub: Subscriber;

  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });
  beforeEach(async () => {
    sub = await startSubscriber();
  });
  afterEach(async () => {
    await sub.close();
  });

  it('ingests, stores and delivers a signed event; duplicates are stored once', async () => {
    const r = await startRelay({ port: 0, apiKey: API_KEY, db: pg.url, sources, fanout: FAST_FANOUT, ...LOOPBACK_SUBSCRIBERS });
    try {
      const hook = await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'ib', events: ['call.completed'] });
      const d = sign('inboundflow', freshPayload('inboundflow', sample, 1), { secret: SECRET });
      const first = await post(`${r.url}/in/ib`, d);
      expect(first.status).toBe(202);
      expect((await post(`${r.url}/in/ib`, d)).json).toMatchObject({ duplicate: true, id: first.json!['id'] });
      expect(await until(() => sub.received.length === 1)).toBe(true);
      const verified = new Webhook(hook.json!['secret']).verify(sub.received[0]!.body, sub.received[0]!.headers as Record<string, string>);
      expect(verified).toMatchObject({ type: 'call.completed', platform: 'inboundflow' });
      expect((await api(r.url, 'GET', '/events?platform=inboundflow&limit=5')).json!['events']).toHaveLength(1);
    } finally {
      await r.close();
    }
  });

  it('two relay instances on one database share the work: every event delivered exactly once', async () => {
    const [r1, r2] = await Promise.all([1, 2].map(() => startRelay({ port: 0, apiKey: API_KEY, db: pg.url, sources, fanout: { ...FAST_FANOUT, batchSize: 5, timeoutMs: 10_000 }, ...LOOPBACK_SUBSCRIBERS })));
    const instances: Relay[] = [r1!, r2!];
    try {
      await api(r1!.url, 'POST', '/hooks', { url: sub.url, source: 'ib' });
      const N = 120;
      const ids = new Set<string>();
      let next = 0;
      const lane = async () => {
        while (next < N) {
          const seq = next++;
          const target = instances[seq % 2]!;
          const res = await post(`${target.url}/in/ib`, sign('inboundflow', freshPayload('inboundflow', sample, 100 + seq), { secret: SECRET }));
          if (res.status === 202) ids.add(res.json!['id']);
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
      expect(ids.size).toBe(N);
      const arrived = await until(() => sub.received.length >= N, { tries: 6000 });
      if (!arrived) throw new Error(`only ${sub.received.length}/${N} delivered; deliveries by status: ${JSON.stringify(await r1!.store.deliveryStats())}; hooks: ${JSON.stringify(await r1!.store.listHooks())}`);
      await new Promise((r) => setTimeout(r, 300));
      const delivered = sub.received.map((x) => x.headers['webhook-id'] as string);
      expect(delivered).toHaveLength(N);
      expect(new Set(delivered)).toEqual(ids);
    } finally {
      await Promise.all(instances.map((r) => r.close()));
    }
  }, 200_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import { startRelay, type Relay } from '../../relay';
import { connect } from '../../relay/db/connect';
import { migrate } from '../../relay/db/migrate';
import { migrations } from '../../relay/db/migrations';
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

  it("migrates a fresh database once when several instances start on it at the same moment (the Migrator's lock)", async () => {
    const admin = connect(pg.url);
    await sql`create database fresh_start`.execute(admin.kysely);
    await admin.kysely.destroy();
    const url = pg.url.replace(/\/postgres$/, '/fresh_start');
    const dbs = Array.from({ length: 4 }, () => connect(url));
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db)));
      // One instance applied every migration; the others, which waited for its lock, found nothing to do.
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, 0, Object.keys(migrations('postgres')).length]);
      const kysely = dbs[0]!.kysely as unknown as Kysely<any>;
      const recorded = await kysely.selectFrom('kysely_migration').select('name').orderBy('name').execute();
      expect(recorded.map((r) => r.name)).toEqual(Object.keys(migrations('postgres')).sort());
      expect(await kysely.selectFrom('relay_settings').selectAll().execute()).toEqual([
        { name: 'relay_id', value: expect.stringMatching(/^rly_/) },
      ]);
    } finally {
      await Promise.all(dbs.map((db) => db.kysely.destroy()));
    }
  });

  it("keeps its lock timeout on a URL with the operator's own ?options=, and applies theirs too", async () => {
    const db = connect(`${pg.url}?options=-c%20default_transaction_isolation%3Dserializable`, { busyTimeoutMs: 1234 });
    try {
      const shown = await sql<{ lock_timeout: string; isolation: string }>`
        select current_setting('lock_timeout') as lock_timeout, current_setting('default_transaction_isolation') as isolation`.execute(
        db.kysely,
      );
      expect(shown.rows[0]).toEqual({ lock_timeout: '1234ms', isolation: 'serializable' });
    } finally {
      await db.kysely.destroy();
    }
  });

  /** The most sessions named `app` seen at once while `burst` runs. */
  async function peakSessions(app: string, burst: () => Promise<unknown>): Promise<number> {
    const watcher = connect(pg.url);
    let peak = 0;
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = ${app}`.execute(
          watcher.kysely,
        );
        peak = Math.max(peak, r.rows[0]!.n);
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    try {
      await burst();
    } finally {
      done = true;
      await sampling;
      await watcher.kysely.destroy();
    }
    return peak;
  }

  const burstOf = (base: string, first: number) => async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        post(`${base}/in/ib`, sign('inboundflow', freshPayload('inboundflow', sample, first + i), { secret: SECRET })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
  };

  /** A database of its own, so that this test's events are not the other tests'. */
  async function ownDatabase(name: string, app: string): Promise<string> {
    const admin = connect(pg.url);
    await sql`create database ${sql.id(name)}`.execute(admin.kysely);
    await admin.kysely.destroy();
    return `${pg.url.replace(/\/postgres$/, `/${name}`)}?application_name=${app}`;
  }

  it('opens at most --db-pool-size connections however many deliveries arrive at once (the CLI flag; the default opens more)', async () => {
    const byDefault = await startRelay({ port: 0, apiKey: API_KEY, db: await ownDatabase('pool_default', 'pool_default'), sources });
    try {
      expect(await peakSessions('pool_default', burstOf(byDefault.url, 5000))).toBeGreaterThan(2);
    } finally {
      await byDefault.close();
    }
    const dir = mkdtempSync(join(tmpdir(), 'hookline-pool-'));
    writeFileSync(join(dir, 'relay.json'), JSON.stringify({ sources }));
    const cli = spawn(
      process.execPath,
      [
        '--import',
        require.resolve('tsx'),
        join(__dirname, '../../cli/index.ts'),
        'relay',
        '--port',
        '0',
        '--db',
        await ownDatabase('pool_two', 'pool_two'),
        '--db-pool-size',
        '2',
        '--config',
        join(dir, 'relay.json'),
      ],
      { env: { ...process.env, HOOKLINE_API_KEY: API_KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      cli.stdout!.on('data', (d) => (out += d));
      expect(await until(() => /listening on (http:\/\/\S+)/.test(out), { tries: 1000 })).toBe(true);
      const base = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      const peak = await peakSessions('pool_two', burstOf(base, 6000));
      expect(peak).toBeGreaterThanOrEqual(1);
      expect(peak).toBeLessThanOrEqual(2);
    } finally {
      cli.kill('SIGTERM');
      await new Promise((res) => cli.once('exit', res));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

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
    const [r1, r2] = await Promise.all(
      [1, 2].map(() =>
        startRelay({
          port: 0,
          apiKey: API_KEY,
          db: pg.url,
          sources,
          fanout: { ...FAST_FANOUT, concurrencyPerHook: 3, timeoutMs: 10_000, leaseMs: 30_000 },
          ...LOOPBACK_SUBSCRIBERS,
        }),
      ),
    );
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
          const res = await post(
            `${target.url}/in/ib`,
            sign('inboundflow', freshPayload('inboundflow', sample, 100 + seq), { secret: SECRET }),
          );
          if (res.status === 202) ids.add(res.json!['id']);
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
      expect(ids.size).toBe(N);
      const arrived = await until(() => sub.received.length >= N, { tries: 6000 });
      if (!arrived)
        throw new Error(
          `only ${sub.received.length}/${N} delivered; deliveries by status: ${JSON.stringify(await r1!.store.queue.countByStatus())}; hooks: ${JSON.stringify(await r1!.store.hooks.list())}`,
        );
      await new Promise((r) => setTimeout(r, 300));
      const delivered = sub.received.map((x) => x.headers['webhook-id'] as string);
      expect(delivered).toHaveLength(N);
      expect(new Set(delivered)).toEqual(ids);
    } finally {
      await Promise.all(instances.map((r) => r.close()));
    }
  }, 200_000);

  it('a delivery PostgreSQL cannot store (a NUL in its id) fails alone; its group commit is stored; /readyz reports the migrations', async () => {
    const hx = { id: 'hx', platform: 'horneross' as const, secrets: [SECRET] };
    const r = await startRelay({ port: 0, apiKey: API_KEY, db: pg.url, sources: [hx], fanout: FAST_FANOUT, ...LOOPBACK_SUBSCRIBERS });
    try {
      expect(await api(r.url, 'GET', '/readyz', undefined, 'none')).toMatchObject({
        status: 200,
        json: { ok: true, migrations: { current: true, pending: [] } },
      });
      await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
      const lead = PLATFORMS.horneross.events[3].sample;
      const sends = Array.from({ length: 40 }, (_, i) =>
        sign('horneross', i === 9 ? { ...lead, id: 'nul\u0000id' } : freshPayload('horneross', lead, 500 + i), { secret: SECRET }),
      );
      const answers = await Promise.all(sends.map((d) => post(`${r.url}/in/hx`, d)));
      expect(answers[9]).toMatchObject({ status: 500, json: { error: { code: 'storage_failed' } } });
      const ok = answers.filter((_, i) => i !== 9);
      expect(ok.map((a) => a.status)).toEqual(ok.map(() => 202));
      expect(await until(() => sub.received.length === 39)).toBe(true);
    } finally {
      await r.close();
    }
  });
});

describe('relay with its PostgreSQL gone', () => {
  it('stays alive (/healthz 200, constant, no query) and not ready (/readyz 503); ingest answers 503 database_unavailable', async () => {
    const own = await startPostgres();
    const r = await startRelay({ port: 0, apiKey: API_KEY, db: own.url, sources, fanout: FAST_FANOUT, busyTimeoutMs: 500 });
    try {
      await own.halt();
      expect(await api(r.url, 'GET', '/healthz', undefined, 'none')).toEqual({ status: 200, json: { ok: true } });
      expect(await api(r.url, 'GET', '/', undefined, 'none')).toMatchObject({ status: 200 });
      expect(await api(r.url, 'GET', '/readyz', undefined, 'none')).toMatchObject({
        status: 503,
        json: { ok: false, database: 'unreachable' },
      });
      const d = sign('inboundflow', freshPayload('inboundflow', sample, 990), { secret: SECRET });
      expect(await post(`${r.url}/in/ib`, d)).toMatchObject({ status: 503, json: { error: { code: 'database_unavailable' } } });
    } finally {
      await r.close();
      await own.stop();
    }
  }, 60_000);
});

import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import { up as initialSchema } from '../../relay/db/migrations/001_initial';
import { migrationContext } from '../../relay/db/migrations/context';
import { migrations } from '../../relay/db/migrations';

const MIGRATIONS = Object.keys(migrations('sqlite')).sort();
import { API_KEY, api, metricsText, post, relay, startSubscriber, tempDb, until } from './support';

const SECRET = 'ops-horneross-secret';
const lead = PLATFORMS.horneross.events[3].sample;
const delivery = (seq: number, secret = SECRET) => sign('horneross', freshPayload('horneross', lead, seq), { secret });

describe('relay operations: health, readiness, metrics, logs, migrations, files', () => {
  it('answers /healthz and / without auth, /readyz with the migrations, and 503 when one is pending', async () => {
    const db = tempDb();
    const r = await relay({ db });
    try {
      expect(await api(r.url, 'GET', '/healthz', undefined, 'none')).toEqual({ status: 200, json: { ok: true } });
      expect(await api(r.url, 'GET', '/', undefined, 'none')).toEqual({ status: 200, json: { ok: true, name: 'hookline-relay' } });
      expect(await api(r.url, 'GET', '/readyz', undefined, 'none')).toEqual({
        status: 200,
        json: { ok: true, database: 'ok', migrations: { current: true, applied: MIGRATIONS.length, pending: [] } },
      });
      // A migration this build knows but the database has not applied: not ready.
      const raw = new Sqlite(db);
      raw.prepare("delete from kysely_migration where name = '003_fanout_retention'").run();
      raw.close();
      expect(await api(r.url, 'GET', '/readyz', undefined, 'none')).toMatchObject({
        status: 503,
        json: { ok: false, database: 'ok', migrations: { current: false, pending: ['003_fanout_retention'] } },
      });
      expect((await api(r.url, 'GET', '/healthz', undefined, 'none')).status).toBe(200);
    } finally {
      await r.close();
    }
  });

  it('adopts a database made by the create-if-missing relay: keeps its rows and applies only the new migrations', async () => {
    const db = tempDb();
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new Sqlite(db) }) });
    await initialSchema(old, migrationContext('sqlite'));
    await old
      .insertInto('sources')
      .values({
        id: 'hx',
        platform: 'horneross',
        config: JSON.stringify({ id: 'hx', platform: 'horneross', secrets: [SECRET] }),
        created_at: Date.now(),
      })
      .execute();
    await old.destroy();
    const r = await relay({ db });
    try {
      expect((await post(`${r.url}/in/hx`, delivery(1))).status).toBe(202);
      const raw = new Sqlite(db, { readonly: true });
      expect(raw.prepare('select name from kysely_migration order by name').all()).toEqual(MIGRATIONS.map((name) => ({ name })));
      expect(MIGRATIONS[0]).toBe('001_initial');
      raw.close();
    } finally {
      await r.close();
    }
  });

  it('creates the database 0600 in a 0700 directory', async () => {
    const db = join(dirname(tempDb()), 'fresh', 'relay.sqlite');
    const r = await relay({ db });
    try {
      expect(statSync(db).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(db)).mode & 0o777).toBe(0o700);
      expect(statSync(`${db}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      await r.close();
    }
  });

  it('serves Prometheus metrics to the API key or the metrics token only, and counts ingest, attempts, queue, latency and disabled hooks', async () => {
    const sub = await startSubscriber();
    const gone = await startSubscriber();
    gone.respond(() => ({ status: 410 }));
    const r = await relay({ metricsToken: 'scrape-token-123', sources: [{ id: 'hx', platform: 'horneross', secrets: [SECRET] }] });
    try {
      expect((await metricsText(r.url, 'wrong')).status).toBe(401);
      expect((await metricsText(r.url.replace(/\/$/, ''), 'scrape-token-123')).status).toBe(200);
      expect((await api(r.url, 'GET', '/hooks', undefined, 'scrape-token-123')).status).toBe(401);

      await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
      await api(r.url, 'POST', '/hooks', { url: gone.url, source: 'hx' });
      const first = delivery(10);
      expect((await post(`${r.url}/in/hx`, first)).status).toBe(202);
      for (let i = 1; i < 3; i++) expect((await post(`${r.url}/in/hx`, delivery(10 + i))).status).toBe(202);
      expect((await post(`${r.url}/in/hx`, first)).status).toBe(200);
      expect((await post(`${r.url}/in/hx`, delivery(20, 'forged'))).status).toBe(401);
      expect(await until(() => sub.received.length === 3)).toBe(true);
      expect(await until(async () => (await metricsText(r.url)).text.includes('hookline_hooks_disabled 1'))).toBe(true);

      const { text, contentType } = await metricsText(r.url, 'scrape-token-123');
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(text).toContain('hookline_ingest_total{platform="horneross",source="hx",outcome="accepted"} 3');
      expect(text).toContain('hookline_ingest_total{platform="horneross",source="hx",outcome="duplicate"} 1');
      expect(text).toContain('hookline_ingest_total{platform="horneross",source="hx",outcome="invalid_signature"} 1');
      expect(text).toContain('hookline_fanout_attempts_total{outcome="success"} 3');
      expect(text).toMatch(/hookline_fanout_attempts_total\{outcome="http_error"\} [1-3]/);
      expect(text).toMatch(/hookline_delivery_latency_seconds_count 3/);
      expect(text).toMatch(/hookline_fanout_attempt_duration_seconds_bucket\{le="\+Inf"\} \d+/);
      expect(text).toMatch(/^hookline_queue_depth 0$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    } finally {
      await r.close();
      await sub.close();
      await gone.close();
    }
  });

  it('logs structured JSON lines and never a secret: keys, tokens, signatures, hook secrets, Chatwoot credentials', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const failing = await startSubscriber();
    failing.respond(() => ({ status: 500 }));
    const r = await relay({
      log: { level: 'debug', stream },
      metricsToken: 'metrics-token-xyz',
      fanout: { pollMs: 20, baseMs: 10, maxMs: 20, timeoutMs: 2000, leaseMs: 5000, disableAfterFailures: 3, threshold: 100 },
    });
    try {
      const source = await api(r.url, 'POST', '/sources', { platform: 'horneross', secrets: [SECRET], chatwoot: undefined });
      await api(r.url, 'POST', '/sources', {
        id: 'cw',
        platform: 'conversa',
        secrets: ['cw-secret-abc'],
        chatwoot: { baseUrl: 'http://127.0.0.1:9', accountId: 1, apiAccessToken: 'chatwoot-token-abc' },
      });
      const hook = await api(r.url, 'POST', '/hooks', { url: failing.url, platform: 'horneross' });
      await post(source.json!['ingestUrl'], delivery(1));
      await post(source.json!['ingestUrl'], delivery(2, 'forged-secret'));
      await api(r.url, 'POST', '/sources/cw/register-chatwoot'); // Chatwoot unreachable: a 502, logged
      await api(r.url, 'GET', '/hooks', undefined, 'wrong-key-123');
      await metricsText(r.url, 'metrics-token-xyz');
      expect(await until(async () => (await api(r.url, 'GET', `/hooks/${hook.json!['id']}`)).json!['status'] === 'disabled')).toBe(true);
    } finally {
      await r.close();
      await failing.close();
    }
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(expect.arrayContaining(['delivery attempt failed', 'hook disabled']));
    for (const secret of [
      API_KEY,
      SECRET,
      'cw-secret-abc',
      'chatwoot-token-abc',
      'metrics-token-xyz',
      'forged-secret',
      'whsec_',
      'wrong-key-123',
    ])
      expect(all).not.toContain(secret);
  });
});

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { PLATFORMS, PLATFORM_IDS, freshPayload, getPlatform, sign, type RelayChange } from '../../shared';
import type { Relay } from '../../relay';
import { connect } from '../../relay/db/connect';
import { migrate } from '../../relay/db/migrate';
import * as consoleMigration from '../../relay/db/migrations/004_console';
import { migrationContext } from '../../relay/db/migrations/context';
import { startPostgres, type PgCluster } from './postgres';
import { API_KEY, api, metricsText, post, relay, startSubscriber, tempDb, until, type Subscriber } from './support';

/**
 * The operator routes the console is built on (issue 17), end to end on loopback: real HTTP, a real
 * subscriber, the same scenarios on SQLite and on a real PostgreSQL (their queries differ: ILIKE,
 * integer division, FILTER, SKIP LOCKED).
 */

const SECRET = 'horneross-signing-secret';
const lead = PLATFORMS.horneross.events[3].sample;
const delivery = (seq: number, secret = SECRET, source = lead) => sign('horneross', freshPayload('horneross', source, seq), { secret });
// The circuit opens on the 6th consecutive failure (the retry test's three deliveries × two attempts) and
// stays open for a minute: an operator's retry must still go out at once, as the circuit's probe.
const FANOUT = {
  pollMs: 20,
  baseMs: 30,
  maxMs: 60,
  timeoutMs: 2000,
  leaseMs: 5000,
  maxAttempts: 2,
  threshold: 6,
  cooldownMs: 60_000,
  maxCooldownMs: 60_000,
};

/** A change feed read the way the console reads it: fetch() streaming with the key in a header. */
async function openStream(base: string, key = API_KEY) {
  const controller = new AbortController();
  const res = await fetch(`${base}/stream`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
  const changes: RelayChange[] = [];
  let ready = false;
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const change = JSON.parse(data.slice(6)) as RelayChange;
          if (change.kind === 'ready') ready = true;
          else changes.push(change);
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    changes,
    isReady: () => ready,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

async function freshPgDatabase(cluster: PgCluster): Promise<string> {
  const { Client } = require('pg') as typeof import('pg');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return cluster.url.replace(/\/postgres$/, `/${name}`);
}

const backends: [string, () => Promise<string>][] = [
  ['SQLite', async () => tempDb()],
  ['PostgreSQL', async () => freshPgDatabase(pg)],
];
let pg: PgCluster;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

describe.each(backends)('operator API on %s', (_name, database) => {
  let r: Relay;
  let sub: Subscriber;

  beforeEach(async () => {
    r = await relay({
      db: await database(),
      sources: [{ id: 'hx', platform: 'horneross', secrets: [SECRET] }],
      fanout: FANOUT,
      changePollMs: 50,
      consoleDir: false,
    });
    sub = await startSubscriber();
  });
  afterEach(async () => {
    await r.close();
    await sub.close();
  });

  it('keeps every attempt with its status, latency and response excerpt, lists failed deliveries, retries one and then all of a hook', async () => {
    sub.respond(() => ({ status: 500, body: 'upstream broken <b>bold</b>' }));
    const hook = (await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' })).json!;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post(`${r.url}/in/hx`, delivery(i))).json!['id']);
    const failed = async () =>
      (await api(r.url, 'GET', `/deliveries?status=failed&hook=${hook['id']}`)).json!['deliveries'] as Record<string, any>[];
    expect(await until(async () => (await failed()).length === 3, { tries: 400 })).toBe(true);

    const detail = (await api(r.url, 'GET', `/events/${ids[0]}`)).json!;
    expect(detail['event']).toMatchObject({ id: ids[0], platform: 'horneross', source: 'hx', type: 'lead.captured' });
    expect(detail['headers']).toMatchObject({ 'content-type': 'application/json', 'x-horneross-signature': '••••••••' });
    expect(JSON.stringify(detail['headers'])).not.toMatch(/[0-9a-f]{64}/);
    const [d] = detail['deliveries'];
    expect(d).toMatchObject({ hookId: hook['id'], hookUrl: sub.url, status: 'failed', attempts: 2, nextAttemptAt: null, lastStatus: 500 });
    expect(d.attemptHistory).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 500,
        error: 'HTTP 500',
        responseExcerpt: 'upstream broken <b>bold</b>',
        durationMs: expect.any(Number),
      }),
      expect.objectContaining({ attempt: 2, status: 500 }),
    ]);
    expect((await api(r.url, 'GET', `/deliveries/${d.id}`)).json).toMatchObject({
      id: d.id,
      attemptHistory: [expect.anything(), expect.anything()],
    });
    expect((await api(r.url, 'GET', '/deliveries/dlv_999999')).status).toBe(404);
    expect((await api(r.url, 'GET', '/deliveries/nope')).status).toBe(404);

    // One page at a time, newest first.
    const page1 = (await api(r.url, 'GET', `/deliveries?status=failed&limit=2`)).json!;
    expect(page1['deliveries']).toHaveLength(2);
    const page2 = (await api(r.url, 'GET', `/deliveries?status=failed&limit=2&before=${page1['next']}`)).json!;
    expect(page2).toMatchObject({ next: null, deliveries: [expect.objectContaining({ eventId: ids[0] })] });

    sub.respond(() => ({ status: 200, body: 'ok' }));
    expect((await metricsText(r.url)).text).toMatch(/^hookline_fanout_circuits_open 1$/m);
    expect((await api(r.url, 'POST', `/deliveries/${d.id}/retry`)).json).toEqual({ id: d.id, status: 'pending' });
    expect(await until(() => sub.received.length === 1)).toBe(true);
    expect(await until(async () => (await api(r.url, 'GET', `/deliveries/${d.id}`)).json!['status'] === 'delivered')).toBe(true);
    expect((await api(r.url, 'GET', `/deliveries/${d.id}`)).json!['attemptHistory'][2]).toMatchObject({
      attempt: 3,
      status: 200,
      responseExcerpt: 'ok',
    });

    expect((await api(r.url, 'POST', '/deliveries/retry', {})).status).toBe(400);
    expect((await api(r.url, 'POST', '/deliveries/retry', { hook: hook['id'], dryRun: true })).json).toEqual({
      matched: 2,
      retried: 0,
      skipped: 0,
    });
    expect((await failed()).length).toBe(2);
    expect((await api(r.url, 'POST', '/deliveries/retry', { hook: hook['id'] })).json).toEqual({ matched: 2, retried: 2, skipped: 0 });
    expect(await until(() => sub.received.length === 3)).toBe(true);
    expect(new Set(sub.received.map((x) => x.headers['webhook-id']))).toEqual(new Set(ids));
    // A time range works too, and finds nothing left to retry.
    expect((await api(r.url, 'POST', '/deliveries/retry', { since: new Date(Date.now() - 60_000).toISOString() })).json).toEqual({
      matched: 0,
      retried: 0,
      skipped: 0,
    });
  });

  it('disables and enables a hook by hand; a disabled hook gets nothing and its deliveries are not retried', async () => {
    sub.respond(() => ({ status: 503 }));
    const hook = (await api(r.url, 'POST', '/hooks', { url: sub.url, platform: 'horneross' })).json!;
    const first = (await post(`${r.url}/in/hx`, delivery(50))).json!['id'];
    expect(await until(async () => (await api(r.url, 'GET', `/hooks/${hook['id']}`)).json!['lastFailureAt'] !== null)).toBe(true);
    const disabled = await api(r.url, 'POST', `/hooks/${hook['id']}/disable`);
    expect(disabled.json).toMatchObject({
      status: 'disabled',
      disabledReason: 'disabled by an operator',
      consecutiveFailures: expect.any(Number),
      lastSuccessAt: null,
    });
    expect((await api(r.url, 'GET', '/stats/summary')).json).toMatchObject({ hooksDisabled: 1 });
    const [d] = (await api(r.url, 'GET', `/events/${first}`)).json!['deliveries'];
    expect(d).toMatchObject({ status: 'failed' });
    expect((await api(r.url, 'POST', `/deliveries/${d.id}/retry`)).status).toBe(409);
    expect((await api(r.url, 'POST', '/deliveries/retry', { hook: hook['id'] })).json).toEqual({ matched: 1, retried: 0, skipped: 1 });
    sub.respond(() => ({ status: 200 }));
    await post(`${r.url}/in/hx`, delivery(51));
    await new Promise((res) => setTimeout(res, 150));
    expect(sub.received).toHaveLength(0);

    const enabled = await api(r.url, 'POST', `/hooks/${hook['id']}/enable`);
    expect(enabled.json).toMatchObject({ status: 'active', disabledReason: null, consecutiveFailures: 0 });
    expect((await api(r.url, 'POST', `/deliveries/${d.id}/retry`)).status).toBe(202);
    expect(await until(() => sub.received.length === 1)).toBe(true);
    expect(await until(async () => (await api(r.url, 'GET', `/hooks/${hook['id']}`)).json!['lastSuccessAt'] !== null)).toBe(true);
    for (const action of ['disable', 'enable']) expect((await api(r.url, 'POST', `/hooks/hook_nope/${action}`)).status).toBe(404);
  });

  it('rotates a hook secret: both signatures during the grace period (space-separated), then only the new one', async () => {
    const hook = (await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' })).json!;
    const rotated = (await api(r.url, 'POST', `/hooks/${hook['id']}/rotate-secret`, { graceSeconds: 3600 })).json!;
    expect(rotated['secret']).toMatch(/^whsec_/);
    expect(rotated['secret']).not.toBe(hook['secret']);
    expect(rotated['token']).toMatch(/^hlt_/);
    expect(rotated['token']).not.toBe(hook['token']);
    expect(Date.parse(rotated['previousSecretExpiresAt'])).toBeGreaterThan(Date.now() + 3_500_000);
    await post(`${r.url}/in/hx`, delivery(60));
    expect(await until(() => sub.received.length === 1)).toBe(true);
    const got = sub.received[0]!;
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [hook['secret'], rotated['secret']])
      expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    // Token receivers (Make) hold the token they attached with: it stays until the grace period ends.
    expect(got.headers['hookline-token']).toBe(hook['token']);

    const immediate = (await api(r.url, 'POST', `/hooks/${hook['id']}/rotate-secret`, { graceSeconds: 0 })).json!;
    expect(immediate['previousSecretExpiresAt']).toBeNull();
    await post(`${r.url}/in/hx`, delivery(61));
    expect(await until(() => sub.received.length === 2)).toBe(true);
    const next = sub.received[1]!;
    expect(String(next.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(immediate['secret']).verify(next.body, next.headers as Record<string, string>)).not.toThrow();
    expect(next.headers['hookline-token']).toBe(immediate['token']);
    expect(() => new Webhook(rotated['secret']).verify(next.body, next.headers as Record<string, string>)).toThrow();
    expect(JSON.stringify((await api(r.url, 'GET', '/hooks')).json)).not.toContain(immediate['secret']);
    expect((await api(r.url, 'POST', `/hooks/${hook['id']}/rotate-secret`, { graceSeconds: -1 })).status).toBe(400);
  });

  it("rotates a source's secret: the previous one is accepted until its grace period ends", async () => {
    const given = await api(r.url, 'POST', '/sources/hx/rotate-secret', { secret: 'the-new-horneross-secret', graceSeconds: 3600 });
    expect(given.json).toMatchObject({ id: 'hx', previousSecretsExpireAt: expect.any(String) });
    expect(given.json!['secret']).toBeUndefined();
    expect((await post(`${r.url}/in/hx`, delivery(70))).status).toBe(202);
    expect((await post(`${r.url}/in/hx`, delivery(71, 'the-new-horneross-secret'))).status).toBe(202);
    const view = ((await api(r.url, 'GET', '/sources')).json!['sources'] as Record<string, unknown>[]).find((s) => s['id'] === 'hx');
    expect(view).toMatchObject({
      secrets: 2,
      previousSecretsExpireAt: given.json!['previousSecretsExpireAt'],
      allowUnsigned: false,
      chatwoot: false,
    });

    const generated = (await api(r.url, 'POST', '/sources/hx/rotate-secret', { graceSeconds: 0 })).json!;
    expect(generated).toMatchObject({ id: 'hx', secret: expect.any(String), previousSecretsExpireAt: null });
    // Within the source cache's second the old configuration may still answer; then only the new secret passes.
    expect(
      await until(async () => (await post(`${r.url}/in/hx`, delivery(72, 'the-new-horneross-secret'))).status === 401, { tries: 100 }),
    ).toBe(true);
    expect((await post(`${r.url}/in/hx`, delivery(73))).status).toBe(401);
    expect((await post(`${r.url}/in/hx`, delivery(74, generated['secret']))).status).toBe(202);
    const listed = JSON.stringify((await api(r.url, 'GET', '/sources')).json);
    for (const secret of [SECRET, 'the-new-horneross-secret', generated['secret']]) expect(listed).not.toContain(secret);
    expect((await api(r.url, 'POST', '/sources/nope/rotate-secret', {})).status).toBe(404);
  });

  it('sends a test delivery for every platform: the catalog sample signed with the source secret, ingested and fanned out', async () => {
    for (const platform of PLATFORM_IDS) {
      const spec = getPlatform(platform);
      const secret = spec.signature.kind === 'standard-webhooks' ? `whsec_${randomBytes(24).toString('base64')}` : `secret-${platform}`;
      const id = `t-${platform}`;
      expect((await api(r.url, 'POST', '/sources', { id, platform, secrets: [secret] })).status).toBe(201);
      const type = spec.events[0]?.type ?? 'example.event';
      const result = await api(r.url, 'POST', `/sources/${id}/test`, { type });
      expect({ platform, json: result.json }).toEqual({
        platform,
        json: { type, status: 202, eventId: expect.stringMatching(/^evt_/), error: null },
      });
      const detail = (await api(r.url, 'GET', `/events/${result.json!['eventId']}`)).json!;
      expect(detail['event']).toMatchObject({ platform, source: id, verified: true });
      expect(detail['headers']['x-hookline-test']).toBe('1');
      expect(JSON.stringify(detail)).not.toContain(secret);
      // A second test is a new delivery, not a duplicate.
      expect((await api(r.url, 'POST', `/sources/${id}/test`, { type })).json).toMatchObject({ status: 202 });
    }
    expect((await api(r.url, 'POST', '/sources/hx/test', { type: 'no.such.event' })).status).toBe(422);
    expect((await api(r.url, 'POST', '/sources/nope/test', { type: 'lead.captured' })).status).toBe(404);
    // A token source with its own header name gets the token in that header.
    await api(r.url, 'POST', '/sources', { id: 'tok', platform: 'modyo', secrets: ['a'], tokenHeader: 'X-Other' });
    const viaOther = (await api(r.url, 'POST', '/sources/tok/test', { type: PLATFORMS.modyo.events[0]!.type })).json!;
    expect(viaOther).toMatchObject({ status: 202 });
    expect((await api(r.url, 'GET', `/events/${viaOther['eventId']}`)).json!['headers']['x-other']).toBe('••••••••');
    // A source that accepts unsigned deliveries and has no secret gets an unsigned one.
    await api(r.url, 'POST', '/sources', { id: 'open', platform: 'conversa', allowUnsigned: true });
    expect((await api(r.url, 'POST', '/sources/open/test', { type: 'message_created' })).json).toMatchObject({ status: 202, error: null });
  });

  it('searches events by payload text, status and time, page by page, with delivery counts', async () => {
    sub.respond(() => ({ status: 500 }));
    await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
    const special = { ...lead, data: { ...(lead['data'] as object), note: 'Ünïcode 100%_match' } };
    const a = (await post(`${r.url}/in/hx`, delivery(80, SECRET, special))).json!['id'];
    const b = (await post(`${r.url}/in/hx`, delivery(81))).json!['id'];
    const search = async (qs: string) => (await api(r.url, 'GET', `/events?${qs.includes('limit=') ? '' : 'limit=10&'}${qs}`)).json!;
    expect((await search('q=' + encodeURIComponent('100%_match')))['events'].map((e: { id: string }) => e.id)).toEqual([a]);
    expect((await search('q=' + encodeURIComponent('100%_MATCH')))['events'].map((e: { id: string }) => e.id)).toEqual([a]);
    expect((await search('q=' + encodeURIComponent('0%x')))['events']).toEqual([]);
    expect((await search('q=' + encodeURIComponent('lead@ejemplo.com')))['events']).toHaveLength(2);
    expect(await until(async () => (await search('status=failed'))['events'].length === 2, { tries: 400 })).toBe(true);
    expect((await search('status=delivered'))['events']).toEqual([]);
    const listed = await search(`source=hx&limit=1`);
    expect(listed['events'].map((e: { id: string }) => e.id)).toEqual([b]);
    expect(listed['deliveries']).toEqual({ [b]: { pending: 0, delivered: 0, failed: 1 } });
    const older = await search(`source=hx&limit=1&before=${encodeURIComponent(listed['next'])}`);
    expect(older['events'].map((e: { id: string }) => e.id)).toEqual([a]);
    expect(older['next']).toBeNull();
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await search(`since=${encodeURIComponent(future)}`))['events']).toEqual([]);
    expect((await search(`until=${encodeURIComponent(future)}&source=hx`))['events']).toHaveLength(2);
    expect((await api(r.url, 'GET', '/events?since=yesterday')).status).toBe(400);
  });

  it('counts today and draws the last hour, day and week in buckets, per source', async () => {
    await api(r.url, 'POST', '/sources', { id: 'other', platform: 'horneross', secrets: [SECRET] });
    await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
    for (let i = 0; i < 3; i++) await post(`${r.url}/in/hx`, delivery(90 + i));
    await post(`${r.url}/in/other`, delivery(95));
    expect(await until(() => sub.received.length === 3)).toBe(true);
    // The subscriber has answered; the relay records each outcome right after.
    expect(await until(async () => (await api(r.url, 'GET', '/stats/summary')).json!['deliveriesPending'] === 0)).toBe(true);
    const summary = (await api(r.url, 'GET', '/stats/summary')).json!;
    expect(summary).toMatchObject({ eventsToday: 4, deliveriesPending: 0, deliveriesFailed: 0, hooksDisabled: 0 });
    for (const [range, count, seconds] of [
      ['hour', 12, 300],
      ['day', 24, 3600],
      ['week', 28, 21600],
    ] as const) {
      const series = (await api(r.url, 'GET', `/stats/series?range=${range}`)).json!;
      expect(series).toMatchObject({ range, bucketSeconds: seconds });
      expect(series['buckets']).toHaveLength(count);
      const sum = (key: string) => series['buckets'].reduce((n: number, b: Record<string, number>) => n + b[key]!, 0);
      expect([sum('received'), sum('delivered'), sum('failed')]).toEqual([4, 3, 0]);
    }
    const one = (await api(r.url, 'GET', '/stats/series?range=hour&source=other')).json!;
    expect(one['buckets'].reduce((n: number, b: Record<string, number>) => n + b['received']! + b['delivered']!, 0)).toBe(1);
    expect((await api(r.url, 'GET', '/stats/series?range=year')).status).toBe(400);
    expect(
      (await api(r.url, 'GET', `/stats/summary?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json,
    ).toMatchObject({ eventsToday: 0 });
  });

  it('streams new events, attempts and rejections to a feed authenticated by header, never by URL', async () => {
    expect((await openStream(r.url, 'wrong-key')).status).toBe(401);
    const noHeader = await fetch(`${r.url}/stream?key=${API_KEY}`);
    expect(noHeader.status).toBe(401);
    await noHeader.body?.cancel();
    await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
    const before = (await post(`${r.url}/in/hx`, delivery(100))).json!['id'];
    expect(await until(() => sub.received.length === 1)).toBe(true);
    const feed = await openStream(r.url);
    try {
      expect(feed.status).toBe(200);
      expect(feed.contentType).toMatch(/^text\/event-stream/);
      expect(await until(feed.isReady)).toBe(true);
      const id = (await post(`${r.url}/in/hx`, delivery(101))).json!['id'];
      await post(`${r.url}/in/hx`, delivery(102, 'forged'));
      expect(
        await until(
          () => feed.changes.some((c) => c.kind === 'attempt' && c.eventId === id) && feed.changes.some((c) => c.kind === 'rejection'),
        ),
      ).toBe(true);
      expect(feed.changes.find((c) => c.kind === 'event')).toMatchObject({
        kind: 'event',
        id,
        source: 'hx',
        platform: 'horneross',
        type: 'lead.captured',
      });
      expect(feed.changes.find((c) => c.kind === 'attempt')).toMatchObject({
        ok: true,
        status: 200,
        attempt: 1,
        hookId: expect.stringMatching(/^hook_/),
        deliveryId: expect.stringMatching(/^dlv_/),
      });
      expect(feed.changes.find((c) => c.kind === 'rejection')).toMatchObject({ source: 'hx', code: 'invalid_signature', status: 401 });
      // What was stored before the feed opened is not sent again; nothing is sent twice.
      expect(feed.changes.some((c) => c.kind === 'event' && c.id === before)).toBe(false);
      expect(feed.changes.filter((c) => c.kind === 'event')).toHaveLength(1);
    } finally {
      await feed.close();
    }
  });

  it('shows a subscriber key only its scope and its own hooks: events, deliveries, counts, the change feed', async () => {
    await api(r.url, 'POST', '/sources', { id: 'cw', platform: 'conversa', secrets: ['cw-secret'] });
    const mine = (await api(r.url, 'POST', '/keys', { name: 'zapier', scope: { sources: ['hx'] } })).json!['key'] as string;
    const other = (await api(r.url, 'POST', '/keys', { name: 'make', scope: { sources: ['cw'] } })).json!['key'] as string;
    const myHook = (await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' }, mine)).json!;
    await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' }); // the admin's, on the same source
    const feed = await openStream(r.url, mine);
    try {
      expect(await until(feed.isReady)).toBe(true);
      const hxEvent = (await post(`${r.url}/in/hx`, delivery(110))).json!['id'];
      const cwEvent = (
        await post(
          `${r.url}/in/cw`,
          sign('conversa', freshPayload('conversa', PLATFORMS.conversa.events[3].sample, 1), { secret: 'cw-secret' }),
        )
      ).json!['id'];
      await post(`${r.url}/in/cw`, sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'forged' }));
      await post(`${r.url}/in/hx`, delivery(111, 'forged'));
      expect(await until(() => sub.received.length === 2)).toBe(true);
      expect(
        await until(() => feed.changes.filter((c) => c.kind === 'attempt').length >= 1 && feed.changes.some((c) => c.kind === 'rejection')),
      ).toBe(true);
      await new Promise((res) => setTimeout(res, 300));
      // The feed: hx's event and rejection, the attempt to its own hook; nothing of cw, nor the admin's hook.
      expect(cwEvent).toEqual(expect.any(String)); // stored (202), just not in this key's feed
      expect(feed.changes.filter((c) => c.kind === 'event').map((c) => c.kind === 'event' && c.id)).toEqual([hxEvent]);
      expect(feed.changes.filter((c) => c.kind === 'attempt').map((c) => c.kind === 'attempt' && c.hookId)).toEqual([myHook['id']]);
      expect(feed.changes.filter((c) => c.kind === 'rejection').map((c) => c.kind === 'rejection' && c.source)).toEqual(['hx']);
    } finally {
      await feed.close();
    }
    const as = (key: string, path: string) => api(r.url, 'GET', path, undefined, key);
    const listed = (await as(mine, '/events?limit=50')).json!;
    expect(listed['events'].map((e: { source: string }) => e.source)).toEqual(['hx']);
    const [hxEvent] = listed['events'].map((e: { id: string }) => e.id);
    expect(listed['deliveries'][hxEvent]).toEqual({ pending: 0, delivered: 1, failed: 0 });
    expect((await api(r.url, 'GET', '/events?limit=50')).json!['deliveries'][hxEvent]).toEqual({ pending: 0, delivered: 2, failed: 0 });
    expect((await as(mine, `/events/${hxEvent}`)).json!['deliveries'].map((d: { hookId: string }) => d.hookId)).toEqual([myHook['id']]);
    expect((await as(other, `/events/${hxEvent}`)).status).toBe(404);
    expect((await as(mine, '/deliveries')).json!['deliveries'].map((d: { hookId: string }) => d.hookId)).toEqual([myHook['id']]);
    expect((await as(other, '/deliveries')).json!['deliveries']).toEqual([]);
    expect((await as(mine, '/events?q=lead')).json!['events']).toHaveLength(1);
    expect((await as(other, '/events?q=lead')).json!['events']).toEqual([]);
    expect((await as(mine, '/stats/summary')).json).toMatchObject({ eventsToday: 1 });
    expect((await as(other, '/stats/summary')).json).toMatchObject({ eventsToday: 1, hooksDisabled: 0 });
    expect((await api(r.url, 'GET', '/stats/summary')).json).toMatchObject({ eventsToday: 2 });
    const series = (await as(mine, '/stats/series?range=hour')).json!['buckets'] as { received: number; delivered: number }[];
    expect([series.reduce((n, b) => n + b.received, 0), series.reduce((n, b) => n + b.delivered, 0)]).toEqual([1, 1]);
    // Acting on another key's hook or delivery is answered like a missing one; the source's secret is the admin's.
    const [adminDelivery] = (await api(r.url, 'GET', `/events/${hxEvent}`)).json!['deliveries'].filter(
      (d: { hookId: string }) => d.hookId !== myHook['id'],
    );
    expect((await api(r.url, 'POST', `/deliveries/${adminDelivery.id}/retry`, undefined, mine)).status).toBe(404);
    expect((await api(r.url, 'POST', `/hooks/${adminDelivery.hookId}/disable`, undefined, mine)).status).toBe(404);
    expect((await api(r.url, 'POST', '/sources/hx/rotate-secret', {}, mine)).status).toBe(403);
    expect((await api(r.url, 'POST', '/sources/hx/test', { type: 'lead.captured' }, mine)).status).toBe(403);
    expect((await api(r.url, 'GET', '/sources', undefined, mine)).json!['sources']).toEqual([
      { id: 'hx', platform: 'horneross', ingestUrl: `${r.url}/in/hx`, allowUnsigned: false },
    ]);
  });

  it('migration 004_console goes down and up again on a migrated database', async () => {
    const db = connect(await database());
    try {
      await migrate(db);
      const columns = async (table: string) =>
        (await db.kysely.introspection.getTables()).find((t) => t.name === table)!.columns.map((c) => c.name);
      expect(await columns('events')).toContain('headers');
      await consoleMigration.down(db.kysely as unknown as Kysely<unknown>);
      expect(await columns('events')).not.toContain('headers');
      expect(await columns('hooks')).not.toContain('previous_secret');
      await consoleMigration.up(db.kysely as unknown as Kysely<unknown>, migrationContext(db.kind));
      expect(await columns('attempts')).toContain('response_excerpt');
      expect(await columns('hooks')).toEqual(expect.arrayContaining(['previous_secret', 'previous_secret_expires_at', 'last_failure_at']));
    } finally {
      await db.kysely.destroy();
    }
  });

  it('serves the catalog with labels and setup steps in English and Spanish', async () => {
    const catalog = (await api(r.url, 'GET', '/catalog')).json!;
    expect(catalog['platforms'].map((p: { id: string }) => p.id)).toEqual(PLATFORM_IDS);
    const inboundflow = catalog['platforms'].find((p: { id: string }) => p.id === 'inboundflow');
    expect(inboundflow.setup.es).toContain('Probar Webhook');
    expect(inboundflow.events[0]).toMatchObject({ type: 'call.completed', label: { en: expect.any(String), es: expect.any(String) } });
    expect(catalog['platforms'].find((p: { id: string }) => p.id === 'conversa').registersItself).toBe(true);
    expect((await api(r.url, 'GET', '/catalog', undefined, 'bad')).status).toBe(401);
  });
});

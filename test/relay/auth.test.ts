import Database from 'better-sqlite3';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { PLATFORMS, freshPayload, relayClient, relayRoutes, routePath, sign, type HttpTransport, type RelayRouteName } from '../../shared';
import type { Relay } from '../../relay';
import { API_KEY, api, post, relay, startSubscriber, tempDb, until, type Subscriber } from './support';

/**
 * Who may call what: every route of `relayRoutes` against the admin key, a subscriber key whose scope holds
 * the route's target, one whose scope does not, a revoked key, and no key. A route added to the table
 * without a row here fails the first test.
 */

const HX = 'hx-secret';
const sources = [
  { id: 'hx', platform: 'horneross' as const, secrets: [HX] },
  { id: 'cw', platform: 'conversa' as const, secrets: ['cw-secret'] },
  { id: 'md', platform: 'modyo' as const, secrets: ['md-token'] },
];
const lead = PLATFORMS.horneross.events[3].sample;
let seq = 0;
const hxDelivery = () => sign('horneross', freshPayload('horneross', lead, 1000 + seq++), { secret: HX });

const METRICS_TOKEN = 'matrix-metrics-token-0123';

type Who = 'admin' | 'inScope' | 'outOfScope' | 'revoked' | 'none';
const WHO: readonly Who[] = ['admin', 'inScope', 'outOfScope', 'revoked', 'none'];

interface Fixture {
  r: Relay;
  keys: Record<Who, string>;
  inScopeKeyId: string;
  /** A hook the in-scope key created on hx. */
  hookOfInScope: () => Promise<string>;
  /** A delivery to a new hook of the in-scope key (of a new event on hx). */
  deliveryOfInScope: () => Promise<string>;
  eventOnHx: string;
}

interface Row {
  /** Builds the request; called once per principal, so state-changing routes get a fresh target each time. */
  readonly call: (f: Fixture) => Promise<{ params?: Record<string, string>; query?: string; body?: unknown }>;
  readonly expect: Record<Who, number>;
  /** Further checks of what each principal got back or changed. */
  readonly then?: (
    f: Fixture,
    who: Who,
    json: Record<string, any> | undefined,
    target: { params?: Record<string, string> },
  ) => Promise<void>;
}

const SUBSCRIBER_ROUTE = (ok: number, outOfScope: number) => ({ admin: ok, inScope: ok, outOfScope, revoked: 401, none: 401 });
const ADMIN_ROUTE = (ok: number) => ({ admin: ok, inScope: 403, outOfScope: 403, revoked: 401, none: 401 });
const PUBLIC_ROUTE = (ok: number) => ({ admin: ok, inScope: ok, outOfScope: ok, revoked: ok, none: ok });

const MATRIX: Record<RelayRouteName, Row> = {
  status: { call: async () => ({}), expect: PUBLIC_ROUTE(200) },
  healthz: { call: async () => ({}), expect: PUBLIC_ROUTE(200) },
  readyz: { call: async () => ({}), expect: PUBLIC_ROUTE(200) },
  // The admin key or the metrics token (below); a subscriber key is refused like on an admin route.
  metrics: {
    call: async () => ({}),
    expect: ADMIN_ROUTE(200),
    then: async (_f, who, json) => {
      if (who === 'inScope' || who === 'outOfScope') expect(json).toMatchObject({ error: { code: 'forbidden' } });
    },
  },
  openapi: { call: async () => ({}), expect: PUBLIC_ROUTE(200) },
  ingest: { call: async () => ({ params: { sourceId: 'hx' }, body: 'ingest' }), expect: PUBLIC_ROUTE(202) },
  me: {
    call: async () => ({}),
    expect: SUBSCRIBER_ROUTE(200, 200),
    then: async (f, who, json) => {
      if (who === 'admin') expect(json).toEqual({ kind: 'admin', name: 'admin' });
      if (who === 'inScope')
        expect(json).toEqual({ kind: 'subscriber', id: f.inScopeKeyId, name: 'zapier: sales', scope: { sources: ['hx'], platforms: [] } });
      if (who === 'revoked') expect(json).toMatchObject({ error: { code: 'key_revoked' } });
      if (who === 'none') expect(json).toMatchObject({ error: { code: 'unauthorized' } });
    },
  },
  createHook: {
    call: async () => ({ body: { url: 'https://hooks.example.com/a', source: 'hx' } }),
    expect: SUBSCRIBER_ROUTE(201, 403),
    then: async (f, who, json) => {
      if (who === 'admin') expect(json).toMatchObject({ owner: null });
      if (who === 'inScope') expect(json).toMatchObject({ owner: f.inScopeKeyId, source: 'hx', secret: expect.stringMatching(/^whsec_/) });
      if (who === 'outOfScope') expect(json).toMatchObject({ error: { code: 'out_of_scope' } });
    },
  },
  listHooks: {
    call: async () => ({}),
    expect: SUBSCRIBER_ROUTE(200, 200),
    then: async (f, who, json) => {
      if (who === 'revoked' || who === 'none') return;
      const owners = new Set((json!['hooks'] as { owner: string | null }[]).map((h) => h.owner));
      if (who === 'admin') expect(owners.has(f.inScopeKeyId) && owners.has(null)).toBe(true);
      if (who === 'inScope') expect([...owners]).toEqual([f.inScopeKeyId]);
      if (who === 'outOfScope') expect(json!['hooks']).toEqual([]);
    },
  },
  getHook: { call: async (f) => ({ params: { id: await f.hookOfInScope() } }), expect: SUBSCRIBER_ROUTE(200, 404) },
  deleteHook: {
    call: async (f) => ({ params: { id: await f.hookOfInScope() } }),
    expect: SUBSCRIBER_ROUTE(204, 204),
    then: async (f, who, _json, target) => {
      // 204 for everyone (idempotent, and another key's hook looks missing), but only the owner and the admin delete it.
      const still = (await api(f.r.url, 'GET', `/hooks/${target.params!['id']}`)).status;
      expect(still).toBe(who === 'admin' || who === 'inScope' ? 404 : 200);
    },
  },
  listEvents: {
    call: async () => ({ query: 'source=hx' }),
    expect: SUBSCRIBER_ROUTE(200, 403),
    then: async (_f, who, json) => {
      if (who === 'admin' || who === 'inScope')
        expect((json!['events'] as { source: string }[]).every((e) => e.source === 'hx')).toBe(true);
      if (who === 'admin' || who === 'inScope') expect(json!['events'].length).toBeGreaterThan(0);
    },
  },
  replayEvent: { call: async (f) => ({ params: { id: f.eventOnHx } }), expect: SUBSCRIBER_ROUTE(202, 404) },
  listRejections: { call: async () => ({}), expect: ADMIN_ROUTE(200) },
  listSources: {
    call: async () => ({}),
    expect: SUBSCRIBER_ROUTE(200, 200),
    then: async (_f, who, json) => {
      const ids = json?.['sources']?.map((s: { id: string }) => s.id);
      if (who === 'admin') expect(ids).toEqual(['hx', 'cw', 'md']);
      if (who === 'inScope') expect(ids).toEqual(['hx']);
      if (who === 'outOfScope') expect(ids).toEqual(['cw']);
    },
  },
  createSource: { call: async () => ({ body: { platform: 'modyo', secrets: ['new-token'] } }), expect: ADMIN_ROUTE(201) },
  deleteSource: {
    call: async (f) => {
      const id = `tmp${seq++}`;
      await api(f.r.url, 'POST', '/sources', { id, platform: 'modyo', secrets: ['t'] });
      return { params: { id } };
    },
    expect: ADMIN_ROUTE(204),
  },
  // The admin gets past the rule to the route's own check: hx has no Chatwoot credentials (400).
  registerChatwoot: { call: async () => ({ params: { id: 'hx' } }), expect: ADMIN_ROUTE(400) },
  createKey: { call: async () => ({ body: { name: 'another', scope: { sources: ['cw'] } } }), expect: ADMIN_ROUTE(201) },
  listKeys: { call: async () => ({}), expect: ADMIN_ROUTE(200) },
  revokeKey: {
    call: async (f) => ({
      params: { id: (await api(f.r.url, 'POST', '/keys', { name: 'throwaway', scope: { platforms: ['iris'] } })).json!['id'] },
    }),
    expect: ADMIN_ROUTE(204),
  },
  // The operator routes of the console (issue 17): a subscriber key reaches its scope's events and its own hooks' deliveries.
  catalog: { call: async () => ({}), expect: SUBSCRIBER_ROUTE(200, 200) },
  getEvent: {
    call: async (f) => ({ params: { id: f.eventOnHx } }),
    expect: SUBSCRIBER_ROUTE(200, 404),
    then: async (_f, who, json) => {
      if (who === 'admin' || who === 'inScope') expect(json).toMatchObject({ event: { source: 'hx' }, headers: expect.any(Object) });
    },
  },
  listDeliveries: {
    call: async (f) => {
      await f.deliveryOfInScope();
      return {};
    },
    expect: SUBSCRIBER_ROUTE(200, 200),
    then: async (f, who, json) => {
      if (who === 'revoked' || who === 'none') return;
      const hooks = new Set((json!['deliveries'] as { hookId: string }[]).map((d) => d.hookId));
      if (who === 'outOfScope') expect(hooks.size).toBe(0);
      if (who === 'inScope')
        for (const id of hooks) expect((await api(f.r.url, 'GET', `/hooks/${id}`, undefined, f.keys.inScope)).status).toBe(200);
      if (who === 'admin') expect(hooks.size).toBeGreaterThan(0);
    },
  },
  getDelivery: { call: async (f) => ({ params: { id: await f.deliveryOfInScope() } }), expect: SUBSCRIBER_ROUTE(200, 404) },
  retryDelivery: { call: async (f) => ({ params: { id: await f.deliveryOfInScope() } }), expect: SUBSCRIBER_ROUTE(202, 404) },
  retryDeliveries: {
    call: async (f) => ({ body: { hook: await f.hookOfInScope(), dryRun: true } }),
    expect: SUBSCRIBER_ROUTE(200, 200),
    then: async (_f, who, json) => {
      if (who === 'outOfScope') expect(json).toEqual({ matched: 0, retried: 0, skipped: 0 });
    },
  },
  disableHook: { call: async (f) => ({ params: { id: await f.hookOfInScope() } }), expect: SUBSCRIBER_ROUTE(200, 404) },
  enableHook: { call: async (f) => ({ params: { id: await f.hookOfInScope() } }), expect: SUBSCRIBER_ROUTE(200, 404) },
  rotateHookSecret: { call: async (f) => ({ params: { id: await f.hookOfInScope() }, body: {} }), expect: SUBSCRIBER_ROUTE(200, 404) },
  rotateSourceSecret: {
    call: async (f) => {
      const id = `rot${seq++}`;
      await api(f.r.url, 'POST', '/sources', { id, platform: 'modyo', secrets: ['t'] });
      return { params: { id }, body: {} };
    },
    expect: ADMIN_ROUTE(200),
  },
  testDelivery: { call: async () => ({ params: { id: 'hx' }, body: { type: 'lead.captured' } }), expect: ADMIN_ROUTE(200) },
  statsSummary: {
    call: async () => ({}),
    expect: SUBSCRIBER_ROUTE(200, 200),
    then: async (_f, who, json) => {
      if (who === 'outOfScope') expect(json).toMatchObject({ eventsToday: 0, deliveriesPending: 0, deliveriesFailed: 0, hooksDisabled: 0 });
      if (who === 'inScope') expect(json!['eventsToday']).toBeGreaterThan(0);
    },
  },
  statsSeries: { call: async () => ({ query: 'range=hour' }), expect: SUBSCRIBER_ROUTE(200, 200) },
  stream: { call: async () => ({}), expect: SUBSCRIBER_ROUTE(200, 200) },
  console: { call: async () => ({}), expect: PUBLIC_ROUTE(503) },
  consoleAsset: { call: async () => ({ params: { file: 'app.js' } }), expect: PUBLIC_ROUTE(404) },
};

async function callRoute(f: Fixture, name: RelayRouteName, who: Who) {
  const spec = relayRoutes[name];
  const target = await MATRIX[name].call(f);
  const url = `${f.r.url}${routePath(spec.path, target.params)}${target.query ? `?${target.query}` : ''}`;
  const headers: Record<string, string> = who === 'none' ? {} : { authorization: `Bearer ${f.keys[who]}` };
  let body: string | undefined;
  if (target.body === 'ingest') {
    const d = hxDelivery();
    Object.assign(headers, d.headers);
    body = d.body as string;
  } else if (target.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(target.body);
  }
  const res = await request(url, { method: spec.method, headers, body });
  // The change feed never ends by itself: its status and headers are the answer.
  if (name === 'stream' && res.statusCode === 200) {
    res.body.destroy();
    return { status: res.statusCode, json: undefined, target };
  }
  const text = await res.body.text();
  return { status: res.statusCode, json: text && text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : undefined, target };
}

describe('relay keys: the route rules', () => {
  let f: Fixture;

  beforeAll(async () => {
    const r = await relay({ sources, consoleDir: false, metricsToken: METRICS_TOKEN });
    const make = async (name: string, scope: object) => (await api(r.url, 'POST', '/keys', { name, scope })).json!;
    const inScope = await make('zapier: sales', { sources: ['hx'] });
    const outOfScope = await make('make: support', { sources: ['cw'] });
    const revoked = await make('old zap', { sources: ['hx'] });
    expect((await api(r.url, 'DELETE', `/keys/${revoked['id']}`)).status).toBe(204);
    const eventOnHx = (await post(`${r.url}/in/hx`, hxDelivery())).json!['id'] as string;
    const hookOfInScope = async () =>
      (await api(r.url, 'POST', '/hooks', { url: 'https://hooks.example.com/mine', source: 'hx' }, inScope['key'])).json!['id'] as string;
    await api(r.url, 'POST', '/hooks', { url: 'https://hooks.example.com/admin', source: 'hx' });
    f = {
      r,
      keys: { admin: API_KEY, inScope: inScope['key'], outOfScope: outOfScope['key'], revoked: revoked['key'], none: '' },
      inScopeKeyId: inScope['id'],
      hookOfInScope,
      deliveryOfInScope: async () => {
        const hook = await hookOfInScope();
        await post(`${r.url}/in/hx`, hxDelivery());
        let id: string | undefined;
        await until(async () => (id = (await api(r.url, 'GET', `/deliveries?hook=${hook}`)).json!['deliveries'][0]?.id) !== undefined);
        return id!;
      },
      eventOnHx,
    };
  });
  afterAll(() => f.r.close());

  it('has a rule for every route of relayRoutes', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(relayRoutes).sort());
  });

  const cases = (Object.keys(MATRIX) as RelayRouteName[]).flatMap((name) => WHO.map((who) => [name, relayRoutes[name].auth, who] as const));
  it.each(cases)('%s (%s) as %s', async (name, _auth, who) => {
    const got = await callRoute(f, name, who);
    expect({ who, status: got.status }).toEqual({ who, status: MATRIX[name].expect[who] });
    if (got.status === 401) expect(got.json!['error']['code']).toBe(who === 'revoked' ? 'key_revoked' : 'unauthorized');
    if (got.status === 403) expect(got.json!['error']['code']).toBe(relayRoutes[name].auth === 'subscriber' ? 'out_of_scope' : 'forbidden');
    await MATRIX[name].then?.(f, who, got.json, got.target);
  });

  it('takes the metrics token on /metrics and public routes only: every other route answers it 401 unauthorized', async () => {
    for (const name of Object.keys(MATRIX) as RelayRouteName[]) {
      const spec = relayRoutes[name];
      const target = await MATRIX[name].call(f);
      if (target.body === 'ingest') continue; // public, and takes a signed delivery: covered above
      const res = await request(`${f.r.url}${routePath(spec.path, target.params)}${target.query ? `?${target.query}` : ''}`, {
        method: spec.method,
        headers: { authorization: `Bearer ${METRICS_TOKEN}`, ...(target.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: target.body === undefined ? undefined : JSON.stringify(target.body),
      });
      const text = await res.body.text();
      const expected = spec.auth === 'public' || spec.auth === 'metrics' ? MATRIX[name].expect.admin : 401;
      expect({ name, status: res.statusCode }).toEqual({ name, status: expected });
      if (spec.auth === 'metrics') expect(text).toMatch(/^hookline_ingest_total/m);
      if (expected === 401) expect(JSON.parse(text)).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers a wrong key and a malformed header like no key', async () => {
    for (const authorization of [
      'Bearer nope',
      'Bearer hlsk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'Basic abc',
      `Bearer ${f.keys.inScope}x`,
    ]) {
      const res = await request(`${f.r.url}/me`, { headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(((await res.body.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });
});

describe('relay keys: scope, ownership and revocation', () => {
  let r: Relay;
  let db: string;
  let subA: Subscriber;
  let subB: Subscriber;
  beforeEach(async () => {
    db = tempDb();
    r = await relay({ sources, db });
    [subA, subB] = await Promise.all([startSubscriber(), startSubscriber()]);
  });
  afterEach(async () => {
    await r.close();
    await subA.close();
    await subB.close();
  });
  const newKey = async (scope: object, name = 'k') => (await api(r.url, 'POST', '/keys', { name, scope })).json!;

  it('shows a key once and stores only its SHA-256', async () => {
    const created = await api(r.url, 'POST', '/keys', { name: 'zapier', scope: { sources: ['hx'], platforms: ['modyo'] } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      key: expect.stringMatching(/^hlsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
      scope: { sources: ['hx'], platforms: ['modyo'] },
      revokedAt: null,
    });
    const key = created.json!['key'] as string;
    const listed = await api(r.url, 'GET', '/keys');
    expect(listed.json!['keys']).toEqual([expect.objectContaining({ id: created.json!['id'], name: 'zapier' })]);
    expect(JSON.stringify(listed.json)).not.toContain(key.slice(22));
    const file = new Database(db, { readonly: true });
    try {
      const rows = file.prepare('select * from keys').all() as { key_hash: string }[];
      expect(JSON.stringify(rows)).not.toContain(key.slice(22));
      expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      file.close();
    }
  });

  it('refuses a key scope that names a missing source or nothing', async () => {
    expect((await api(r.url, 'POST', '/keys', { name: 'x', scope: { sources: ['nope'] } })).json).toMatchObject({
      error: { code: 'unknown_source' },
    });
    expect((await api(r.url, 'POST', '/keys', { name: 'x', scope: {} })).status).toBe(400);
    expect((await api(r.url, 'POST', '/keys', { name: 'x', scope: { platforms: ['nope'] } })).status).toBe(400);
  });

  it('lists only events of the scope, by source and by platform', async () => {
    const md = PLATFORMS.modyo.events.find((e) => e.type === 'entry_published_log')!.sample;
    await post(`${r.url}/in/hx`, hxDelivery());
    await post(`${r.url}/in/md`, sign('modyo', md, { secret: 'md-token' }));
    await post(`${r.url}/in/cw`, sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'cw-secret' }));
    const both = await newKey({ sources: ['hx'], platforms: ['modyo'] });
    const sources = (events: { source: string }[]) => events.map((e) => e.source).sort();
    expect(sources((await api(r.url, 'GET', '/events?limit=100', undefined, both['key'])).json!['events'])).toEqual(['hx', 'md']);
    expect(sources((await api(r.url, 'GET', '/events?platform=modyo', undefined, both['key'])).json!['events'])).toEqual(['md']);
    expect(sources((await api(r.url, 'GET', '/events?source=md', undefined, both['key'])).json!['events'])).toEqual(['md']);
    expect((await api(r.url, 'GET', '/events?platform=conversa', undefined, both['key'])).json!['events']).toEqual([]);
    expect((await api(r.url, 'GET', '/events?source=cw', undefined, both['key'])).status).toBe(403);
    // A source that does not exist is out of scope too: a key learns nothing of sources beyond its scope.
    expect((await api(r.url, 'GET', '/events?source=nope', undefined, both['key'])).status).toBe(403);
    expect(sources((await api(r.url, 'GET', '/events?limit=100')).json!['events'])).toEqual(['cw', 'hx', 'md']);
  });

  it('subscribes a key only within its scope, and says nothing of sources beyond it', async () => {
    const hxOnly = await newKey({ sources: ['hx'] });
    const modyo = await newKey({ platforms: ['modyo'] });
    const hook = (key: string, body: object) => api(r.url, 'POST', '/hooks', { url: 'https://hooks.example.com/x', ...body }, key);
    expect((await hook(hxOnly['key'], { platform: 'modyo' })).json).toMatchObject({ error: { code: 'out_of_scope' } });
    expect((await hook(hxOnly['key'], { source: 'nope' })).status).toBe(403);
    expect((await hook(API_KEY, { source: 'nope' })).json).toMatchObject({ error: { code: 'unknown_source' } });
    expect((await hook(modyo['key'], { platform: 'modyo' })).status).toBe(201);
    expect((await hook(modyo['key'], { source: 'md' })).status).toBe(201);
    expect((await hook(modyo['key'], { source: 'hx' })).status).toBe(403);
    expect((await hook(modyo['key'], { source: 'md', platform: 'horneross' })).json).toMatchObject({ error: { code: 'wrong_platform' } });
  });

  it("narrows a key's platform-wide hook to the key's scope: only the platform's sources it may see", async () => {
    const second = await api(r.url, 'POST', '/sources', { id: 'hx2', platform: 'horneross', secrets: ['hx2-secret'] });
    expect(second.status).toBe(201);
    const hxOnly = await newKey({ sources: ['hx'] });
    const hook = await api(r.url, 'POST', '/hooks', { url: subA.url, platform: 'horneross' }, hxOnly['key']);
    expect(hook).toMatchObject({ status: 201, json: { platform: 'horneross', source: null, owner: hxOnly['id'] } });
    await api(r.url, 'POST', '/hooks', { url: subB.url, platform: 'horneross' });
    await post(`${r.url}/in/hx2`, sign('horneross', freshPayload('horneross', lead, 50), { secret: 'hx2-secret' }));
    await post(`${r.url}/in/hx`, hxDelivery());
    expect(await until(() => subA.received.length === 1 && subB.received.length === 2)).toBe(true);
    await new Promise((res) => setTimeout(res, 150));
    expect(subA.received.map((x) => JSON.parse(x.body).source)).toEqual(['hx']);
  });

  it("delivers to a key's hooks, and replays an event only to the replaying key's own hooks", async () => {
    const a = await newKey({ sources: ['hx'] }, 'a');
    const b = await newKey({ platforms: ['horneross'] }, 'b');
    expect((await api(r.url, 'POST', '/hooks', { url: subA.url, source: 'hx' }, a['key'])).status).toBe(201);
    expect((await api(r.url, 'POST', '/hooks', { url: subB.url, platform: 'horneross' }, b['key'])).status).toBe(201);
    const event = (await post(`${r.url}/in/hx`, hxDelivery())).json!['id'];
    expect(await until(() => subA.received.length === 1 && subB.received.length === 1)).toBe(true);
    expect((await api(r.url, 'POST', `/events/${event}/replay`, undefined, a['key'])).json).toEqual({ id: event, deliveries: 1 });
    expect(await until(() => subA.received.length === 2)).toBe(true);
    await new Promise((res) => setTimeout(res, 150));
    expect(subB.received).toHaveLength(1);
  });

  it('revoking a key refuses it at once and disables its hooks, whose pending deliveries stop', async () => {
    const k = await newKey({ sources: ['hx'] });
    subA.respond(() => ({ status: 503, headers: { 'retry-after': '3600' } }));
    const hook = (await api(r.url, 'POST', '/hooks', { url: subA.url, source: 'hx' }, k['key'])).json!;
    const kept = (await api(r.url, 'POST', '/hooks', { url: subB.url, source: 'hx' })).json!;
    await post(`${r.url}/in/hx`, hxDelivery());
    expect(await until(async () => (await r.store.queue.countByStatus())['delivered'] === 1)).toBe(true);
    expect(await r.store.queue.countByStatus()).toMatchObject({ pending: 1 });

    expect((await api(r.url, 'DELETE', `/keys/${k['id']}`)).status).toBe(204);
    expect((await api(r.url, 'DELETE', `/keys/${k['id']}`)).status).toBe(204);
    expect((await api(r.url, 'DELETE', '/keys/key_0000000000000000')).status).toBe(404);
    expect((await api(r.url, 'GET', '/me', undefined, k['key'])).json).toMatchObject({ error: { code: 'key_revoked' } });
    expect((await api(r.url, 'GET', `/hooks/${hook['id']}`)).json).toMatchObject({
      status: 'disabled',
      disabledReason: 'its key was revoked',
    });
    expect((await api(r.url, 'GET', `/hooks/${kept['id']}`)).json).toMatchObject({ status: 'active' });
    expect(await r.store.queue.countByStatus()).toEqual({ delivered: 1, failed: 1 });
    expect((await api(r.url, 'GET', '/keys')).json!['keys'][0]).toMatchObject({ id: k['id'], revokedAt: expect.any(String) });
  });

  it("keeps a revoked key's delivery failed when an attempt in flight at the revocation fails afterwards (no retry resurrects it)", async () => {
    const k = await newKey({ sources: ['hx'] });
    const held: ServerResponse[] = [];
    const hung = createServer((req, res) => (req.resume(), held.push(res)));
    await new Promise<void>((done) => hung.listen(0, '127.0.0.1', done));
    try {
      await api(r.url, 'POST', '/hooks', { url: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/`, source: 'hx' }, k['key']);
      await post(`${r.url}/in/hx`, hxDelivery());
      expect(await until(() => held.length === 1)).toBe(true);
      expect((await api(r.url, 'DELETE', `/keys/${k['id']}`)).status).toBe(204);
      held.splice(0).forEach((res) => res.writeHead(503).end()); // the in-flight attempt fails after the revocation
      expect(await until(async () => (await r.store.queue.pending()) === 0 && (await attemptsRecorded(db)) === 1)).toBe(true);
      await new Promise((res) => setTimeout(res, 200)); // FAST_FANOUT would have retried by now
      expect(await r.store.queue.countByStatus()).toEqual({ failed: 1 });
      expect(held).toHaveLength(0);
    } finally {
      hung.closeAllConnections();
      await new Promise((done) => hung.close(done));
    }
  });

  it('creates a source without secrets only when it says allowUnsigned: true, and shows it to every key that sees the source', async () => {
    expect((await api(r.url, 'POST', '/sources', { id: 'open', platform: 'iris' })).json).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringContaining('allowUnsigned: true') },
    });
    const created = await api(r.url, 'POST', '/sources', { id: 'open', platform: 'iris', allowUnsigned: true });
    expect(created).toMatchObject({ status: 201, json: { id: 'open', allowUnsigned: true } });
    const k = await newKey({ platforms: ['iris', 'horneross'] });
    for (const key of [API_KEY, k['key']]) {
      const listed = (await api(r.url, 'GET', '/sources', undefined, key)).json!['sources'] as { id: string; allowUnsigned: boolean }[];
      expect(listed.filter((s) => s.id === 'open' || s.id === 'hx').map((s) => [s.id, s.allowUnsigned])).toEqual([
        ['hx', false],
        ['open', true],
      ]);
    }
    const iris = PLATFORMS.iris.events[0].sample;
    expect((await post(`${r.url}/in/open`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(iris) })).status).toBe(
      202,
    );
  });

  it('works through relayClient with a subscriber key: connection test, subscribe, sources, unsubscribe', async () => {
    const k = await newKey({ sources: ['hx'] }, 'n8n');
    const transport: HttpTransport = async (req) => {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
      const text = await res.body.text();
      return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
    };
    const client = relayClient({ url: r.url, apiKey: k['key'] }, transport);
    expect(await client.testConnection()).toEqual({
      kind: 'subscriber',
      id: k['id'],
      name: 'n8n',
      scope: { sources: ['hx'], platforms: [] },
    });
    expect(await client.listSources()).toEqual([{ id: 'hx', platform: 'horneross', ingestUrl: `${r.url}/in/hx`, allowUnsigned: false }]);
    const hook = await client.subscribe({ url: subA.url, source: 'hx', events: ['lead.captured'] });
    expect(await client.isActive(hook.id)).toBe(true);
    await expect(client.subscribe({ url: subA.url, source: 'cw' })).rejects.toMatchObject({ status: 403, code: 'out_of_scope' });
    await expect(client.listKeys()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await client.unsubscribe(hook.id);
    expect(await client.getHook(hook.id)).toBeUndefined();
    await expect(relayClient({ url: r.url, apiKey: 'wrong' }, transport).testConnection()).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(await relayClient({ url: r.url, apiKey: API_KEY }, transport).testConnection()).toEqual({ kind: 'admin', name: 'admin' });
  });
});

function attemptsRecorded(file: string): number {
  const raw = new Database(file, { readonly: true });
  try {
    return (raw.prepare('select count(*) as n from attempts').get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

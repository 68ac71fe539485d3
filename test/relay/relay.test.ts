import { Webhook } from 'standardwebhooks';
import { CHATWOOT_WEBHOOK_EVENTS, PLATFORMS, findEvent, freshPayload, receive, sign } from '../../shared';
import type { Relay } from '../../relay';
import { startChatwootDouble } from '../support/chatwoot-double';
import { api, post, relay, startSubscriber, until, type Subscriber } from './support';

const SECRET = 'horneross-signing-secret';
const sources = [
  { id: 'hx', platform: 'horneross' as const, secrets: [SECRET] },
  { id: 'cw', platform: 'conversa' as const, secrets: ['cw-secret'] },
  { id: 'hx-strict', platform: 'horneross' as const, secrets: [SECRET], allowUnknownEvents: false, onInvalidPayload: 'reject' as const },
];
const lead = PLATFORMS.horneross.events[3].sample;
const message = PLATFORMS.horneross.events[1].sample;
const delivery = (payload: Record<string, unknown>, seq: number, secret = SECRET) =>
  sign('horneross', freshPayload('horneross', payload, seq), { secret });

describe('relay on SQLite, end to end on loopback', () => {
  let r: Relay;
  let a: Subscriber;
  let b: Subscriber;

  beforeEach(async () => {
    r = await relay({ sources });
    a = await startSubscriber();
    b = await startSubscriber();
  });
  afterEach(async () => {
    await r.close();
    await a.close();
    await b.close();
  });

  it('answers health without auth and guards the management API with the Bearer key', async () => {
    expect((await api(r.url, 'GET', '/', undefined, 'nope')).json).toMatchObject({ ok: true, name: 'hookline-relay' });
    expect((await api(r.url, 'GET', '/hooks', undefined, 'wrong-key')).status).toBe(401);
    expect((await api(r.url, 'POST', '/hooks', { url: a.url, platform: 'horneross' }, 'wrong-key')).status).toBe(401);
  });

  it('delivers a verified platform delivery to two subscribers, signed so that standardwebhooks verifies it', async () => {
    const hookA = await api(r.url, 'POST', '/hooks', { url: a.url, source: 'hx', events: ['lead.captured'] });
    const hookB = await api(r.url, 'POST', '/hooks', { url: b.url, platform: 'horneross' });
    expect(hookA.status).toBe(201);
    expect(hookA.json).toMatchObject({
      id: expect.any(String),
      secret: expect.stringMatching(/^whsec_/),
      source: 'hx',
      platform: 'horneross',
      events: ['lead.captured'],
      status: 'active',
    });

    const ingest = await post(`${r.url}/in/hx`, delivery(lead, 1));
    expect(ingest).toMatchObject({ status: 202, json: { id: expect.stringMatching(/^evt_/), duplicate: false } });
    expect(await until(() => a.received.length === 1 && b.received.length === 1)).toBe(true);

    for (const [sub, hook] of [
      [a, hookA],
      [b, hookB],
    ] as const) {
      const got = sub.received[0]!;
      const verified = new Webhook(hook.json!['secret']).verify(got.body, got.headers as Record<string, string>) as Record<string, any>;
      expect(verified).toMatchObject({
        id: ingest.json!['id'],
        platform: 'horneross',
        source: 'hx',
        type: 'lead.captured',
        data: { data: { contact: { email: 'lead@ejemplo.com' } } },
      });
      expect(got.headers['webhook-id']).toBe(ingest.json!['id']);
      // The core verifies it too, and the inner event still matches its catalog schema.
      const relayed = receive('standard', { headers: got.headers, body: got.body }, { secrets: hook.json!['secret'] });
      expect(
        relayed.ok && findEvent('horneross', 'lead.captured')!.schema.safeParse((relayed.event.data as { data: unknown }).data).success,
      ).toBe(true);
    }
    // A message is not a lead: only the platform-wide hook gets it.
    await post(`${r.url}/in/hx`, delivery(message, 2));
    expect(await until(() => b.received.length === 2)).toBe(true);
    expect(a.received).toHaveLength(1);
  });

  it('rejects forged, stale-format and malformed deliveries with the right status, logs them without secrets, and never fans them out', async () => {
    await api(r.url, 'POST', '/hooks', { url: a.url, platform: 'horneross' });
    expect((await post(`${r.url}/in/hx`, delivery(lead, 3, 'forged-secret'))).json).toMatchObject({ error: { code: 'invalid_signature' } });
    expect((await post(`${r.url}/in/hx`, delivery(lead, 3, 'forged-secret'))).status).toBe(401);
    expect((await post(`${r.url}/in/hx`, sign('horneross', '{"type":', { secret: SECRET }))).status).toBe(400);
    expect((await post(`${r.url}/in/hx-strict`, sign('horneross', { type: 'nope.event', data: {} }, { secret: SECRET }))).status).toBe(422);
    expect((await post(`${r.url}/in/hx`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(lead) })).status).toBe(
      401,
    );
    expect((await post(`${r.url}/in/nope`, delivery(lead, 4))).status).toBe(404);
    expect(
      (await post(`${r.url}/in/hx`, { headers: { 'content-type': 'application/json' }, body: Buffer.alloc(1024 * 1024 + 10, 32) })).status,
    ).toBe(413);

    const rejections = await api(r.url, 'GET', '/rejections');
    expect(rejections.json!['rejections'].map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(['invalid_signature', 'invalid_json', 'unknown_event', 'missing_signature']),
    );
    expect(JSON.stringify(rejections.json)).not.toContain(SECRET);
    await post(`${r.url}/in/hx`, delivery(lead, 5));
    expect(await until(() => a.received.length === 1)).toBe(true);
    await new Promise((res) => setTimeout(res, 100));
    expect(a.received).toHaveLength(1);
  });

  it('stores a repeated platform delivery once and acknowledges it', async () => {
    await api(r.url, 'POST', '/hooks', { url: a.url, platform: 'horneross' });
    const d = delivery(lead, 6);
    const first = await post(`${r.url}/in/hx`, d);
    const again = await post(`${r.url}/in/hx`, d);
    expect(again).toMatchObject({ status: 200, json: { id: first.json!['id'], duplicate: true } });
    expect(await until(() => a.received.length === 1)).toBe(true);
    const events = await api(r.url, 'GET', '/events?platform=horneross&type=lead.captured&limit=10');
    expect(events.json!['events']).toHaveLength(1);
  });

  it('keeps retrying a failing subscriber (honouring Retry-After) until it recovers, and it gets every event', async () => {
    a.respond((n) => (n <= 4 ? { status: n % 2 ? 503 : 429, headers: { 'retry-after': '0' } } : { status: 200 }));
    await api(r.url, 'POST', '/hooks', { url: a.url, platform: 'horneross' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post(`${r.url}/in/hx`, delivery(lead, 10 + i))).json!['id']);
    expect(await until(() => a.received.length === 3, { tries: 500 })).toBe(true);
    expect(new Set(a.received.map((x) => x.headers['webhook-id']))).toEqual(new Set(ids));
  });

  it('disables a hook that answers 410 Gone, and stops delivering on unsubscribe', async () => {
    a.respond(() => ({ status: 410 }));
    const gone = await api(r.url, 'POST', '/hooks', { url: a.url, platform: 'horneross' });
    const kept = await api(r.url, 'POST', '/hooks', { url: b.url, platform: 'horneross' });
    await post(`${r.url}/in/hx`, delivery(lead, 20));
    expect(await until(async () => (await api(r.url, 'GET', `/hooks/${gone.json!['id']}`)).json!['status'] === 'disabled')).toBe(true);
    expect(b.received).toHaveLength(1);

    expect((await api(r.url, 'DELETE', `/hooks/${kept.json!['id']}`)).status).toBe(204);
    expect((await api(r.url, 'DELETE', `/hooks/${kept.json!['id']}`)).status).toBe(204);
    expect((await api(r.url, 'GET', `/hooks/${kept.json!['id']}`)).status).toBe(404);
    await post(`${r.url}/in/hx`, delivery(lead, 21));
    await new Promise((res) => setTimeout(res, 150));
    expect(b.received).toHaveLength(1);
  });

  it('disables a hook after N consecutive failed attempts and leaves other hooks alone', async () => {
    const strict = await relay({ sources, fanout: { pollMs: 20, baseMs: 10, maxMs: 40, disableAfterFailures: 3, maxAttempts: 50 } });
    try {
      a.respond(() => ({ status: 500 }));
      const failing = await api(strict.url, 'POST', '/hooks', { url: a.url, platform: 'horneross' });
      await api(strict.url, 'POST', '/hooks', { url: b.url, platform: 'horneross' });
      await post(`${strict.url}/in/hx`, delivery(lead, 40));
      expect(await until(async () => (await api(strict.url, 'GET', `/hooks/${failing.json!['id']}`)).json!['status'] === 'disabled')).toBe(
        true,
      );
      expect((await api(strict.url, 'GET', `/hooks/${failing.json!['id']}`)).json).toMatchObject({
        disabledReason: '3 consecutive failed attempts',
      });
      expect(await until(() => b.received.length === 1)).toBe(true);
      expect(a.received).toHaveLength(0);
      expect(await until(async () => (await strict.store.queue.countByStatus())['delivered'] === 1)).toBe(true);
      expect(await strict.store.queue.countByStatus()).toMatchObject({ delivered: 1, failed: 1 });
    } finally {
      await strict.close();
    }
  });

  it('lists recent events newest first and replays one with the same webhook-id', async () => {
    await api(r.url, 'POST', '/hooks', { url: a.url, source: 'hx' });
    const first = await post(`${r.url}/in/hx`, delivery(lead, 30));
    await post(`${r.url}/in/hx`, delivery(message, 31));
    expect(await until(() => a.received.length === 2)).toBe(true);
    const listed = await api(r.url, 'GET', '/events?source=hx&limit=5');
    expect(listed.json!['events'].map((e: { type: string }) => e.type)).toEqual(['conversation.message.created', 'lead.captured']);
    expect((await api(r.url, 'POST', `/events/${first.json!['id']}/replay`)).status).toBe(202);
    expect(await until(() => a.received.length === 3)).toBe(true);
    expect(a.received[2]!.headers['webhook-id']).toBe(first.json!['id']);
  });

  it('manages sources through the API, with unguessable ingest URLs', async () => {
    const created = await api(r.url, 'POST', '/sources', { platform: 'modyo', secrets: ['modyo-token'] });
    expect(created.status).toBe(201);
    expect(created.json!['id']).toMatch(/^src_[A-Za-z0-9_-]{30,}$/);
    const modyo = PLATFORMS.modyo.events.find((e) => e.type === 'entry_published_log')!.sample;
    const ok = await post(created.json!['ingestUrl'], sign('modyo', modyo, { secret: 'modyo-token' }));
    expect(ok.status).toBe(202);
    expect((await api(r.url, 'POST', '/sources', { platform: 'nope' })).status).toBe(400);
    expect(JSON.stringify((await api(r.url, 'GET', '/sources')).json)).not.toContain('modyo-token');
  });
});

describe('relay registering itself with Chatwoot', () => {
  it('creates the account webhook for its ingest URL, keeps the issued secret, and verifies deliveries with it', async () => {
    const chatwoot = await startChatwootDouble({ accountId: 9 });
    const r = await relay({
      sources: [
        {
          id: 'cw',
          platform: 'conversa',
          secrets: ['placeholder'],
          chatwoot: { baseUrl: chatwoot.url, accountId: 9, apiAccessToken: chatwoot.token },
        },
      ],
    });
    const sub = await startSubscriber();
    try {
      await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'cw' });
      const registered = await api(r.url, 'POST', '/sources/cw/register-chatwoot');
      expect(registered).toMatchObject({ status: 201, json: { chatwootWebhookId: expect.any(Number) } });
      expect([...chatwoot.webhooks.values()]).toEqual([
        expect.objectContaining({ url: `${r.url}/in/cw`, subscriptions: CHATWOOT_WEBHOOK_EVENTS }),
      ]);
      // Registering again replaces the webhook rather than piling up duplicates.
      await api(r.url, 'POST', '/sources/cw/register-chatwoot');
      expect(chatwoot.webhooks.size).toBe(1);

      const results = await chatwoot.deliver({ ...PLATFORMS.conversa.events[3].sample, event: 'message_created' });
      expect(results).toEqual([{ url: `${r.url}/in/cw`, status: 202 }]);
      expect(await until(() => sub.received.length === 1)).toBe(true);
      const forged = await post(`${r.url}/in/cw`, sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'placeholder' }));
      expect(forged.status).toBe(401);
      expect((await api(r.url, 'POST', '/sources/cw/register-chatwoot', undefined, 'bad-key')).status).toBe(401);
    } finally {
      await r.close();
      await sub.close();
      await chatwoot.close();
    }
  });
});

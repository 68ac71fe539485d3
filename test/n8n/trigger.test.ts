import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { CHATWOOT_WEBHOOK_EVENTS, PLATFORM_IDS, PLATFORMS, getPlatform, sign } from '../../shared';
import { startChatwootDouble, type ChatwootDouble } from '../support/chatwoot-double';
import { handleDelivery, seenBefore } from '../../nodes/Hookline/handle-delivery';
import { createTrigger } from '../../nodes/Hookline/trigger';
import { sampleRelayEvent, standardWebhooksSignature } from '../../shared';

const lead = PLATFORMS.horneross.events[3].sample;

/** A hand-built IWebhookFunctions, as n8n's own trigger tests do (n8n's test harness is not published). */
function webhookContext(params: Record<string, unknown>, request: { headers: Record<string, string>; body: string }, credentials: Record<string, unknown>, staticData: Record<string, unknown> = {}) {
  const response = { statusCode: 0, body: undefined as unknown, status(code: number) { this.statusCode = code; return this; }, json(b: unknown) { this.body = b; return this; }, end() { return this; } };
  const ctx = {
    getRequestObject: () => ({ headers: request.headers, rawBody: undefined as Buffer | undefined, async readRawBody() { this.rawBody = Buffer.from(request.body); } }),
    getResponseObject: () => response,
    getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
    getCredentials: async () => credentials,
    getWorkflowStaticData: () => staticData,
    helpers: { returnJsonArray: (items: object[]) => items.map((json) => ({ json })) },
  } as unknown as IWebhookFunctions;
  return { ctx, response };
}

describe('trigger nodes', () => {
  it('exist for every platform, named by n8n conventions, with the catalog as the events picker', () => {
    for (const id of PLATFORM_IDS) {
      const node = new (createTrigger(id))();
      expect(node.description.name).toMatch(/Trigger$/);
      expect(node.description.displayName).toContain('Trigger');
      expect(node.description.inputs).toEqual([]);
      const events = node.description.properties.find((p) => p.name === 'events')!;
      const values = events.options!.map((o) => (o as { value: string }).value);
      expect(values[0]).toBe('*');
      expect(new Set(values)).toEqual(new Set(['*', ...getPlatform(id).events.map((e) => e.type)]));
      expect(values).toHaveLength(getPlatform(id).events.length + 1);
    }
    const modes = (id: (typeof PLATFORM_IDS)[number]) => (new (createTrigger(id))().description.properties[0]!.options as { value: string }[]).map((o) => o.value);
    expect(modes('conversa')).toEqual(['direct', 'chatwootApi', 'relay']);
    expect(modes('horneross')).toEqual(['direct', 'relay']);
  });

  it('emits the verified event and starts the workflow', async () => {
    const Trigger = createTrigger('horneross');
    const { ctx } = webhookContext({ mode: 'direct', events: ['*'], options: {} }, sign('horneross', lead, { secret: 'k' }), { secrets: 'old, k' });
    const result = await new Trigger().webhook!.call(ctx);
    expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({ platform: 'horneross', type: 'lead.captured', verified: true, deliveryId: 'evt_lead01' });
  });

  it('answers a forged delivery with 401 and a JSON error, and starts nothing', async () => {
    const { ctx, response } = webhookContext({ mode: 'direct', events: ['*'], options: {} }, sign('horneross', lead, { secret: 'forged' }), { secrets: 'k' });
    const result = await new (createTrigger('horneross'))().webhook!.call(ctx);
    expect(result).toEqual({ noWebhookResponse: true });
    expect(response.statusCode).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(JSON.stringify(response.body)).not.toContain('"k"');
  });

  it('acknowledges events that are not selected, and skips duplicates when asked', async () => {
    const delivery = sign('horneross', lead, { secret: 'k' });
    const ignored = await new (createTrigger('horneross'))().webhook!.call(webhookContext({ mode: 'direct', events: ['conversation.created'], options: {} }, delivery, { secrets: 'k' }).ctx);
    expect(ignored.workflowData).toBeUndefined();
    const staticData = {};
    const first = await new (createTrigger('horneross'))().webhook!.call(webhookContext({ mode: 'direct', events: ['*'], options: { ignoreDuplicates: true } }, delivery, { secrets: 'k' }, staticData).ctx);
    const second = await new (createTrigger('horneross'))().webhook!.call(webhookContext({ mode: 'direct', events: ['*'], options: { ignoreDuplicates: true } }, delivery, { secrets: 'k' }, staticData).ctx);
    expect(first.workflowData).toBeDefined();
    expect(second.workflowData).toBeUndefined();
  });

  it('verifies relayed deliveries with the subscription secret and keeps what the relay established', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const event = sampleRelayEvent('horneross', 'lead.captured');
    const relayed = (body: object, key = secret) => {
      const text = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      return { headers: { 'webhook-id': event.id, 'webhook-timestamp': String(ts), 'webhook-signature': standardWebhooksSignature(key, event.id, ts, text) }, rawBody: Buffer.from(text) };
    };
    const ok = handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(event), secrets: [secret], events: ['lead.captured'] });
    expect(ok).toMatchObject({ kind: 'emit', item: { type: 'lead.captured', verified: true, known: true, issues: [], viaRelay: { eventId: event.id, source: event.source } } });
    expect(handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(event, 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'), secrets: [secret], events: [] })).toMatchObject({ kind: 'reject', status: 401 });
    expect(handleDelivery({ platform: 'modyo', mode: 'relay', ...relayed(event), secrets: [secret], events: [] })).toMatchObject({ kind: 'reject', status: 422, body: { error: { code: 'wrong_platform' } } });
    expect(handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed({ hello: 'world', type: 'x' }), secrets: [secret], events: [] })).toMatchObject({ kind: 'reject', body: { error: { code: 'invalid_envelope' } } });
    expect(handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(event), secrets: [], events: [] })).toMatchObject({ kind: 'reject', status: 500 });

    // An unsigned source's event stays unverified; a payload the relay passed with issues keeps them.
    const unsigned = { ...event, verified: false, signatureForm: 'none', issues: [{ path: 'data.contact', message: 'Required' }] };
    expect(handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(unsigned), secrets: [secret], events: [], onInvalidPayload: 'pass' })).toMatchObject({
      kind: 'emit',
      item: { verified: false, signatureForm: 'none', issues: [{ path: 'data.contact' }] },
    });
    expect(handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(unsigned), secrets: [secret], events: [] })).toMatchObject({ kind: 'reject', body: { error: { code: 'invalid_payload' } } });
  });

  it('keeps a bounded memory of delivery ids', () => {
    const store: { recent?: string[] } = {};
    for (let i = 0; i < 300; i++) seenBefore(store, `d${i}`, 100);
    expect(store.recent).toHaveLength(100);
    expect(seenBefore(store, 'd299')).toBe(true);
    expect(seenBefore(store, 'd0')).toBe(false);
  });
});

describe('Chatwoot self-registration: only events account webhooks send', () => {
  let chatwoot: ChatwootDouble;
  beforeAll(async () => {
    chatwoot = await startChatwootDouble();
  });
  afterAll(() => chatwoot.close());
  beforeEach(() => chatwoot.webhooks.clear());

  /** A hand-built IHookFunctions whose HTTP helper calls the loopback Chatwoot double. */
  function hookContext(events: string[]) {
    return {
      getNodeParameter: (name: string) => ({ mode: 'chatwootApi', events })[name],
      getWorkflowStaticData: () => ({}),
      getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/4b1c7a52-cw',
      getWorkflow: () => ({ id: 'wf1', name: 'Chatwoot' }),
      getNode: () => ({ name: 'Intertel Conversa Trigger' }),
      getCredentials: async () => ({ baseUrl: chatwoot.url, accountId: String(chatwoot.accountId), apiAccessToken: chatwoot.token }),
      helpers: {
        httpRequest: async (req: { method: string; url: string; headers: Record<string, string>; body?: object }) => {
          const res = await fetch(req.url, { method: req.method, headers: { ...req.headers, 'content-type': 'application/json' }, body: req.body === undefined ? undefined : JSON.stringify(req.body) });
          const text = await res.text();
          return { statusCode: res.status, body: text ? JSON.parse(text) : undefined };
        },
      },
    } as unknown as IHookFunctions;
  }
  const create = (events: string[]) => new (createTrigger('conversa'))().webhookMethods!.default!.create.call(hookContext(events));

  it('subscribes to the allow-list when no event is picked, and drops picked events other senders post', async () => {
    await expect(create(['*'])).resolves.toBe(true);
    expect([...chatwoot.webhooks.values()][0]!.subscriptions).toEqual([...CHATWOOT_WEBHOOK_EVENTS]);
    await expect(create(['message_created', 'automation_event.message_created', 'conversation_resolved'])).resolves.toBe(true);
    expect([...chatwoot.webhooks.values()].map((w) => w.subscriptions)).toEqual([['message_created']]);
  });

  it('refuses to register when only rule, macro or bot events are picked', async () => {
    await expect(create(['macro.executed', 'automation_event.conversation_created'])).rejects.toThrow(/Platform Sends Here/);
    expect(chatwoot.webhooks.size).toBe(0);
  });
});

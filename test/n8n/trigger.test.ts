import { CHATWOOT_WEBHOOK_EVENTS, PLATFORMS, sampleRelayEvent, sign, standardWebhooksSignature } from '../../shared';
import { handleDelivery, seenBefore, type SeenDelivery } from '../../nodes/Hookline/handle-delivery';
import { createTrigger } from '../../nodes/Hookline/trigger';
import { chatwootDelivery } from '../support/chatwoot-senders';
import { startChatwootDouble, type ChatwootDouble } from '../support/chatwoot-double';
import { hookContext, startReceiver, webhookContext, type LoggedLine } from './contexts';

const lead = PLATFORMS.horneross.events[3].sample as { data: Record<string, unknown> } & Record<string, unknown>;
const horneross = () => new (createTrigger('horneross'))();
const conversa = () => new (createTrigger('conversa'))();
const direct = { mode: 'direct', options: {} };

describe('trigger: deliveries', () => {
  it('emits the verified event and starts the workflow', async () => {
    const { ctx } = webhookContext({
      params: direct,
      request: sign('horneross', lead, { secret: 'k' }),
      credentials: { secrets: 'old, k' },
    });
    const result = await horneross().webhook!.call(ctx);
    expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({
      platform: 'horneross',
      type: 'lead.captured',
      verified: true,
      known: true,
      issues: [],
      deliveryId: 'evt_lead01',
    });
  });

  it('answers a forged delivery with 401 and a JSON error, starts nothing, and logs a warning while listening for a test event', async () => {
    for (const mode of ['manual', 'webhook'] as const) {
      const lines: LoggedLine[] = [];
      const { ctx, response } = webhookContext({
        params: direct,
        request: sign('horneross', lead, { secret: 'forged' }),
        credentials: { secrets: 'k3y-value' },
        mode,
        lines,
      });
      expect(await horneross().webhook!.call(ctx)).toEqual({ noWebhookResponse: true });
      expect(response.statusCode).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'invalid_signature' } });
      expect(lines).toEqual([
        expect.objectContaining({
          level: mode === 'manual' ? 'warn' : 'debug',
          message: expect.stringMatching(/Horneross Trigger rejected a delivery: 401 invalid_signature/),
        }),
      ]);
      expect(JSON.stringify([response.body, lines])).not.toContain('k3y-value');
    }
  });

  it('acknowledges events that are not selected, and skips duplicates when asked', async () => {
    const delivery = sign('horneross', lead, { secret: 'k' });
    const ignored = await horneross().webhook!.call(
      webhookContext({
        params: { ...direct, allEvents: false, events: ['conversation.created'] },
        request: delivery,
        credentials: { secrets: 'k' },
      }).ctx,
    );
    expect(ignored).toEqual({ webhookResponse: { received: true, ignored: 'lead.captured' } });
    const staticData = {};
    const call = () =>
      horneross().webhook!.call(
        webhookContext({
          params: { ...direct, options: { ignoreDuplicates: true } },
          request: delivery,
          credentials: { secrets: 'k' },
          staticData,
        }).ctx,
      );
    expect((await call()).workflowData).toBeDefined();
    expect(await call()).toEqual({ webhookResponse: { received: true, duplicate: 'evt_lead01' } });
    // Remembered in memory, not in the workflow's static data (see recent-deliveries.ts).
    expect(staticData).toEqual({});
  });

  it('listens to every event while "All Events" is on, and to the picked list once it is off', async () => {
    const delivery = sign('horneross', lead, { secret: 'k' });
    const run = (params: object) =>
      horneross().webhook!.call(webhookContext({ params: { ...direct, ...params }, request: delivery, credentials: { secrets: 'k' } }).ctx);
    expect((await run({})).workflowData).toBeDefined();
    expect((await run({ allEvents: true, events: ['conversation.created'] })).workflowData).toBeDefined();
    expect((await run({ allEvents: false, events: ['conversation.created'] })).workflowData).toBeUndefined();
    expect((await run({ allEvents: false, events: ['lead.captured'] })).workflowData).toBeDefined();
    expect((await run({ allEvents: false, events: ['*'] })).workflowData).toBeDefined(); // saved before the switch existed
  });
});

describe('trigger: an authentic delivery is accepted, whatever the catalog says', () => {
  const unknownType = { ...lead, type: 'lead.scored' };
  const drifted = { ...lead, data: { ...lead.data, conversationId: 123 } };
  const run = (payload: object, options: object = {}, secret: string | undefined = 'k') =>
    horneross().webhook!.call(
      webhookContext({
        params: { mode: 'direct', options },
        request: sign('horneross', payload, { secret }),
        credentials: { secrets: 'k' },
      }).ctx,
    );

  it('runs the workflow on a verified unknown type (known: false) and on a verified schema mismatch (issues)', async () => {
    expect((await run(unknownType)).workflowData?.[0]?.[0]?.json).toMatchObject({ type: 'lead.scored', verified: true, known: false });
    const item = (await run(drifted)).workflowData?.[0]?.[0]?.json as { known: boolean; issues: { path: string }[] };
    expect(item).toMatchObject({ type: 'lead.captured', verified: true, known: true });
    expect(item.issues).toEqual([expect.objectContaining({ path: 'data.conversationId' })]);
  });

  it('refuses both with 422 when the trigger is strict', async () => {
    for (const [payload, code] of [
      [unknownType, 'unknown_event'],
      [drifted, 'invalid_payload'],
    ] as const) {
      const { ctx, response } = webhookContext({
        params: { mode: 'direct', options: { strict: true } },
        request: sign('horneross', payload, { secret: 'k' }),
        credentials: { secrets: 'k' },
      });
      expect(await horneross().webhook!.call(ctx)).toEqual({ noWebhookResponse: true });
      expect(response).toMatchObject({ statusCode: 422, body: { error: { code } } });
    }
  });

  it('holds unverified deliveries (unsigned, accepted by choice) to the catalog', () => {
    const unsigned = (payload: Record<string, unknown>) => {
      const d = chatwootDelivery('account_webhook', payload, { version: [4, 11] });
      return handleDelivery({
        platform: 'conversa',
        mode: 'direct',
        headers: d.headers,
        rawBody: Buffer.from(d.body),
        secrets: [],
        events: [],
        allowUnsigned: true,
      });
    };
    const message = PLATFORMS.conversa.events[3].sample;
    expect(unsigned(message)).toMatchObject({ kind: 'emit', item: { verified: false, known: true } });
    expect(unsigned({ ...message, event: 'conversation_priority_changed' })).toMatchObject({
      kind: 'reject',
      status: 422,
      body: { error: { code: 'unknown_event' } },
    });
    expect(unsigned({ ...message, id: 'not-a-number' })).toMatchObject({
      kind: 'reject',
      status: 422,
      body: { error: { code: 'invalid_payload' } },
    });
  });

  it('verifies relayed deliveries with the subscription secret and keeps what the relay established', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const event = sampleRelayEvent('horneross', 'lead.captured');
    const relayed = (body: object, key = secret) => {
      const text = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      return {
        headers: {
          'webhook-id': event.id,
          'webhook-timestamp': String(ts),
          'webhook-signature': standardWebhooksSignature(key, event.id, ts, text),
        },
        rawBody: Buffer.from(text),
      };
    };
    const via = (body: object, more: object = {}) =>
      handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(body), secrets: [secret], events: [], ...more });
    expect(via(event, { events: ['lead.captured'] })).toMatchObject({
      kind: 'emit',
      item: { type: 'lead.captured', verified: true, known: true, issues: [], viaRelay: { eventId: event.id, source: event.source } },
    });
    expect(
      handleDelivery({
        platform: 'horneross',
        mode: 'relay',
        ...relayed(event, 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'),
        secrets: [secret],
        events: [],
      }),
    ).toMatchObject({ kind: 'reject', status: 401 });
    expect(handleDelivery({ platform: 'modyo', mode: 'relay', ...relayed(event), secrets: [secret], events: [] })).toMatchObject({
      kind: 'reject',
      status: 422,
      body: { error: { code: 'wrong_platform' } },
    });
    expect(via({ hello: 'world', type: 'x' })).toMatchObject({ kind: 'reject', body: { error: { code: 'invalid_envelope' } } });
    expect(handleDelivery({ platform: 'horneross', mode: 'relay', ...relayed(event), secrets: [], events: [] })).toMatchObject({
      kind: 'reject',
      status: 500,
    });

    // Verified at the relay, flagged: accepted unless strict.
    const flagged = { ...event, known: false, type: 'lead.scored', issues: [{ path: 'data.contact', message: 'Required' }] };
    expect(via(flagged)).toMatchObject({ kind: 'emit', item: { known: false, issues: [{ path: 'data.contact' }] } });
    expect(via(flagged, { strict: true })).toMatchObject({ kind: 'reject', status: 422 });
    // An unsigned source's event stays unverified and is held to the catalog, unless passed on by choice.
    const unsigned = { ...event, verified: false, signatureForm: 'none', issues: [{ path: 'data.contact', message: 'Required' }] };
    expect(via(unsigned, { onInvalidPayload: 'pass' })).toMatchObject({
      kind: 'emit',
      item: { verified: false, signatureForm: 'none', issues: [{ path: 'data.contact' }] },
    });
    expect(via(unsigned)).toMatchObject({ kind: 'reject', body: { error: { code: 'invalid_payload' } } });
  });

  it('keeps a bounded memory of delivery ids and replay keys', () => {
    const store: { recent?: SeenDelivery[] } = {};
    for (let i = 0; i < 300; i++) seenBefore(store, { deliveryId: `d${i}` }, 100);
    expect(store.recent).toHaveLength(100);
    expect(seenBefore(store, { deliveryId: 'd299' })).toBe(true);
    expect(seenBefore(store, { deliveryId: 'd0' })).toBe(false);
    for (let i = 0; i < 300; i++) seenBefore(store, { deliveryId: `e${i}`, replayKey: `sig:${i}` }, 100);
    expect(store.recent).toHaveLength(100);
    expect(seenBefore(store, { deliveryId: 'new-id', replayKey: 'sig:299' })).toBe(true);
    expect(seenBefore(store, { deliveryId: 'e299', replayKey: 'sig:other' })).toBe(true);
    expect(seenBefore(store, { deliveryId: 'e0', replayKey: 'sig:0' })).toBe(false);
  });

  it('skips a replayed signed delivery under a new delivery id, not a new delivery with the same body', async () => {
    const message = PLATFORMS.conversa.events.find((e) => e.type === 'message_created')!.sample;
    const signed = sign('conversa', message, { secret: 'cw-secret' });
    const withId = (d: typeof signed, id: string) => ({ ...d, headers: { ...d.headers, 'X-Chatwoot-Delivery': id } });
    const call = (request: typeof signed) =>
      conversa().webhook!.call(
        webhookContext({
          params: { ...direct, sender: 'account_webhook', options: { ignoreDuplicates: true } },
          request,
          credentials: { secrets: 'cw-secret' },
        }).ctx,
      );
    expect((await call(withId(signed, 'replay-a'))).workflowData).toBeDefined();
    // The same signed bytes under a new, unsigned delivery id: a replay.
    expect(await call(withId(signed, 'replay-b'))).toEqual({ webhookResponse: { received: true, duplicate: 'replay-b' } });
    // The same message signed again (a new timestamp, so a new signature) under a new id: a new delivery.
    const resigned = sign('conversa', message, { secret: 'cw-secret', timestamp: Math.floor(Date.now() / 1000) - 5 });
    expect((await call(withId(resigned, 'replay-c'))).workflowData).toBeDefined();
  });
});

describe('Intertel Conversa trigger: one sender at a time', () => {
  const rule = PLATFORMS.conversa.events.find((e) => e.type === 'automation_event.message_created')!.sample;
  const message = PLATFORMS.conversa.events[3].sample;

  it('automation rules: accepts their unsigned deliveries without a credential; other events and signed senders are not let in this way', async () => {
    const params = { sender: 'automation_rule', mode: 'direct', options: {} };
    const accepted = webhookContext({ params, request: chatwootDelivery('automation_rule', rule) });
    expect((await conversa().webhook!.call(accepted.ctx)).workflowData?.[0]?.[0]?.json).toMatchObject({
      type: 'automation_event.message_created',
      verified: false,
      known: true,
    });
    expect(accepted.credentialReads).toEqual([]);
    // "All Events" of an automation rule means its events: an unsigned message_created posted here starts nothing.
    expect(await conversa().webhook!.call(webhookContext({ params, request: chatwootDelivery('automation_rule', message) }).ctx)).toEqual({
      webhookResponse: { received: true, ignored: 'message_created' },
    });
    // The account-webhook trigger keeps requiring the signature: an unsigned delivery is refused, never waved through.
    const refused = webhookContext({
      params: { sender: 'account_webhook', mode: 'direct', options: {} },
      request: chatwootDelivery('automation_rule', rule),
      credentials: { secrets: 'cw' },
    });
    await conversa().webhook!.call(refused.ctx);
    expect(refused.response).toMatchObject({ statusCode: 401, body: { error: { code: 'missing_signature' } } });
  });

  it("agent bots: verifies the bot's own signature and offers the bot's events", async () => {
    const bot = PLATFORMS.conversa.events.find((e) => e.type === 'conversation_resolved')!.sample;
    const params = { sender: 'agent_bot', mode: 'direct', options: {} };
    const ok = await conversa().webhook!.call(
      webhookContext({
        params,
        request: chatwootDelivery('agent_bot', bot, { secret: 'bot-secret' }),
        credentials: { secrets: 'bot-secret' },
      }).ctx,
    );
    expect(ok.workflowData?.[0]?.[0]?.json).toMatchObject({ type: 'conversation_resolved', verified: true });
    const forged = webhookContext({
      params,
      request: chatwootDelivery('agent_bot', bot, { secret: 'other' }),
      credentials: { secrets: 'bot-secret' },
    });
    await conversa().webhook!.call(forged.ctx);
    expect(forged.response.statusCode).toBe(401);
    // contact_created is not a bot event: "All Events" of a bot leaves it out.
    const contact = PLATFORMS.conversa.events.find((e) => e.type === 'contact_created')!.sample;
    expect(
      await conversa().webhook!.call(
        webhookContext({
          params,
          request: chatwootDelivery('agent_bot', contact, { secret: 'bot-secret' }),
          credentials: { secrets: 'bot-secret' },
        }).ctx,
      ),
    ).toMatchObject({ webhookResponse: { ignored: 'contact_created' } });
  });
});

describe('Chatwoot self-registration', () => {
  let chatwoot: ChatwootDouble;
  beforeAll(async () => {
    chatwoot = await startChatwootDouble();
  });
  afterAll(() => chatwoot.close());
  beforeEach(() => {
    chatwoot.webhooks.clear();
    for (const id of [...chatwoot.bots.keys()]) if (!chatwoot.bots.get(id)!.system_bot) chatwoot.bots.delete(id);
    for (const inbox of chatwoot.inboxes.values()) inbox.agentBotId = null;
  });
  const credentials = () => ({ baseUrl: chatwoot.url, accountId: String(chatwoot.accountId), apiAccessToken: chatwoot.token });
  const methods = () => conversa().webhookMethods!.default!;

  describe('account webhooks: only events account webhooks send', () => {
    const create = (events: string[]) =>
      methods().create.call(
        hookContext({
          params: { mode: 'chatwootApi', allEvents: events.length === 0, events },
          credentials: credentials(),
          staticData: {},
        }),
      );

    it('subscribes to the allow-list for All Events, and drops picked events other senders post', async () => {
      await expect(create([])).resolves.toBe(true);
      expect([...chatwoot.webhooks.values()][0]!.subscriptions).toEqual([...CHATWOOT_WEBHOOK_EVENTS]);
      await expect(create(['message_created', 'automation_event.message_created', 'conversation_resolved'])).resolves.toBe(true);
      expect([...chatwoot.webhooks.values()].map((w) => w.subscriptions)).toEqual([['message_created']]);
    });

    it('refuses to register when only rule, macro or bot events are picked', async () => {
      await expect(create(['macro.executed', 'automation_event.conversation_created'])).rejects.toThrow(/pick the sender/);
      expect(chatwoot.webhooks.size).toBe(0);
    });
  });

  describe('agent bots', () => {
    const url = 'https://n8n.example.com/webhook/7f0e-bot/webhook';
    const context = (params: Record<string, unknown>, staticData: Record<string, unknown>, creds = credentials()) =>
      hookContext({ params: { sender: 'agent_bot', mode: 'chatwootApi', ...params }, credentials: creds, staticData, url });

    it('creates a bot posting to the trigger, keeps its secret, connects it to the inboxes, and undoes all of it', async () => {
      chatwoot.bots.set(50, {
        ...chatwoot.bots.get(900)!,
        id: 50,
        name: 'Human handoff',
        system_bot: false,
        account_id: chatwoot.accountId,
        outgoing_url: 'https://old.example.com/bot',
      });
      chatwoot.inboxes.get(1)!.agentBotId = 50;
      const staticData: Record<string, unknown> = {};
      const ctx = context({ agentBot: 'new', botInboxes: [1, 2] }, staticData);
      expect(await methods().checkExists.call(ctx)).toBe(false);
      expect(await methods().create.call(ctx)).toBe(true);
      const created = [...chatwoot.bots.values()].find((b) => b.outgoing_url === url)!;
      expect(created).toMatchObject({ name: 'n8n: Chatwoot', account_id: chatwoot.accountId });
      expect(staticData).toMatchObject({ hookId: created.id, hookSecret: created.secret, botCreated: true });
      expect([chatwoot.inboxes.get(1)!.agentBotId, chatwoot.inboxes.get(2)!.agentBotId]).toEqual([created.id, created.id]);
      expect(await methods().checkExists.call(ctx)).toBe(true);

      // Chatwoot's own delivery to the inbox's bot, received on loopback, verifies with the kept secret.
      const payload = { ...PLATFORMS.conversa.events[3].sample, event: 'message_created' };
      const receiver = await startReceiver(async (request) => {
        const call = webhookContext({ params: { sender: 'agent_bot', mode: 'chatwootApi', options: {} }, request, staticData });
        const result = await conversa().webhook!.call(call.ctx);
        return result.workflowData ? 200 : call.response.statusCode;
      });
      try {
        chatwoot.bots.get(created.id)!.outgoing_url = receiver.url;
        expect(await chatwoot.deliverToInboxBot(1, payload)).toEqual([{ url: receiver.url, status: 200 }]);
        chatwoot.bots.get(created.id)!.secret = 'rotated-elsewhere';
        expect(await chatwoot.deliverToInboxBot(1, payload)).toEqual([{ url: receiver.url, status: 401 }]);
      } finally {
        chatwoot.bots.get(created.id)!.outgoing_url = url;
        await receiver.close();
      }

      expect(await methods().delete.call(ctx)).toBe(true);
      expect(chatwoot.bots.has(created.id)).toBe(false);
      expect([chatwoot.inboxes.get(1)!.agentBotId, chatwoot.inboxes.get(2)!.agentBotId]).toEqual([50, null]);
      expect(staticData).toEqual({});
    });

    it('points an existing bot at the trigger without changing its secret, and gives it its old URL back', async () => {
      chatwoot.bots.set(60, {
        ...chatwoot.bots.get(900)!,
        id: 60,
        name: 'Triage',
        system_bot: false,
        account_id: chatwoot.accountId,
        outgoing_url: 'https://old.example.com/triage',
        secret: 'triage-secret',
      });
      const staticData: Record<string, unknown> = {};
      const ctx = context({ agentBot: '60' }, staticData);
      await methods().create.call(ctx);
      expect(chatwoot.bots.get(60)).toMatchObject({ outgoing_url: url, secret: 'triage-secret' });
      expect(staticData).toMatchObject({
        hookId: 60,
        hookSecret: 'triage-secret',
        botCreated: false,
        botPreviousUrl: 'https://old.example.com/triage',
      });
      // A second activation (a deactivation that never ran) keeps the URL recorded the first time.
      await methods().create.call(ctx);
      expect(staticData).toMatchObject({ botPreviousUrl: 'https://old.example.com/triage' });
      await methods().delete.call(ctx);
      expect(chatwoot.bots.get(60)).toMatchObject({ outgoing_url: 'https://old.example.com/triage', secret: 'triage-secret' });
      expect(chatwoot.requests.filter((r) => r.path.endsWith('/reset_secret'))).toEqual([]);
    });

    it('lists account bots (not system bots) and inboxes for the pickers', async () => {
      chatwoot.bots.set(70, {
        ...chatwoot.bots.get(900)!,
        id: 70,
        name: 'Sales bot',
        system_bot: false,
        account_id: chatwoot.accountId,
        outgoing_url: null,
      });
      const node = conversa();
      const ctx = context({}, {});
      const bots = await node.methods!.loadOptions!['chatwootAgentBots']!.call(ctx);
      expect(bots.map((b) => b.value)).toEqual(['new', '70']);
      expect((await node.methods!.loadOptions!['chatwootInboxes']!.call(ctx)).map((i) => i.name)).toEqual(['Website', 'API inbox']);
    });

    it('explains what is wrong: no such bot, an agent token (403)', async () => {
      await expect(methods().create.call(context({ agentBot: '404' }, {}))).rejects.toThrow(/no agent bot with ID 404/);
      await expect(
        methods().create.call(context({ agentBot: 'new' }, {}, { ...credentials(), apiAccessToken: chatwoot.agentToken })),
      ).rejects.toThrow(/403: the token is not an account administrator/);
    });
  });

  it('on Chatwoot 4.12 (bots sign nothing) refuses to register, and leaves no bot behind', async () => {
    const old = await startChatwootDouble({ version: [4, 12] });
    try {
      const ctx = hookContext({
        params: { sender: 'agent_bot', mode: 'chatwootApi', agentBot: 'new' },
        credentials: { baseUrl: old.url, accountId: '1', apiAccessToken: old.token },
        staticData: {},
      });
      await expect(methods().create.call(ctx)).rejects.toThrow(/signs agent bot deliveries from version 4.13/);
      expect([...old.bots.values()].filter((b) => !b.system_bot)).toEqual([]);
    } finally {
      await old.close();
    }
  });
});

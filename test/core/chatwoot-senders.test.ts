import {
  CHATWOOT_WEBHOOK_EVENTS,
  chatwootEventsSentBy,
  findEvent,
  getPlatform,
  receive,
  SENDER_LABELS,
  type EventSender,
} from '../../shared';
import { chatwootDelivery } from '../support/chatwoot-senders';
import { NOW_MS, NOW_S } from './helpers';

// Payload builders and senders as in Chatwoot's source; docs/chatwoot-senders.md cites each rule.
const sample = (type: string): Record<string, unknown> => structuredClone(findEvent('conversa', type)!.sample);
const conversation = (): Record<string, unknown> => {
  const { event: _event, ...rest } = sample('conversation_created');
  return rest;
};

const WEBHOOK_SECRET = 'wh_3kT9vQ2mZp8LxY4n';
const BOT_SECRET = 'bot_7Fq2Lm9XcV4tR8wZ';
const INBOX_SECRET = 'inbox_Hd8Kp3Ws6Yb1Nq5J';
const opts = { now: NOW_MS };

describe('Chatwoot senders in the catalog', () => {
  it('lists, for every conversa event, what sends it', () => {
    const known = Object.keys(SENDER_LABELS);
    for (const event of getPlatform('conversa').events) {
      expect(event.senders?.length).toBeGreaterThan(0);
      for (const sender of event.senders!) expect(known).toContain(sender);
    }
  });

  it("subscribes account webhooks to exactly Chatwoot's allow-list (app/models/webhook.rb, unchanged 4.13 → 4.15.1)", () => {
    const allowList = [
      'conversation_status_changed',
      'conversation_updated',
      'conversation_created',
      'contact_created',
      'contact_updated',
      'message_created',
      'message_updated',
      'webwidget_triggered',
      'inbox_created',
      'inbox_updated',
      'conversation_typing_on',
      'conversation_typing_off',
    ];
    expect([...CHATWOOT_WEBHOOK_EVENTS].sort()).toEqual(allowList.sort());
  });

  it('names each sender’s events as Chatwoot sends them', () => {
    expect(chatwootEventsSentBy('automation_rule')).toEqual([
      'automation_event.conversation_created',
      'automation_event.conversation_updated',
      'automation_event.conversation_opened',
      'automation_event.conversation_resolved',
      'automation_event.message_created',
    ]);
    expect(chatwootEventsSentBy('macro')).toEqual(['macro.executed']);
    expect([...chatwootEventsSentBy('agent_bot')].sort()).toEqual(
      [
        'conversation_opened',
        'conversation_resolved',
        'conversation_status_changed',
        'conversation_updated',
        'message_created',
        'message_updated',
        'webwidget_triggered',
      ].sort(),
    );
    expect([...chatwootEventsSentBy('api_channel')].sort()).toEqual(
      [
        'conversation_created',
        'conversation_status_changed',
        'conversation_updated',
        'conversation_typing_off',
        'conversation_typing_on',
        'message_created',
        'message_updated',
      ].sort(),
    );
  });
});

describe('automation rules and macros: the conversation, unsigned, no delivery id', () => {
  const types = [...chatwootEventsSentBy('automation_rule'), ...chatwootEventsSentBy('macro')];

  it.each(types)('%s is accepted, typed and labelled', (type) => {
    const payload: Record<string, unknown> = { ...conversation(), event: type };
    const delivery = chatwootDelivery(type === 'macro.executed' ? 'macro' : 'automation_rule', payload, {
      secret: WEBHOOK_SECRET,
      timestamp: NOW_S,
    });
    expect(Object.keys(delivery.headers).filter((h) => h.startsWith('X-Chatwoot'))).toEqual([]);

    const result = receive('conversa', delivery, { ...opts, secrets: [WEBHOOK_SECRET], allowUnsigned: true });
    expect(result).toMatchObject({ ok: true, event: { type, known: true, verified: false, signatureForm: 'none', issues: [] } });
    if (!result.ok) return;
    expect(result.event.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.event.occurredAt).toBe(new Date((payload['updated_at'] as number) * 1000).toISOString());
    expect(result.event.data).toEqual(JSON.parse(delivery.body));
    const spec = findEvent('conversa', type)!;
    expect(spec.label.en).toMatch(type === 'macro.executed' ? /^Macro executed$/ : /^Automation rule: /);
    expect(spec.label.es).toMatch(type === 'macro.executed' ? /^Macro ejecutada$/ : /^Regla de automatización: /);
  });

  it('carries no changed_attributes, and the message rule sends the conversation rather than the message', () => {
    const r = receive('conversa', chatwootDelivery('automation_rule', { ...conversation(), event: 'automation_event.message_created' }), {
      allowUnsigned: true,
    });
    if (!(r.ok && r.event.type === 'automation_event.message_created')) throw new Error('expected automation_event.message_created');
    const displayId: number = r.event.data.id;
    const latest = r.event.data.messages?.[0]?.content;
    expect([displayId, latest]).toEqual([41, 'Hola, ¿tenéis cita el jueves? <urgente>']);
    expect(r.event.data).not.toHaveProperty('changed_attributes');
    // @ts-expect-error the rule's payload is the conversation: it has no `conversation` key
    expect(r.event.data.conversation).toBeUndefined();
  });

  it('is refused while a signature is required (the strict default once a secret is set), even though the rule can never sign', () => {
    const delivery = chatwootDelivery('automation_rule', { ...conversation(), event: 'automation_event.conversation_created' });
    expect(receive('conversa', delivery, { ...opts, secrets: [WEBHOOK_SECRET] })).toMatchObject({
      ok: false,
      error: { code: 'missing_signature', status: 401 },
    });
  });

  it('still rejects a forged signature on an automation-shaped body', () => {
    const payload = { ...conversation(), event: 'automation_event.conversation_resolved', status: 'resolved' };
    const forged = chatwootDelivery('account_webhook', payload, { secret: 'guessed', timestamp: NOW_S });
    expect(receive('conversa', forged, { ...opts, secrets: [WEBHOOK_SECRET], allowUnsigned: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_signature' },
    });
  });

  it('rejects a rule event Chatwoot never sends under that name', () => {
    const r = receive(
      'conversa',
      chatwootDelivery('automation_rule', { ...conversation(), event: 'automation_event.conversation_status_changed' }),
      { allowUnsigned: true },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_event', status: 422 } });
  });
});

describe('agent bots: signed with the bot’s own secret from 4.13', () => {
  const payloads: Record<string, () => Record<string, unknown>> = {
    conversation_opened: () => ({ ...conversation(), status: 'open', event: 'conversation_opened' }),
    conversation_resolved: () => ({ ...conversation(), status: 'resolved', event: 'conversation_resolved' }),
    conversation_status_changed: () => ({
      ...conversation(),
      status: 'pending',
      event: 'conversation_status_changed',
      changed_attributes: null,
    }),
    // agent_bot_listener_spec.rb: the bot's own assignment, as changed_attributes.
    conversation_updated: () => ({
      ...conversation(),
      meta: {
        ...(conversation().meta as object),
        assignee: { id: 3, name: 'Asistente Intertel', avatar_url: '', type: 'agent_bot' },
        assignee_type: 'AgentBot',
      },
      event: 'conversation_updated',
      changed_attributes: [{ assignee_agent_bot_id: { previous_value: null, current_value: 3 } }],
    }),
    message_created: () => sample('message_created'),
    message_updated: () => sample('message_updated'),
    webwidget_triggered: () => sample('webwidget_triggered'),
  };

  it.each(Object.keys(payloads))('%s verifies with the bot secret and comes out typed and labelled', (type) => {
    const delivery = chatwootDelivery('agent_bot', payloads[type]!(), {
      secret: BOT_SECRET,
      timestamp: NOW_S,
      deliveryId: 'f3a1c9de-5b7e-4c2a-9d41-0e6b8a7c2f15',
    });
    expect(delivery.headers['X-Chatwoot-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const result = receive('conversa', delivery, { ...opts, secrets: [BOT_SECRET] });
    expect(result).toMatchObject({
      ok: true,
      event: { type, known: true, verified: true, signatureForm: 'raw', deliveryId: 'f3a1c9de-5b7e-4c2a-9d41-0e6b8a7c2f15', issues: [] },
    });
    expect(findEvent('conversa', type)!.senders).toContain('agent_bot');
  });

  it("is not verified by the account webhook's secret, and is with both configured", () => {
    const delivery = chatwootDelivery('agent_bot', payloads['conversation_resolved']!(), { secret: BOT_SECRET, timestamp: NOW_S });
    expect(receive('conversa', delivery, { ...opts, secrets: [WEBHOOK_SECRET] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_signature' },
    });
    expect(receive('conversa', delivery, { ...opts, secrets: [WEBHOOK_SECRET, BOT_SECRET] })).toMatchObject({
      ok: true,
      event: { verified: true },
    });
  });

  it('before 4.13 arrives unsigned and without a delivery id', () => {
    const delivery = chatwootDelivery('agent_bot', payloads['conversation_opened']!(), { secret: BOT_SECRET, version: [4, 12] });
    expect(Object.keys(delivery.headers).filter((h) => h.startsWith('X-Chatwoot'))).toEqual([]);
    const result = receive('conversa', delivery, { ...opts, secrets: [BOT_SECRET], allowUnsigned: true });
    expect(result).toMatchObject({ ok: true, event: { type: 'conversation_opened', verified: false } });
    if (result.ok) expect(result.event.deliveryId).toMatch(/^sha256:/);
  });

  it('types the bot-only events as conversations', () => {
    const r = receive(
      'conversa',
      chatwootDelivery('agent_bot', payloads['conversation_resolved']!(), { secret: BOT_SECRET, timestamp: NOW_S }),
      { ...opts, secrets: BOT_SECRET },
    );
    if (!(r.ok && r.event.type === 'conversation_resolved')) throw new Error('expected conversation_resolved');
    const status: 'open' | 'resolved' | 'pending' | 'snoozed' = r.event.data.status;
    expect([status, r.event.data.inbox_id]).toEqual(['resolved', 4]);
  });
});

describe('API channel inboxes: signed with the inbox’s own secret from 4.13', () => {
  const typing = (type: string) => ({ ...sample(type) });
  const payloads: Record<string, () => Record<string, unknown>> = {
    conversation_created: () => sample('conversation_created'),
    conversation_updated: () => sample('conversation_updated'),
    conversation_status_changed: () => sample('conversation_status_changed'),
    message_created: () => ({ ...sample('message_created'), conversation: { ...conversation(), channel: 'Channel::Api' } }),
    message_updated: () => sample('message_updated'),
    conversation_typing_on: () => typing('conversation_typing_on'),
    conversation_typing_off: () => typing('conversation_typing_off'),
  };

  it.each(Object.keys(payloads))('%s verifies with the inbox secret', (type) => {
    const delivery = chatwootDelivery('api_channel', payloads[type]!(), { secret: INBOX_SECRET, timestamp: NOW_S });
    const result = receive('conversa', delivery, { ...opts, secrets: [INBOX_SECRET] });
    expect(result).toMatchObject({ ok: true, event: { type, verified: true, known: true } });
    if (result.ok) expect(result.event.deliveryId).toBe(delivery.headers['X-Chatwoot-Delivery']);
    expect(findEvent('conversa', type)!.senders).toContain('api_channel');
  });

  it('on 4.12 carries a delivery id but no signature', () => {
    const delivery = chatwootDelivery('api_channel', payloads['message_created']!(), {
      secret: INBOX_SECRET,
      version: [4, 12],
      deliveryId: '0b9f7e44-2a61-4f0e-b1d3-6c5a8e2d9f70',
    });
    expect(delivery.headers['X-Chatwoot-Signature']).toBeUndefined();
    const result = receive('conversa', delivery, { ...opts, secrets: [INBOX_SECRET], allowUnsigned: true });
    expect(result).toMatchObject({
      ok: true,
      event: { type: 'message_created', verified: false, deliveryId: '0b9f7e44-2a61-4f0e-b1d3-6c5a8e2d9f70' },
    });
  });
});

describe('legacy and newer shapes', () => {
  // Chatwoot 2.4 account webhooks (webhook_listener.rb@v2.4.0, EventDataPresenter#push_data@v2.4.0): no labels,
  // priority, team or updated_at yet; changed_attributes added by bfe6324d (2.4.0).
  const v24Conversation = () => {
    const c = conversation() as Record<string, unknown> & { meta: Record<string, unknown>; contact_inbox: Record<string, unknown> };
    const { pubsub_token: _token, ...contactInbox } = c.contact_inbox;
    return {
      additional_attributes: {},
      can_reply: true,
      channel: 'Channel::WebWidget',
      contact_inbox: contactInbox,
      id: 17,
      inbox_id: 2,
      messages: [],
      meta: {
        sender: c.meta['sender'],
        assignee: {
          id: 1,
          name: 'Marta Ruiz',
          available_name: 'Marta',
          avatar_url: '',
          type: 'user',
          availability_status: 'online',
          thumbnail: '',
        },
        hmac_verified: false,
      },
      status: 'resolved',
      custom_attributes: {},
      snoozed_until: null,
      unread_count: 0,
      agent_last_seen_at: 1649841011,
      contact_last_seen_at: 1649840990,
      timestamp: 1649841011,
    };
  };

  it.each(['conversation_opened', 'conversation_resolved'] as const)(
    '%s from a Chatwoot 2.4 account webhook is accepted unsigned',
    (type) => {
      const status = type === 'conversation_opened' ? 'open' : 'resolved';
      const payload = {
        ...v24Conversation(),
        status,
        event: type,
        changed_attributes: [{ status: { previous_value: status === 'open' ? 'resolved' : 'open', current_value: status } }],
      };
      const delivery = chatwootDelivery('account_webhook', payload, { version: [2, 4] });
      const result = receive('conversa', delivery, { ...opts, allowUnsigned: true });
      expect(result).toMatchObject({
        ok: true,
        event: { type, verified: false, known: true, issues: [], occurredAt: '2022-04-13T09:10:11.000Z' },
      });
    },
  );

  it('types the account object Chatwoot 4.14.2 adds to conversation payloads', () => {
    const payload = { ...conversation(), account: { id: 2, name: 'Intertel Demo' }, event: 'macro.executed' };
    const r = receive('conversa', chatwootDelivery('macro', payload), { allowUnsigned: true });
    if (!(r.ok && r.event.type === 'macro.executed')) throw new Error('expected macro.executed');
    const accountName: string | undefined = r.event.data.account?.name;
    expect(accountName).toBe('Intertel Demo');
    expect(receive('conversa', chatwootDelivery('macro', { ...payload, account: { id: 'two' } }), { allowUnsigned: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });

  it('keeps every catalog sender in the sender vocabulary', () => {
    const all = new Set<EventSender>(getPlatform('conversa').events.flatMap((e) => e.senders ?? []));
    expect([...all].sort()).toEqual(Object.keys(SENDER_LABELS).sort());
  });
});

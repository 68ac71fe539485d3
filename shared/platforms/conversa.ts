import { z } from 'zod/v4';
import { hmacHexScheme } from '../signatures/hmac-hex';
import type { PlatformSpec } from '../spec';
import { jsonObject } from './common';
import {
  changedAttributes,
  contact,
  conversationShape,
  inboxShape,
  messageShape,
  typingShape,
  webwidgetShape,
} from './conversa-schemas';
import { contactSample, conversationSample, inboxSample, messageSample, typingSample, webwidgetSample } from './conversa-samples';
import { defineEvent } from './define';

const withEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ ...shape, event: z.literal(type) });

const changed = (attribute: string, previous: unknown, current: unknown) => [{ [attribute]: { previous_value: previous, current_value: current } }];

const events = [
  defineEvent({
    type: 'conversation_created',
    label: { en: 'Conversation created', es: 'Conversación creada' },
    description: 'A new conversation was created in the account.',
    important: true,
    schema: withEvent('conversation_created', conversationShape),
    sample: { ...conversationSample, event: 'conversation_created' },
  }),
  defineEvent({
    type: 'conversation_updated',
    label: { en: 'Conversation updated', es: 'Conversación actualizada' },
    description: 'An attribute of a conversation changed (assignee, team, labels, priority, custom attributes, …).',
    important: true,
    schema: withEvent('conversation_updated', { ...conversationShape, changed_attributes: changedAttributes }),
    sample: { ...conversationSample, event: 'conversation_updated', changed_attributes: changed('priority', null, 'high'), priority: 'high' },
  }),
  defineEvent({
    type: 'conversation_status_changed',
    label: { en: 'Conversation status changed', es: 'Estado de la conversación cambiado' },
    description: 'A conversation was opened, resolved, set pending or snoozed; read `status`.',
    important: true,
    schema: withEvent('conversation_status_changed', { ...conversationShape, changed_attributes: changedAttributes }),
    sample: { ...conversationSample, event: 'conversation_status_changed', status: 'resolved', changed_attributes: null },
  }),
  defineEvent({
    type: 'message_created',
    label: { en: 'Message created', es: 'Mensaje creado' },
    description: 'A message was created in a conversation (incoming, outgoing or template).',
    important: true,
    schema: withEvent('message_created', messageShape),
    sample: { ...messageSample, event: 'message_created' },
  }),
  defineEvent({
    type: 'message_updated',
    label: { en: 'Message updated', es: 'Mensaje actualizado' },
    description: 'A message in a conversation was updated.',
    important: true,
    schema: withEvent('message_updated', messageShape),
    sample: { ...messageSample, event: 'message_updated', content_attributes: { edited: true } },
  }),
  defineEvent({
    type: 'webwidget_triggered',
    label: { en: 'Live chat widget opened', es: 'El usuario final abre el widget de Live Chat' },
    description: 'An end user opened the live chat widget.',
    important: false,
    schema: withEvent('webwidget_triggered', webwidgetShape),
    sample: { ...webwidgetSample, event: 'webwidget_triggered' },
  }),
  defineEvent({
    type: 'contact_created',
    label: { en: 'Contact created', es: 'Contacto creado' },
    description: 'A contact was created (Chatwoot 3.x and later).',
    important: true,
    schema: withEvent('contact_created', contact.shape),
    sample: { ...contactSample, event: 'contact_created' },
  }),
  defineEvent({
    type: 'contact_updated',
    label: { en: 'Contact updated', es: 'Contacto actualizado' },
    description: 'A contact changed.',
    important: false,
    schema: withEvent('contact_updated', { ...contact.shape, changed_attributes: changedAttributes }),
    sample: { ...contactSample, event: 'contact_updated', changed_attributes: changed('phone_number', null, '+34600111222') },
  }),
  defineEvent({
    type: 'conversation_typing_on',
    label: { en: 'Conversation typing on', es: 'Escribiendo en la conversación' },
    description: 'An agent or the contact started typing.',
    important: false,
    schema: withEvent('conversation_typing_on', typingShape),
    sample: { ...typingSample, event: 'conversation_typing_on' },
  }),
  defineEvent({
    type: 'conversation_typing_off',
    label: { en: 'Conversation typing off', es: 'Dejó de escribir en la conversación' },
    description: 'An agent or the contact stopped typing.',
    important: false,
    schema: withEvent('conversation_typing_off', typingShape),
    sample: { ...typingSample, event: 'conversation_typing_off' },
  }),
  defineEvent({
    type: 'inbox_created',
    label: { en: 'Inbox created', es: 'Bandeja de entrada creada' },
    description: 'An inbox was created (subscribable through the API only).',
    important: false,
    schema: withEvent('inbox_created', inboxShape),
    sample: { ...inboxSample, event: 'inbox_created' },
  }),
  defineEvent({
    type: 'inbox_updated',
    label: { en: 'Inbox updated', es: 'Bandeja de entrada actualizada' },
    description: 'An inbox changed (subscribable through the API only).',
    important: false,
    schema: withEvent('inbox_updated', { ...inboxShape, changed_attributes: changedAttributes }),
    sample: { ...inboxSample, event: 'inbox_updated', changed_attributes: changed('greeting_enabled', false, true), greeting_enabled: true },
  }),
] as const;

export const conversa = {
  id: 'conversa',
  name: 'Intertel Conversa (Chatwoot)',
  typeName: 'IntertelConversa',
  description: 'Intertel Conversa, a white-label Chatwoot, and any Chatwoot 4.x: account webhooks, signed since Chatwoot 4.12.',
  docs: ['../shared/seeds/002_c21fadd5f0fc9879.txt', 'https://docs.intertelconversa.com/recursos/webhooks/eventos-admitidos-webhook'],
  events,
  anyEvent: defineEvent({
    type: '*',
    label: { en: 'Any event', es: 'Cualquier evento' },
    description: 'Any Chatwoot event.',
    important: false,
    schema: z.object({ event: z.string() }),
    sample: { ...messageSample, event: 'message_created' } as Record<string, unknown>,
  }),
  openEvents: false,
  eventType: [{ body: ['event'] }],
  deliveryId: [{ header: 'X-Chatwoot-Delivery' }],
  occurredAt: [{ body: ['updated_at'] }, { body: ['created_at'] }, { body: ['timestamp'] }, { header: 'X-Chatwoot-Timestamp' }],
  signature: hmacHexScheme({
    signatureHeader: 'X-Chatwoot-Signature',
    timestampHeader: 'X-Chatwoot-Timestamp',
    prefix: 'sha256=',
    reserializedFallback: false,
  }),
  sendsUnsigned: true,
  serializer: 'rails-json',
  staticHeaders: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'rest-client/2.1.0 (linux x86_64) ruby/3.4.4p34' },
  subscription: { kind: 'chatwoot' },
  setup: 'In Intertel Conversa / Chatwoot: Settings → Integrations → Webhooks → Add new webhook → paste this URL and tick the events; Chatwoot 4.12+ shows a secret to copy into the credential.',
} as const satisfies PlatformSpec;


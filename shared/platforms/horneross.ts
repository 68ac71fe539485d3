import { z } from 'zod/v4';
import { hmacHexScheme } from '../signatures/hmac-hex';
import type { PlatformSpec } from '../spec';
import { isoDateTime, jsonObject } from './common';
import { defineEvent } from './define';

const contact = z
  .object({
    email: z.string().nullable().optional(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    phoneNumber: z.string().nullable().optional(),
  })
  .describe('Contact data captured in the conversation');

const envelope = <T extends string, D extends z.ZodRawShape>(type: T, data: D) =>
  z.object({
    id: z.string().optional().describe('Event id (evt_…); absent in some deliveries'),
    type: z.literal(type),
    timestamp: isoDateTime().optional(),
    data: z.object({ conversationId: z.string().describe('Conversation id (conv_…)'), ...data }),
  });

const base = (type: string, id: string, data: Record<string, unknown>) => ({
  id,
  type,
  timestamp: '2024-01-21T15:30:00Z',
  data: { conversationId: 'conv_abc123', ...data },
});

const events = [
  defineEvent({
    type: 'conversation.created',
    label: { en: 'New conversation', es: 'Nueva conversación' },
    description: 'A new conversation started.',
    important: true,
    schema: envelope('conversation.created', { contact: contact.optional(), channel: z.string().optional() }),
    sample: base('conversation.created', 'evt_conv001', { channel: 'web', contact: { email: 'cliente@ejemplo.com' } }),
  }),
  defineEvent({
    type: 'conversation.message.created',
    label: { en: 'New message', es: 'Nuevo mensaje' },
    description: 'A new message was posted in a conversation.',
    important: true,
    schema: envelope('conversation.message.created', {
      messageId: z.string().optional().describe('Message id (msg_…)'),
      role: z.string().describe('Who wrote it, e.g. user or assistant'),
      content: z.string(),
      contact: contact.optional(),
    }),
    sample: base('conversation.message.created', 'evt_abc123', {
      messageId: 'msg_xyz789',
      role: 'user',
      content: 'Hola, necesito ayuda',
      contact: { email: 'cliente@ejemplo.com' },
    }),
  }),
  defineEvent({
    type: 'conversation.status.changed',
    label: { en: 'Conversation status changed', es: 'Cambio de estado' },
    description: 'A conversation changed status; compare the status without regard to case.',
    important: true,
    schema: envelope('conversation.status.changed', {
      newStatus: z.string().describe('New status, e.g. resolved or RESOLVED'),
      previousStatus: z.string().nullable().optional(),
    }),
    sample: base('conversation.status.changed', 'evt_status01', { newStatus: 'resolved', previousStatus: 'unresolved' }),
  }),
  defineEvent({
    type: 'lead.captured',
    label: { en: 'Lead captured', es: 'Lead capturado' },
    description: 'A lead was captured in a conversation.',
    important: true,
    schema: envelope('lead.captured', { contact }),
    sample: base('lead.captured', 'evt_lead01', {
      contact: { email: 'lead@ejemplo.com', firstName: 'María', phoneNumber: '+5491123456789' },
    }),
  }),
] as const;

export const horneross = {
  id: 'horneross',
  name: 'Horneross',
  typeName: 'Horneross',
  description: 'Horneross AI chat events, signed with X-Horneross-Signature (HMAC-SHA256 of the body, no timestamp).',
  docs: ['../shared/seeds/004_2d7b79bf5c4a94a1.txt', 'https://docs.horneross.com/developers/webhooks'],
  events,
  anyEvent: defineEvent({
    type: '*',
    label: { en: 'Any event', es: 'Cualquier evento' },
    description: 'Any Horneross event.',
    important: false,
    schema: z.object({ type: z.string(), data: jsonObject().optional() }),
    sample: events[1].sample,
  }),
  openEvents: false,
  eventType: [{ body: ['type'] }],
  deliveryId: [{ body: ['id'] }],
  occurredAt: [{ body: ['timestamp'] }],
  signature: hmacHexScheme({ signatureHeader: 'X-Horneross-Signature', reserializedFallback: true }),
  sendsUnsigned: false,
  serializer: 'json',
  staticHeaders: { 'Content-Type': 'application/json' },
  setup: {
    en: 'In Horneross: Settings → Webhooks → New Webhook ("Nuevo Webhook" in Spanish) → paste this URL, select the events and save; copy the signing secret into the credential.',
    es: 'En Horneross: Settings → Webhooks → "Nuevo Webhook" → pega esta URL, selecciona los eventos y guarda; copia el secreto de firma en la credencial.',
  },
} as const satisfies PlatformSpec;

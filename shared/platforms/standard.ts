import { z } from 'zod/v4';
import { standardWebhooksScheme } from '../signatures/standard-webhooks';
import type { PlatformSpec } from '../spec';
import { isoDateTime, jsonObject } from './common';
import { defineEvent } from './define';

/** The spec's recommended envelope; `type` is free-form and full-stop delimited. */
export const standardEnvelope = z.object({
  type: z.string().min(1).describe('Full-stop delimited event type, e.g. invoice.paid'),
  timestamp: isoDateTime().optional(),
  data: jsonObject().optional(),
});

export const standard = {
  id: 'standard',
  name: 'Standard Webhooks',
  typeName: 'StandardWebhooks',
  description:
    'Any sender that follows the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature; whsec_ secrets), including the Hookline relay.',
  docs: ['https://www.standardwebhooks.com/', 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md'],
  events: [] as const,
  anyEvent: defineEvent({
    type: '*',
    label: { en: 'Any event', es: 'Cualquier evento' },
    description: 'Any Standard Webhooks event.',
    important: true,
    schema: standardEnvelope,
    sample: { type: 'invoice.paid', timestamp: '2026-11-22T10:00:00.000Z', data: { id: 'inv_1042', amount: 4900, currency: 'EUR' } },
  }),
  openEvents: true,
  eventType: [{ body: ['type'] }],
  deliveryId: [{ header: 'webhook-id' }],
  occurredAt: [{ body: ['timestamp'] }, { header: 'webhook-timestamp' }],
  signature: standardWebhooksScheme(),
  sendsUnsigned: false,
  serializer: 'json',
  staticHeaders: { 'Content-Type': 'application/json' },
  setup: {
    en: 'Paste this URL into the sender as the endpoint and copy its whsec_ signing secret into the credential.',
    es: 'Pega esta URL en el emisor como endpoint y copia su secreto de firma whsec_ en la credencial.',
  },
} as const satisfies PlatformSpec;

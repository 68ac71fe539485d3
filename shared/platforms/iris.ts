import { z } from 'zod/v4';
import { sharedTokenScheme } from '../signatures/shared-token';
import type { PlatformSpec } from '../spec';
import { isoDateTime, jsonObject } from './common';
import { defineEvent } from './define';

const envelope = <T extends string>(type: T) =>
  z.object({
    Event: z.literal(type),
    Created: isoDateTime().describe('When Iris emitted the event (ISO 8601, UTC, 7 fraction digits)'),
    Payload: jsonObject().describe('Event content; its fields are not publicly documented'),
  });

const interaction = (type: string, channel: string, direction: 'IN' | 'OUT', status: string) => ({
  Event: type,
  Created: '2025-06-25T12:09:31.8490000Z',
  Payload: {
    Id: 'f3b7c9de-2a41-4c1f-9b77-5d3e0a6c8e12',
    Channel: channel,
    Direction: direction,
    Status: status,
    From: direction === 'IN' ? '+34600111222' : 'iris',
    To: direction === 'IN' ? 'iris' : '+34600111222',
    Text: direction === 'IN' ? 'Hola, quiero cambiar mi cita' : 'Su cita ha sido confirmada',
  },
});

const events = [
  defineEvent({
    type: 'INTERACTION_IN_CREATED_EVT',
    label: { en: 'Inbound interaction created', es: 'Un usuario final ha enviado una nueva interacción al sistema' },
    description: 'An end user sent a new interaction to Iris.',
    important: true,
    schema: envelope('INTERACTION_IN_CREATED_EVT'),
    sample: interaction('INTERACTION_IN_CREATED_EVT', 'WHATSAPP', 'IN', 'RECEIVED'),
  }),
  defineEvent({
    type: 'INTERACTION_OUT_CREATED_EVT',
    label: { en: 'Outbound interaction created', es: 'Se ha creado una interacción de salida (mensaje generado por Iris)' },
    description: 'Iris created an outbound interaction (a message it generated).',
    important: true,
    schema: envelope('INTERACTION_OUT_CREATED_EVT'),
    sample: interaction('INTERACTION_OUT_CREATED_EVT', 'SMS', 'OUT', 'SENT'),
  }),
  defineEvent({
    type: 'INTERACTION_STATUSCHANGED_EVT',
    label: { en: 'Interaction status changed', es: 'La interacción ha cambiado de estado (por ejemplo, de enviada a entregada)' },
    description: 'An interaction changed status, for example from sent to delivered.',
    important: true,
    schema: envelope('INTERACTION_STATUSCHANGED_EVT'),
    sample: interaction('INTERACTION_STATUSCHANGED_EVT', 'SMS', 'OUT', 'DELIVERED'),
  }),
  defineEvent({
    type: 'INTERACTION_CUSTOMSTATUSCHANGED_EVT',
    label: { en: 'Interaction custom status changed', es: 'Cambio en un subestado (customStatus) específico del proveedor' },
    description: 'A provider-specific sub-status (customStatus) of an interaction changed.',
    important: false,
    schema: envelope('INTERACTION_CUSTOMSTATUSCHANGED_EVT'),
    sample: {
      ...interaction('INTERACTION_CUSTOMSTATUSCHANGED_EVT', 'WHATSAPP', 'OUT', 'DELIVERED'),
      Payload: { Id: 'f3b7c9de-2a41-4c1f-9b77-5d3e0a6c8e12', CustomStatus: 'read' },
    },
  }),
] as const;

export const iris = {
  id: 'iris',
  name: 'Iris',
  typeName: 'Iris',
  description: 'Iris (Servinform) interaction events. Iris signs nothing: add a shared token as a custom header.',
  docs: [
    '../shared/seeds/000_9a788520078dc08b.txt',
    'https://iris-doc.servinform-developer.com/6-control-de-webhooks/6-1-introduccion-a-los-webhooks',
  ],
  events,
  anyEvent: defineEvent({
    type: '*',
    label: { en: 'Any event', es: 'Cualquier evento' },
    description: 'Any Iris event.',
    important: false,
    schema: z.object({ Event: z.string(), Created: z.string().optional(), Payload: jsonObject().optional() }),
    sample: interaction('INTERACTION_IN_CREATED_EVT', 'WHATSAPP', 'IN', 'RECEIVED'),
  }),
  openEvents: false,
  eventType: [{ body: ['Event'] }],
  deliveryId: [],
  occurredAt: [{ body: ['Created'] }],
  signature: sharedTokenScheme(),
  sendsUnsigned: false,
  serializer: 'json',
  staticHeaders: { 'Content-Type': 'application/json' },
  setup: {
    en: 'Ask your Iris tenant administrator to configure this URL for the integration, with the events to send, and a custom header X-Hookline-Token carrying your token.',
    es: 'Pide al administrador de tu tenant de Iris que configure esta URL para la integración, con los eventos a enviar y un header personalizado X-Hookline-Token con tu token.',
  },
} as const satisfies PlatformSpec;

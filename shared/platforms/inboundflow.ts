import { z } from 'zod/v4';
import { hmacHexScheme } from '../signatures/hmac-hex';
import type { PlatformSpec } from '../spec';
import { isoDate, isoDateTime, jsonObject } from './common';
import { defineEvent } from './define';

const text = () => z.string().nullable().optional();
const caller = {
  call_id: z.string().describe('Call id (uuid)'),
  caller_phone: text().describe('Caller phone number (E.164)'),
  caller_name: text().describe('Caller name, as the AI understood it'),
};

const envelope = <T extends string, D extends z.ZodRawShape>(type: T, data: D) =>
  z.object({
    event: z.literal(type),
    timestamp: isoDateTime().describe('When the event happened'),
    organization_id: z.string().describe('InboundFlow organization id (uuid)'),
    delivery_id: z.string().describe('Unique per delivery; use it to deduplicate'),
    data: z.object(data),
  });

const base = (event: string, data: Record<string, unknown>) => ({
  event,
  timestamp: '2026-02-24T21:00:00.000Z',
  organization_id: '7d1c3a52-95b8-4e0f-a7e4-0c8f2b7d9a10',
  delivery_id: '0b9f4f76-3d3a-4c55-9f1e-2a8d6c1b7e44',
  data,
});

const events = [
  defineEvent({
    type: 'call.completed',
    label: { en: 'Call completed', es: 'Cada llamada completada' },
    description: 'A call ended; the event carries its summary, transcript and caller details.',
    important: true,
    schema: envelope('call.completed', {
      ...caller,
      caller_email: text().describe('Caller email'),
      duration_seconds: z.number().int().nonnegative().describe('Call duration in seconds'),
      summary: text().describe('AI summary of the call'),
      intent: text().describe('What the caller wanted'),
      urgency: text().describe('e.g. low, medium, high'),
      recording_url: text().describe('Recording URL'),
      started_at: isoDateTime().nullable().optional(),
      ended_at: isoDateTime().nullable().optional(),
      transcript: z
        .union([z.string(), z.array(jsonObject())])
        .nullable()
        .optional()
        .describe('Transcript, when sent'),
    }),
    sample: base('call.completed', {
      call_id: '5f2b8c1e-6a3d-4f7b-9c2e-1d4a7b8c9e01',
      caller_phone: '+1234567890',
      caller_name: 'Dave',
      caller_email: 'dave@example.com',
      duration_seconds: 55,
      summary: 'Called about auto repair appointment. Customer wants to bring in a 2019 Honda Civic for brake inspection.',
      intent: 'book appointment',
      urgency: 'medium',
      recording_url: 'https://recordings.inboundflow.app/5f2b8c1e.mp3',
      started_at: '2026-02-24T20:59:00Z',
      ended_at: '2026-02-24T21:00:00Z',
    }),
  }),
  defineEvent({
    type: 'call.transferred',
    label: { en: 'Call transferred to a human', es: 'Llamada transferida a humano' },
    description: 'The AI agent transferred a call to a person or number you configured.',
    important: true,
    schema: envelope('call.transferred', {
      ...caller,
      duration_seconds: z.number().int().nonnegative(),
      summary: text(),
      transferred_to_label: text().describe('Destination name, e.g. Manager'),
      transferred_to_number: text().describe('Destination phone number'),
      urgency: text(),
      reason: text().describe('Why the call was transferred'),
    }),
    sample: base('call.transferred', {
      call_id: '5f2b8c1e-6a3d-4f7b-9c2e-1d4a7b8c9e02',
      caller_phone: '+1234567890',
      caller_name: 'Dave',
      duration_seconds: 47,
      summary: 'Caller requested to speak with manager about pricing.',
      transferred_to_label: 'Manager',
      transferred_to_number: '+18154264329',
      urgency: 'medium',
      reason: 'Wants to discuss pricing for full body repair',
    }),
  }),
  defineEvent({
    type: 'appointment.booked',
    label: { en: 'Appointment booked', es: 'Reserva de calendario realizada' },
    description: 'The AI agent booked a calendar appointment during a call.',
    important: true,
    schema: envelope('appointment.booked', {
      ...caller,
      appointment_date: isoDate().describe('YYYY-MM-DD'),
      appointment_time_start: isoDateTime(),
      appointment_time_end: isoDateTime().nullable().optional(),
      service_type: text(),
      calendar_event_id: text(),
      calendar_event_link: text(),
    }),
    sample: base('appointment.booked', {
      call_id: '5f2b8c1e-6a3d-4f7b-9c2e-1d4a7b8c9e03',
      caller_phone: '+1234567890',
      caller_name: 'Sarah',
      appointment_date: '2026-02-25',
      appointment_time_start: '2026-02-25T11:00:00Z',
      appointment_time_end: '2026-02-25T12:00:00Z',
      service_type: 'Auto Repair Appointment',
      calendar_event_id: 'google_event_id',
      calendar_event_link: 'https://calendar.google.com/calendar/event?eid=google_event_id',
    }),
  }),
  defineEvent({
    type: 'lead.created',
    label: { en: 'Lead created', es: 'Nuevo prospecto capturado' },
    description: 'A new lead was captured from a call.',
    important: true,
    schema: envelope('lead.created', {
      ...caller,
      caller_email: text(),
      intent: text(),
      urgency: text(),
      interest: text().describe('What the lead is interested in'),
      call_summary: text(),
    }),
    sample: base('lead.created', {
      call_id: '5f2b8c1e-6a3d-4f7b-9c2e-1d4a7b8c9e04',
      caller_phone: '+1234567890',
      caller_name: 'Dave',
      caller_email: 'dave@example.com',
      intent: 'pricing inquiry',
      urgency: 'high',
      interest: 'auto body work',
      call_summary: 'Called about getting a quote for front bumper repair on a 2019 Honda Civic.',
    }),
  }),
] as const;

export const inboundflow = {
  id: 'inboundflow',
  name: 'InboundFlow',
  typeName: 'InboundFlow',
  description: 'InboundFlow AI call events, signed with X-InboundFlow-Signature when a signing secret is set.',
  docs: ['../shared/seeds/001_555a51387d0a94bf.txt', 'https://inboundflow.app/docs/webhooks'],
  events,
  anyEvent: defineEvent({
    type: '*',
    label: { en: 'Any event', es: 'Cualquier evento' },
    description: 'Any InboundFlow event.',
    important: false,
    schema: z.object({ event: z.string(), timestamp: z.string().optional(), data: jsonObject().optional() }),
    sample: events[0].sample,
  }),
  openEvents: false,
  // The body is signed, its headers are not: the body's values win (a header that disagrees is refused).
  eventType: [{ body: ['event'] }, { header: 'X-InboundFlow-Event' }],
  deliveryId: [{ body: ['delivery_id'] }, { header: 'X-InboundFlow-Delivery-Id' }],
  occurredAt: [{ body: ['timestamp'] }, { header: 'X-InboundFlow-Timestamp' }],
  signature: hmacHexScheme({
    signatureHeader: 'X-InboundFlow-Signature',
    timestampHeader: 'X-InboundFlow-Timestamp',
    prefix: 'sha256=',
    reserializedFallback: true,
  }),
  sendsUnsigned: false,
  serializer: 'json',
  staticHeaders: { 'Content-Type': 'application/json', 'User-Agent': 'InboundFlow-Webhook/1.0' },
  setup: {
    en: 'In InboundFlow: Settings → Integrations → Custom Webhook → paste this URL (HTTPS), choose the events, set a signing secret, then "Test Webhook" and Save.',
    es: 'En InboundFlow: Configuración → Integraciones → Webhook Personalizado → pega esta URL (HTTPS), selecciona los eventos, define un secreto de firma, luego "Probar Webhook" y Guardar.',
  },
} as const satisfies PlatformSpec;

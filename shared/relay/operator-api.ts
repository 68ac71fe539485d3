import { z } from 'zod/v4';
import { relayEventSchema } from './event';

/**
 * The schemas of the routes an operator uses to watch and repair a relay: the catalog, one event with
 * its deliveries and attempts, failed-delivery listing and retries, hook and source secret rotation,
 * test deliveries, stats and the change feed. The web console calls nothing else; `api.ts` puts the
 * routes themselves into `relayRoutes`.
 */

const isoTime = z.string().describe('ISO 8601 date-time, UTC');
const labels = z.object({ en: z.string(), es: z.string() });
const id = (max = 200) => z.string().min(1).max(max);
/** Query-string times: ISO 8601, parsed to unix milliseconds. */
const queryTime = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const bodyTime = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);

// --- catalog -----------------------------------------------------------------------------------

export const catalogSchema = z.object({
  platforms: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      setup: labels.describe('Where the ingest URL goes in the platform'),
      signature: z.object({
        kind: z.enum(['hmac-sha256-hex', 'standard-webhooks', 'shared-token']),
        summary: z.string(),
        headers: z.array(z.string()).describe('Headers that carry the signature or token (masked when shown)'),
      }),
      sendsUnsigned: z.boolean().describe('Some versions of the sender deliver unsigned (then a source may set allowUnsigned)'),
      openEvents: z.boolean(),
      registersItself: z.boolean().describe('The relay can register the ingest URL through the platform API (register-chatwoot)'),
      events: z.array(z.object({ type: z.string(), label: labels, group: z.string().optional(), important: z.boolean() })),
    }),
  ),
});

// --- one event ---------------------------------------------------------------------------------

export const attemptSchema = z.object({
  attempt: z.number().int().describe('1 for the first attempt'),
  at: isoTime.describe('When the request was sent'),
  status: z.number().int().nullable().describe('HTTP status; null when no answer came (see error)'),
  error: z
    .string()
    .nullable()
    .describe(
      'Why the attempt failed: a transport error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, destination_not_allowed, …), or `HTTP <status>` for a non-2xx answer; null for a 2xx',
    ),
  durationMs: z.number().int().describe('Latency: request sent to answer read'),
  responseExcerpt: z.string().nullable().describe('The first bytes of the answer body (at most 512), as text'),
});

export const deliverySchema = z.object({
  id: z.string().describe('Delivery id (dlv_…)'),
  eventId: z.string(),
  hookId: z.string(),
  hookUrl: z.string().nullable().describe('The hook URL; null when the hook was deleted'),
  status: deliveryStatusSchema,
  attempts: z.number().int().describe('Attempts made'),
  nextAttemptAt: isoTime.nullable().describe('When the next attempt is due; null unless pending'),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: isoTime.nullable(),
  event: z.object({ source: z.string(), platform: z.string(), type: z.string(), receivedAt: isoTime }),
});

export const deliveryWithAttemptsSchema = deliverySchema.extend({
  attemptHistory: z.array(attemptSchema).describe('Every attempt, oldest first'),
});

export const eventDetailSchema = z.object({
  event: relayEventSchema,
  headers: z
    .record(z.string(), z.string())
    .nullable()
    .describe('The headers as received, signatures, tokens and credentials masked; null for events stored before headers were kept'),
  deliveries: z.array(deliveryWithAttemptsSchema),
});

export const eventSummariesSchema = z
  .record(z.string(), z.object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }))
  .describe('Delivery counts per listed event id');

export const searchEventsQuerySchema = z.object({
  since: queryTime.optional().describe('Received at or after (ISO 8601)'),
  until: queryTime.optional().describe('Received before (ISO 8601)'),
  status: deliveryStatusSchema.optional().describe('Only events with a delivery in this status'),
  q: z.string().min(1).max(200).optional().describe('Text the stored event (payload included) contains; case-insensitive'),
  before: id().optional().describe('Cursor: the `next` of the previous page'),
});

// --- deliveries --------------------------------------------------------------------------------

export const listDeliveriesQuerySchema = z.object({
  status: deliveryStatusSchema.optional(),
  hook: id().optional(),
  source: id(64).optional(),
  event: id().optional(),
  since: queryTime.optional().describe('Event received at or after (ISO 8601)'),
  until: queryTime.optional().describe('Event received before (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('1–200, default 50'),
  before: id().optional().describe('Cursor: the `next` of the previous page'),
});

export const bulkRetryBodySchema = z
  .object({
    hook: id().optional().describe('Failed deliveries to this hook'),
    source: id(64).optional().describe('… of events of this source'),
    since: bodyTime.optional().describe('… of events received at or after'),
    until: bodyTime.optional().describe('… of events received before'),
    dryRun: z.boolean().optional().describe('Only count what would be retried'),
  })
  .refine((b) => b.hook !== undefined || b.since !== undefined, { message: 'Give a hook or a time range (since)' });

export const bulkRetryResultSchema = z.object({
  matched: z.number().int().describe('Failed deliveries matching the filter'),
  retried: z.number().int().describe('Queued again (0 on a dry run); deliveries of disabled hooks are skipped'),
  skipped: z.number().int().describe('Matched but their hook is disabled or deleted'),
});

// --- secrets -----------------------------------------------------------------------------------

const graceSeconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400)
  .optional()
  .describe('How long the previous secret stays valid; default 86400 (24 h), 0 = at once');

export const rotateHookSecretBodySchema = z.object({ graceSeconds });

export const rotateSourceSecretBodySchema = z.object({
  secret: z.string().min(1).max(1024).optional().describe('The new secret the platform shows; missing = the relay generates one'),
  graceSeconds,
});

export const rotatedSourceSecretSchema = z.object({
  id: z.string(),
  secret: z.string().optional().describe('The generated secret; shown only in this answer (absent when you gave one)'),
  previousSecretsExpireAt: isoTime.nullable().describe('Until when the previous secrets are still accepted'),
});

// --- test delivery -----------------------------------------------------------------------------

export const testDeliveryBodySchema = z.object({ type: id().describe('A catalog event type of the source platform') });

export const testDeliveryResultSchema = z.object({
  type: z.string(),
  status: z.number().int().describe("The ingest route's answer to the signed sample: 202 accepted, 4xx refused"),
  eventId: z.string().nullable().describe('The stored event; null when refused'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

// --- stats -------------------------------------------------------------------------------------

export const STATS_RANGES = {
  hour: { ms: 3_600_000, bucketMs: 300_000 },
  day: { ms: 86_400_000, bucketMs: 3_600_000 },
  week: { ms: 604_800_000, bucketMs: 21_600_000 },
} as const;
export type StatsRange = keyof typeof STATS_RANGES;

export const statsSummaryQuerySchema = z.object({
  since: queryTime.optional().describe('Start of "today" (ISO 8601, your local midnight); default UTC midnight'),
});

export const statsSummarySchema = z.object({
  eventsToday: z.number().int(),
  since: isoTime,
  deliveriesPending: z.number().int(),
  deliveriesFailed: z.number().int(),
  hooksDisabled: z.number().int(),
});

export const statsSeriesQuerySchema = z.object({
  range: z
    .enum(Object.keys(STATS_RANGES) as [StatsRange, ...StatsRange[]])
    .optional()
    .describe('hour (5-min buckets), day (hourly), week (6-hourly); default day'),
  source: id(64).optional(),
});

export const statsSeriesSchema = z.object({
  range: z.string(),
  bucketSeconds: z.number().int(),
  buckets: z.array(
    z.object({
      start: isoTime,
      received: z.number().int().describe('Events received'),
      delivered: z.number().int().describe('Delivery attempts answered 2xx'),
      failed: z.number().int().describe('Delivery attempts that failed'),
    }),
  ),
});

// --- change feed -------------------------------------------------------------------------------

/** What `GET /stream` sends, one Server-Sent Event each (`event:` = kind, `data:` = JSON). */
export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), id: z.string(), source: z.string(), platform: z.string(), type: z.string(), receivedAt: isoTime }),
  z.object({
    kind: z.literal('attempt'),
    deliveryId: z.string(),
    eventId: z.string(),
    hookId: z.string(),
    attempt: z.number().int(),
    status: z.number().int().nullable(),
    ok: z.boolean(),
    at: isoTime,
  }),
  z.object({ kind: z.literal('rejection'), source: z.string(), code: z.string(), status: z.number().int(), at: isoTime }),
  z.object({ kind: z.literal('resync'), reason: z.string() }),
  z.object({ kind: z.literal('ready') }).describe('Sent once the feed is listening: whatever was stored before it is not sent'),
]);

export type Catalog = z.output<typeof catalogSchema>;
export type CatalogPlatform = Catalog['platforms'][number];
export type RelayAttempt = z.output<typeof attemptSchema>;
export type RelayDelivery = z.output<typeof deliverySchema>;
export type RelayDeliveryWithAttempts = z.output<typeof deliveryWithAttemptsSchema>;
export type RelayEventDetail = z.output<typeof eventDetailSchema>;
export type EventSummaries = z.output<typeof eventSummariesSchema>;
export type BulkRetryResult = z.output<typeof bulkRetryResultSchema>;
export type RotatedSourceSecret = z.output<typeof rotatedSourceSecretSchema>;
export type TestDeliveryResult = z.output<typeof testDeliveryResultSchema>;
export type StatsSummary = z.output<typeof statsSummarySchema>;
export type StatsSeries = z.output<typeof statsSeriesSchema>;
export type RelayChange = z.output<typeof changeSchema>;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

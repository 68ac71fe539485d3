import { z } from 'zod/v4';
import { PLATFORM_IDS } from '../catalog';
import { relayEventSchema } from './event';
import {
  bulkRetryBodySchema,
  bulkRetryResultSchema,
  catalogSchema,
  changeSchema,
  deliverySchema,
  deliveryWithAttemptsSchema,
  eventDetailSchema,
  eventSummariesSchema,
  listDeliveriesQuerySchema,
  rotateHookSecretBodySchema,
  rotatedSourceSecretSchema,
  rotateSourceSecretBodySchema,
  searchEventsQuerySchema,
  statsSeriesQuerySchema,
  statsSeriesSchema,
  statsSummaryQuerySchema,
  statsSummarySchema,
  testDeliveryBodySchema,
  testDeliveryResultSchema,
} from './operator-api';

/**
 * The relay's HTTP API as data: every route with its zod schemas. The relay validates requests with them,
 * the relay client and Make's IML are built from them, and docs/openapi.json is generated from them.
 */

const text = (max = 2048) => z.string().min(1).max(max);
const platformId = z.enum(PLATFORM_IDS as [string, ...string[]]).describe('Platform id');
const isoTime = z.string().describe('ISO 8601 date-time, UTC');

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, e.g. invalid_signature'),
    message: z.string().describe('What went wrong; never holds a secret'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const hookSchema = z.object({
  id: z.string().describe('Hook id (hook_…)'),
  owner: z.string().nullable().describe('The subscriber key that created it (key_…); null = created with the admin key'),
  url: z.string().describe('Where the relay POSTs each event'),
  source: z.string().nullable().describe('Only events of this source; null = every source of the platform'),
  platform: z.string().nullable().describe('Only events of this platform; null = any platform'),
  events: z.array(z.string()).describe('Event types (or patterns with *); empty = every event'),
  status: z.enum(['active', 'disabled']),
  disabledReason: z.string().nullable(),
  concurrency: z
    .number()
    .int()
    .nullable()
    .describe("Requests in flight to this hook at once, per relay instance; null = the relay's default (8)"),
  rateLimit: z
    .object({ perSecond: z.number(), burst: z.number().int() })
    .nullable()
    .describe('At most perSecond requests a second to this hook (bursts of up to burst), per relay instance; null = unlimited'),
  createdAt: isoTime,
  consecutiveFailures: z.number().int().optional().describe('Failed attempts since the last success'),
  lastSuccessAt: isoTime.nullable().optional().describe('Last attempt answered 2xx'),
  lastFailureAt: isoTime.nullable().optional().describe('Last failed attempt'),
  previousSecretExpiresAt: isoTime
    .nullable()
    .optional()
    .describe('During a secret rotation: until when fan-outs are also signed with the previous secret'),
});

const rateLimitSchema = z.object({
  perSecond: z.number().positive().max(100_000).describe('Requests a second'),
  burst: z.number().int().min(1).max(100_000).optional().describe('Requests saved up for a burst; default perSecond rounded up'),
});

export const createdHookSchema = hookSchema.extend({
  secret: z.string().describe('The whsec_ signing secret of this hook; shown only in this answer'),
  token: z
    .string()
    .describe(
      'A static token sent in the hookline-token header of every fan-out of this hook, for receivers that cannot verify signatures (Make); derived from the secret; shown only in this answer',
    ),
});

export const createHookBodySchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe(
        'The subscriber URL (http or https). By default only public addresses: loopback, private, link-local and other inside addresses answer 422 destination_not_allowed',
      ),
    source: text(64).optional().describe('Subscribe to one relay source'),
    platform: platformId.optional().describe('Subscribe to every source of a platform'),
    events: z.array(text(200)).max(500).optional().describe('Event types; missing, [] or ["*"] = every event'),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('Requests in flight to this hook at once, per relay instance (default 8; 1 = one at a time)'),
    rateLimit: rateLimitSchema.optional().describe('Rate limit of this destination, per relay instance'),
  })
  .refine((b) => b.source !== undefined || b.platform !== undefined, { message: 'Give a source or a platform' });

export const sourceViewSchema = z.object({
  id: z.string(),
  platform: z.string(),
  ingestUrl: z.string().describe('The URL to paste into the platform'),
  allowUnsigned: z
    .boolean()
    .describe(
      'Whether the source accepts deliveries without a signature (created explicitly so); anyone who knows its ingest URL can post to it',
    ),
  secrets: z.number().int().optional().describe('How many secrets or tokens are accepted now (never the secrets)'),
  previousSecretsExpireAt: isoTime.nullable().optional().describe('During a rotation: until when the previous secrets are accepted'),
  tokenHeader: z.string().nullable().optional(),
  chatwoot: z.boolean().optional().describe('Chatwoot API credentials are set (register-chatwoot can run)'),
});

const chatwootConnectionSchema = z.object({
  baseUrl: text(),
  accountId: z.union([z.number().int(), text(64)]),
  apiAccessToken: text(),
});

export const createSourceBodySchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('Default: an unguessable src_… id'),
  platform: platformId,
  secrets: z.array(text(1024)).max(10).optional().describe('Signing secrets or shared tokens (several during rotation)'),
  toleranceSeconds: z.number().nonnegative().optional(),
  onInvalidPayload: z
    .enum(['reject', 'pass'])
    .optional()
    .describe(
      'A verified delivery whose payload does not match its schema: pass (the default) accepts it with `issues` in the event; reject answers 422 invalid_payload. Unverified deliveries are always rejected.',
    ),
  allowUnknownEvents: z
    .boolean()
    .optional()
    .describe(
      'A verified delivery of an event type the catalog does not know: true (the default) accepts it with known: false, for hooks that take every event; false answers 422 unknown_event. Unverified deliveries are always rejected.',
    ),
  rateLimit: rateLimitSchema.optional().describe('Ingest rate limit of this source, per relay instance: beyond it 429 with Retry-After'),
  tokenHeader: text(100).optional(),
  allowUnsigned: z.boolean().optional().describe('Accept deliveries without a signature (see the README)'),
  chatwoot: chatwootConnectionSchema.optional().describe('Chatwoot API credentials, for register-chatwoot'),
});

export const listEventsQuerySchema = z.object({
  platform: z.string().optional(),
  type: z.string().optional(),
  source: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('1–100, default 10'),
  ...searchEventsQuerySchema.shape,
});

const idParams = z.object({ id: text(200) });

export const readinessSchema = z.object({
  ok: z.boolean(),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({ current: z.boolean(), applied: z.number().int(), pending: z.array(z.string()) }),
});

const sourceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What a subscriber key may see: events of these sources, and of every source of these platforms. */
export const keyScopeSchema = z.object({
  sources: z.array(sourceId).max(100).describe('Source ids'),
  platforms: z.array(platformId).max(100).describe('Platform ids: every source of each'),
});

export const createKeyBodySchema = z.object({
  name: text(100).describe('Who or what holds the key, e.g. "Zapier: sales team"'),
  scope: keyScopeSchema
    .partial()
    .refine((s) => (s.sources?.length ?? 0) + (s.platforms?.length ?? 0) > 0, { message: 'Give at least one source or platform' })
    .describe('The sources and/or platforms the key may read and subscribe to'),
});

export const subscriberKeySchema = z.object({
  id: z.string().describe('Key id (key_…); the owner of the hooks it creates'),
  name: z.string(),
  scope: keyScopeSchema,
  createdAt: isoTime,
  revokedAt: isoTime.nullable().describe('When it was revoked; a revoked key is refused and its hooks are disabled'),
});

export const createdKeySchema = subscriberKeySchema.extend({
  key: z.string().describe('The subscriber key (hlsk_…); shown only in this answer, stored hashed'),
});

/** Who a key is: `GET /me`, for connection tests and sign-in. */
export const principalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin'), name: z.string() }),
  z.object({ kind: z.literal('subscriber'), id: z.string(), name: z.string(), scope: keyScopeSchema }),
]);

export type RouteAuth = 'public' | 'subscriber' | 'admin' | 'metrics';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Fastify-style path, `:name` for parameters. */
  readonly path: string;
  readonly summary: string;
  /**
   * `public`: no key. `subscriber`: the admin key or a subscriber key, which sees only its scope and its own
   * hooks. `admin`: the admin key only (a subscriber key gets 403 forbidden). `metrics`: the admin key or the
   * metrics token (HOOKLINE_METRICS_TOKEN), which opens nothing else; a subscriber key gets 403.
   */
  readonly auth: RouteAuth;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** `contentType` defaults to application/json. */
  readonly responses: Readonly<
    Record<number, { readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string }>
  >;
}

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, { description: ERROR_DESCRIPTIONS[c] ?? 'Error', schema: errorBodySchema }]));

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing, unknown or revoked key (unauthorized, key_revoked), or an unverified delivery',
  403: 'The key may not do this: an admin-only route or /metrics (forbidden), or outside its scope (out_of_scope)',
  404: 'Not found',
  413: 'Body too large',
  422: 'Unprocessable',
  429: 'Rate limited; try again after Retry-After seconds',
  500: 'The delivery could not be stored (storage_failed); nothing was acknowledged',
  503: 'The database stayed busy past its timeout (database_busy) or could not be reached (database_unavailable); nothing was stored; try again after Retry-After seconds',
  502: 'The upstream API refused',
  508: 'A delivery the relay itself fanned out (loop_detected), or one that passed through too many relays (too_many_hops)',
};

export const relayRoutes = {
  status: {
    method: 'GET',
    path: '/',
    summary: 'Relay status (constant time; delivery counts are in /metrics)',
    auth: 'public',
    responses: { 200: { description: 'Alive', schema: z.object({ ok: z.literal(true), name: z.string() }) } },
  },
  healthz: {
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness: the process answers (constant time, touches no table)',
    auth: 'public',
    responses: { 200: { description: 'Alive', schema: z.object({ ok: z.literal(true) }) } },
  },
  readyz: {
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: the database answers and every migration is applied',
    auth: 'public',
    responses: {
      200: { description: 'Ready', schema: readinessSchema },
      503: { description: 'Not ready: the database is unreachable or migrations are pending', schema: readinessSchema },
    },
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics (text exposition format), with the admin key or the metrics token as Bearer',
    auth: 'metrics',
    responses: { 200: { description: 'Metrics in Prometheus text format (text/plain; version=0.0.4)' }, ...errors(401, 403) },
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'public',
    responses: { 200: { description: 'OpenAPI document' } },
  },
  ingest: {
    method: 'POST',
    path: '/in/:sourceId',
    summary: 'A platform delivery (the URL pasted into the platform); verified on its raw bytes',
    auth: 'public',
    params: z.object({ sourceId: text(64) }),
    responses: {
      202: { description: 'Verified and durably stored', schema: z.object({ id: z.string(), duplicate: z.literal(false) }) },
      200: { description: 'A delivery already stored', schema: z.object({ id: z.string(), duplicate: z.literal(true) }) },
      ...errors(400, 401, 404, 413, 422, 429, 500, 503, 508),
    },
  },
  me: {
    method: 'GET',
    path: '/me',
    summary: 'Who this key is: admin, or a subscriber key with its scope (for connection tests)',
    auth: 'subscriber',
    responses: { 200: { description: 'The key', schema: principalSchema }, ...errors(401) },
  },
  createHook: {
    method: 'POST',
    path: '/hooks',
    summary: 'Subscribe a URL (REST hook)',
    auth: 'subscriber',
    body: createHookBodySchema,
    responses: {
      201: { description: 'Subscribed', schema: createdHookSchema },
      ...errors(400, 401, 403),
      422: {
        description: 'Unknown source or platform, or a destination the relay may not deliver to (destination_not_allowed)',
        schema: errorBodySchema,
      },
    },
  },
  listHooks: {
    method: 'GET',
    path: '/hooks',
    summary: 'Subscriptions (a subscriber key: its own)',
    auth: 'subscriber',
    responses: { 200: { description: 'Hooks, without secrets', schema: z.object({ hooks: z.array(hookSchema) }) }, ...errors(401) },
  },
  getHook: {
    method: 'GET',
    path: '/hooks/:id',
    summary: 'One subscription',
    auth: 'subscriber',
    params: idParams,
    responses: { 200: { description: 'The hook', schema: hookSchema }, ...errors(401, 404) },
  },
  deleteHook: {
    method: 'DELETE',
    path: '/hooks/:id',
    summary: 'Unsubscribe (idempotent); its pending deliveries stop',
    auth: 'subscriber',
    params: idParams,
    responses: { 204: { description: 'Deleted, or did not exist' }, ...errors(401) },
  },
  listEvents: {
    method: 'GET',
    path: '/events',
    summary: "Recent relayed events, newest first (a subscriber key: its scope's)",
    auth: 'subscriber',
    query: listEventsQuerySchema,
    responses: {
      200: {
        description: 'Events',
        schema: z.object({
          events: z.array(relayEventSchema),
          deliveries: eventSummariesSchema.optional(),
          next: z.string().nullable().optional().describe('Cursor for the next (older) page; null at the end'),
        }),
      },
      ...errors(400, 401, 403),
    },
  },
  replayEvent: {
    method: 'POST',
    path: '/events/:id/replay',
    summary: 'Fan a stored event out again to the hooks that match it now (a subscriber key: its own hooks, events of its scope)',
    auth: 'subscriber',
    params: idParams,
    responses: { 202: { description: 'Queued', schema: z.object({ id: z.string(), deliveries: z.number().int() }) }, ...errors(401, 404) },
  },
  listRejections: {
    method: 'GET',
    path: '/rejections',
    summary: 'Refused deliveries and why (bounded, secret-free)',
    auth: 'admin',
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
    responses: {
      200: {
        description: 'Rejections, newest first',
        schema: z.object({
          rejections: z.array(
            z.object({ source: z.string(), at: isoTime, code: z.string(), status: z.number().int(), message: z.string() }),
          ),
        }),
      },
      ...errors(400, 401, 403),
    },
  },
  listSources: {
    method: 'GET',
    path: '/sources',
    summary: "Sources, without secrets (a subscriber key: its scope's)",
    auth: 'subscriber',
    responses: { 200: { description: 'Sources', schema: z.object({ sources: z.array(sourceViewSchema) }) }, ...errors(401) },
  },
  createSource: {
    method: 'POST',
    path: '/sources',
    summary: 'Create or replace a source',
    auth: 'admin',
    body: createSourceBodySchema,
    responses: {
      201: { description: 'Created', schema: sourceViewSchema },
      ...errors(400, 401, 403),
      422: { description: 'A chatwoot.baseUrl the relay may not call (destination_not_allowed)', schema: errorBodySchema },
    },
  },
  deleteSource: {
    method: 'DELETE',
    path: '/sources/:id',
    summary: 'Delete a source',
    auth: 'admin',
    params: idParams,
    responses: { 204: { description: 'Deleted, or did not exist' }, ...errors(401, 403) },
  },
  registerChatwoot: {
    method: 'POST',
    path: '/sources/:id/register-chatwoot',
    summary: "Register a conversa source's ingest URL as a Chatwoot account webhook and keep the secret Chatwoot issues",
    auth: 'admin',
    params: idParams,
    responses: {
      201: { description: 'Registered', schema: z.object({ id: z.string(), chatwootWebhookId: z.number().int() }) },
      ...errors(400, 401, 403, 404),
      422: {
        description: 'Its chatwoot.baseUrl resolves to an address the relay may not call (destination_not_allowed)',
        schema: errorBodySchema,
      },
      502: { description: 'Chatwoot refused or could not be reached (chatwoot_error); its reply is not echoed', schema: errorBodySchema },
    },
  },
  createKey: {
    method: 'POST',
    path: '/keys',
    summary: 'Create a subscriber key scoped to sources and/or platforms; the key is shown only in this answer',
    auth: 'admin',
    body: createKeyBodySchema,
    responses: { 201: { description: 'Created', schema: createdKeySchema }, ...errors(400, 401, 403, 422) },
  },
  listKeys: {
    method: 'GET',
    path: '/keys',
    summary: 'Subscriber keys (never the keys themselves)',
    auth: 'admin',
    responses: {
      200: { description: 'Keys, revoked ones included', schema: z.object({ keys: z.array(subscriberKeySchema) }) },
      ...errors(401, 403),
    },
  },
  revokeKey: {
    method: 'DELETE',
    path: '/keys/:id',
    summary: 'Revoke a subscriber key (idempotent): it is refused from now on and its hooks are disabled',
    auth: 'admin',
    params: idParams,
    responses: { 204: { description: 'Revoked, or already revoked' }, ...errors(401, 403, 404) },
  },
  catalog: {
    method: 'GET',
    path: '/catalog',
    summary: 'The platforms and events this relay knows, with their labels and setup steps (English and Spanish)',
    auth: 'subscriber',
    responses: { 200: { description: 'The catalog', schema: catalogSchema }, ...errors(401, 403) },
  },
  getEvent: {
    method: 'GET',
    path: '/events/:id',
    summary: 'One event: the verified envelope, its headers as received (secrets masked), its deliveries with every attempt',
    auth: 'subscriber',
    params: idParams,
    responses: { 200: { description: 'The event', schema: eventDetailSchema }, ...errors(401, 403, 404) },
  },
  listDeliveries: {
    method: 'GET',
    path: '/deliveries',
    summary: 'Deliveries, newest event first, filtered by status, hook, source, event and time',
    auth: 'subscriber',
    query: listDeliveriesQuerySchema,
    responses: {
      200: { description: 'Deliveries', schema: z.object({ deliveries: z.array(deliverySchema), next: z.string().nullable() }) },
      ...errors(400, 401, 403),
    },
  },
  getDelivery: {
    method: 'GET',
    path: '/deliveries/:id',
    summary: 'One delivery with every attempt',
    auth: 'subscriber',
    params: idParams,
    responses: { 200: { description: 'The delivery', schema: deliveryWithAttemptsSchema }, ...errors(401, 403, 404) },
  },
  retryDelivery: {
    method: 'POST',
    path: '/deliveries/:id/retry',
    summary: 'Attempt one delivery again now (its attempt count carries on)',
    auth: 'subscriber',
    params: idParams,
    responses: {
      202: { description: 'Queued', schema: z.object({ id: z.string(), status: z.literal('pending') }) },
      ...errors(401, 403, 404),
      409: { description: 'The hook is disabled or deleted: enable it first', schema: errorBodySchema },
    },
  },
  retryDeliveries: {
    method: 'POST',
    path: '/deliveries/retry',
    summary: 'Retry every failed delivery of a hook or a time range (dryRun: only count them)',
    auth: 'subscriber',
    body: bulkRetryBodySchema,
    responses: { 200: { description: 'Counted and queued', schema: bulkRetryResultSchema }, ...errors(400, 401, 403) },
  },
  disableHook: {
    method: 'POST',
    path: '/hooks/:id/disable',
    summary: 'Stop delivering to a hook; its pending deliveries fail (retry them after enabling)',
    auth: 'subscriber',
    params: idParams,
    responses: { 200: { description: 'The hook, disabled', schema: hookSchema }, ...errors(401, 403, 404) },
  },
  enableHook: {
    method: 'POST',
    path: '/hooks/:id/enable',
    summary: 'Deliver to a hook again (its consecutive-failure count starts over)',
    auth: 'subscriber',
    params: idParams,
    responses: { 200: { description: 'The hook, active', schema: hookSchema }, ...errors(401, 403, 404) },
  },
  rotateHookSecret: {
    method: 'POST',
    path: '/hooks/:id/rotate-secret',
    summary:
      "A new whsec_ secret for a hook; fan-outs carry both signatures (space-separated) until the previous secret's grace period ends, and the hookline-token header keeps the previous secret's token until then (token receivers such as Make take the new `token` when they attach again)",
    auth: 'subscriber',
    params: idParams,
    body: rotateHookSecretBodySchema,
    responses: {
      200: { description: 'The hook with its new secret (shown only here)', schema: createdHookSchema },
      ...errors(400, 401, 403, 404),
    },
  },
  rotateSourceSecret: {
    method: 'POST',
    path: '/sources/:id/rotate-secret',
    summary: 'A new secret or token for a source; the previous ones are accepted until the grace period ends',
    auth: 'admin',
    params: idParams,
    body: rotateSourceSecretBodySchema,
    responses: { 200: { description: 'Rotated', schema: rotatedSourceSecretSchema }, ...errors(400, 401, 403, 404) },
  },
  testDelivery: {
    method: 'POST',
    path: '/sources/:id/test',
    summary:
      "Send test delivery: the relay signs the catalog sample of an event with the source's secret and ingests it like a platform delivery",
    auth: 'admin',
    params: idParams,
    body: testDeliveryBodySchema,
    responses: { 200: { description: 'What ingest answered', schema: testDeliveryResultSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  statsSummary: {
    method: 'GET',
    path: '/stats/summary',
    summary: 'Counters: events today, deliveries pending and failed, hooks disabled',
    auth: 'subscriber',
    query: statsSummaryQuerySchema,
    responses: { 200: { description: 'Counters', schema: statsSummarySchema }, ...errors(400, 401, 403) },
  },
  statsSeries: {
    method: 'GET',
    path: '/stats/series',
    summary: 'Events received and delivery outcomes per time bucket over the last hour, day or week',
    auth: 'subscriber',
    query: statsSeriesQuerySchema,
    responses: { 200: { description: 'Buckets, oldest first', schema: statsSeriesSchema }, ...errors(400, 401, 403) },
  },
  stream: {
    method: 'GET',
    path: '/stream',
    summary:
      'Change feed (Server-Sent Events): new events, delivery attempts and rejections as they are stored; authenticate with the Authorization header',
    auth: 'subscriber',
    responses: {
      200: {
        description: 'One Server-Sent Event per change; each `data:` line is a change as JSON',
        schema: changeSchema,
        contentType: 'text/event-stream',
      },
      ...errors(401, 403),
    },
  },
  console: {
    method: 'GET',
    path: '/console',
    summary: 'The web console (HTML; sign in with an API key)',
    auth: 'public',
    responses: {
      200: { description: 'The console page', contentType: 'text/html' },
      503: { description: 'The console was not built into this installation', schema: errorBodySchema },
    },
  },
  consoleAsset: {
    method: 'GET',
    path: '/console/assets/:file',
    summary: "The console's script, style sheet and icon",
    auth: 'public',
    params: z.object({ file: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) }),
    responses: { 200: { description: 'A static file' }, 404: { description: 'No such file' } },
  },
} as const satisfies Record<string, RouteSpec>;

export type RelayRouteName = keyof typeof relayRoutes;
export type RelayHook = z.output<typeof hookSchema>;
export type CreatedRelayHook = z.output<typeof createdHookSchema>;
export type RelaySourceView = z.output<typeof sourceViewSchema>;
export type CreateHookBody = z.input<typeof createHookBodySchema>;
export type CreateSourceBody = z.input<typeof createSourceBodySchema>;
export type KeyScope = z.output<typeof keyScopeSchema>;
export type CreateKeyBody = z.input<typeof createKeyBodySchema>;
export type SubscriberKey = z.output<typeof subscriberKeySchema>;
export type CreatedSubscriberKey = z.output<typeof createdKeySchema>;
export type RelayPrincipal = z.output<typeof principalSchema>;

/** A route's path with its parameters filled in (each URI-encoded). */
export function routePath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

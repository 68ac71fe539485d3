import { z } from 'zod/v4';
import { PLATFORM_IDS } from '../catalog';
import { relayEventSchema } from './event';

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
  concurrency: z.number().int().nullable().describe("Requests in flight to this hook at once, per relay instance; null = the relay's default (8)"),
  rateLimit: z
    .object({ perSecond: z.number(), burst: z.number().int() })
    .nullable()
    .describe('At most perSecond requests a second to this hook (bursts of up to burst), per relay instance; null = unlimited'),
  createdAt: isoTime,
});

const rateLimitSchema = z.object({
  perSecond: z.number().positive().max(100_000).describe('Requests a second'),
  burst: z.number().int().min(1).max(100_000).optional().describe('Requests saved up for a burst; default perSecond rounded up'),
});

export const createdHookSchema = hookSchema.extend({
  secret: z.string().describe('The whsec_ signing secret of this hook; shown only in this answer'),
  token: z
    .string()
    .describe('A static token sent in the hookline-token header of every fan-out of this hook, for receivers that cannot verify signatures (Make); derived from the secret; shown only in this answer'),
});

export const createHookBodySchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe('The subscriber URL (http or https). By default only public addresses: loopback, private, link-local and other inside addresses answer 422 destination_not_allowed'),
    source: text(64).optional().describe('Subscribe to one relay source'),
    platform: platformId.optional().describe('Subscribe to every source of a platform'),
    events: z.array(text(200)).max(500).optional().describe('Event types; missing, [] or ["*"] = every event'),
    concurrency: z.number().int().min(1).max(256).optional().describe('Requests in flight to this hook at once, per relay instance (default 8; 1 = one at a time)'),
    rateLimit: rateLimitSchema.optional().describe('Rate limit of this destination, per relay instance'),
  })
  .refine((b) => b.source !== undefined || b.platform !== undefined, { message: 'Give a source or a platform' });

export const sourceViewSchema = z.object({
  id: z.string(),
  platform: z.string(),
  ingestUrl: z.string().describe('The URL to paste into the platform'),
  allowUnsigned: z.boolean().describe('Whether the source accepts deliveries without a signature (created explicitly so); anyone who knows its ingest URL can post to it'),
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
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
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
      422: { description: 'Unknown source or platform, or a destination the relay may not deliver to (destination_not_allowed)', schema: errorBodySchema },
    },
  },
  listHooks: {
    method: 'GET',
    path: '/hooks',
    summary: "Subscriptions (a subscriber key: its own)",
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
    responses: { 200: { description: 'Events', schema: z.object({ events: z.array(relayEventSchema) }) }, ...errors(400, 401, 403) },
  },
  replayEvent: {
    method: 'POST',
    path: '/events/:id/replay',
    summary: "Fan a stored event out again to the hooks that match it now (a subscriber key: its own hooks, events of its scope)",
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
        schema: z.object({ rejections: z.array(z.object({ source: z.string(), at: isoTime, code: z.string(), status: z.number().int(), message: z.string() })) }),
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
      422: { description: "A chatwoot.baseUrl the relay may not call (destination_not_allowed)", schema: errorBodySchema },
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
      422: { description: 'Its chatwoot.baseUrl resolves to an address the relay may not call (destination_not_allowed)', schema: errorBodySchema },
      502: { description: "Chatwoot refused or could not be reached (chatwoot_error); its reply is not echoed", schema: errorBodySchema },
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
    responses: { 200: { description: 'Keys, revoked ones included', schema: z.object({ keys: z.array(subscriberKeySchema) }) }, ...errors(401, 403) },
  },
  revokeKey: {
    method: 'DELETE',
    path: '/keys/:id',
    summary: 'Revoke a subscriber key (idempotent): it is refused from now on and its hooks are disabled',
    auth: 'admin',
    params: idParams,
    responses: { 204: { description: 'Revoked, or already revoked' }, ...errors(401, 403, 404) },
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

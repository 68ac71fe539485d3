import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod/v4';
import { relayRoutes, zodIssues, type RelayRouteName, type RouteSpec } from '../../shared';
import type { Authenticate, MetricsTokenCheck } from '../auth/authenticate';
import type { Principal } from '../auth/principal';
import { errorBody } from './errors';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<R extends RouteSpec> {
  readonly params: Parsed<R['params']>;
  readonly query: Parsed<R['query']>;
  readonly body: Parsed<R['body']>;
  /** Who called: set on every route that needs a key (`subscriber`, `admin`; on `metrics`, unless the metrics token). */
  readonly principal: R['auth'] extends 'public' ? undefined : R['auth'] extends 'metrics' ? Principal | undefined : Principal;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
}

/** What `route()` checks a request's credentials with. */
export interface RouteAccess {
  /** Who an Authorization header's key is (the admin key, a subscriber key). */
  readonly authenticate: Authenticate;
  /** The metrics token, which `metrics` routes take besides the admin key. */
  readonly isMetricsToken: MetricsTokenCheck;
}

/** A JSON request body: the raw bytes every route receives (ingest needs them) parsed here. */
function jsonBody(req: FastifyRequest): { ok: true; value: unknown } | { ok: false } {
  const raw = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function check(
  reply: FastifyReply,
  schema: z.ZodType | undefined,
  value: unknown,
  what: string,
): { ok: true; value: unknown } | { ok: false } {
  if (!schema) return { ok: true, value: undefined };
  const result = schema.safeParse(value ?? (what === 'body' ? undefined : {}));
  if (result.success) return { ok: true, value: result.data };
  void reply.code(400).send(errorBody('invalid_request', `Invalid ${what}`, zodIssues(result.error)));
  return { ok: false };
}

/**
 * The one place a route's `auth` rule is enforced: `public` lets anyone in; `subscriber` needs the admin
 * key or a live subscriber key; `admin` needs the admin key (a subscriber key gets 403); `metrics` takes the
 * admin key or the metrics token (a subscriber key gets 403; the metrics token is no key anywhere else).
 * Answers the principal (undefined on public routes and for the metrics token), or false after answering
 * 401/403 itself.
 */
async function authorize(
  spec: RouteSpec,
  access: RouteAccess,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<Principal | undefined | false> {
  if (spec.auth === 'public') return undefined;
  if (spec.auth === 'metrics' && access.isMetricsToken(req.headers.authorization)) return undefined;
  const outcome = await access.authenticate(req.headers.authorization);
  if (!outcome.ok) {
    void reply.code(401).header('www-authenticate', 'Bearer').send(errorBody(outcome.code, outcome.message));
    return false;
  }
  if (spec.auth === 'admin' && outcome.principal.kind !== 'admin') {
    void reply
      .code(403)
      .send(errorBody('forbidden', 'Only the admin key may do this; a subscriber key may manage its own hooks and read its scope'));
    return false;
  }
  if (spec.auth === 'metrics' && outcome.principal.kind !== 'admin') {
    void reply.code(403).send(errorBody('forbidden', 'Only the admin key or the metrics token may read metrics'));
    return false;
  }
  return outcome.principal;
}

/**
 * Registers one route of `relayRoutes`: its method and path, its auth rule, and its params, query and body
 * validated by the route's own schemas (400 `invalid_request` with the issues otherwise).
 */
export function route<N extends RelayRouteName>(
  app: FastifyInstance,
  access: RouteAccess,
  name: N,
  handler: (input: RouteInput<(typeof relayRoutes)[N]>) => Promise<unknown>,
): void {
  const spec: RouteSpec = relayRoutes[name];
  app.route({
    method: spec.method,
    url: spec.path,
    handler: async (req, reply) => {
      const principal = await authorize(spec, access, req, reply);
      if (principal === false) return reply;
      const params = check(reply, spec.params, req.params, 'path parameters');
      if (!params.ok) return reply;
      const query = check(reply, spec.query, req.query, 'query');
      if (!query.ok) return reply;
      let body: { ok: true; value: unknown } | { ok: false } = { ok: true, value: undefined };
      if (spec.body) {
        const raw = jsonBody(req);
        if (!raw.ok) return reply.code(400).send(errorBody('invalid_request', 'The body is not JSON'));
        body = check(reply, spec.body, raw.value ?? {}, 'body');
        if (!body.ok) return reply;
      }
      return handler({ params: params.value, query: query.value, body: body.value, principal, req, reply } as RouteInput<
        (typeof relayRoutes)[N]
      >);
    },
  });
}

import type { z } from 'zod/v4';
import type { HttpTransport } from '../http';
import {
  createdHookSchema,
  createdKeySchema,
  errorBodySchema,
  hookSchema,
  principalSchema,
  relayRoutes,
  routePath,
  type CreateHookBody,
  type CreateKeyBody,
  type CreatedRelayHook,
  type CreatedSubscriberKey,
  type RelayHook,
  type RelayPrincipal,
  type RelayRouteName,
  type RelaySourceView,
  type SubscriberKey,
} from './api';

export interface RelayConnection {
  /** The relay's base URL, e.g. https://hooks.example.com */
  readonly url: string;
  /** A subscriber key (hlsk_…, what Zapier and Make connections hold) or the admin key. */
  readonly apiKey: string;
}

/** A refused or failed relay call: the status and the relay's error code, with a message for people. */
export class RelayApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'RelayApiError';
  }
}

const HINTS: Record<number, string> = {
  401: 'the relay rejected the API key',
  403: 'the API key may not do this (an admin-only action, or outside its scope)',
  404: 'not found on the relay (check the relay URL)',
};

function failure(action: string, status: number, body: unknown): RelayApiError {
  const parsed = errorBodySchema.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : status === 0 ? 'unreachable' : 'unexpected_response';
  const detail = parsed.success ? parsed.data.error.message : (HINTS[status] ?? `HTTP ${status}`);
  return new RelayApiError(
    `Hookline relay: could not ${action}: ${HINTS[status] && parsed.success ? `${HINTS[status]} (${detail})` : detail}`,
    status,
    code,
  );
}

type Query = Readonly<Record<string, string | number | undefined>>;

/**
 * The relay's subscription API over an injected transport (n8n's httpRequest, Zapier's z.request, undici).
 * Every call is one route of `relayRoutes`; answers are checked against the routes' schemas.
 */
export function relayClient(connection: RelayConnection, transport: HttpTransport) {
  const base = connection.url.trim().replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${connection.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' };

  async function call<S extends z.ZodType>(
    name: RelayRouteName,
    action: string,
    expected: number,
    schema: S | undefined,
    input: { params?: Record<string, string>; query?: Query; body?: unknown; alsoOk?: readonly number[] } = {},
  ): Promise<z.output<S> | undefined> {
    const route = relayRoutes[name];
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined && v !== '') search.set(k, String(v));
    const qs = search.toString();
    const res = await transport({
      method: route.method,
      url: `${base}${routePath(route.path, input.params)}${qs ? `?${qs}` : ''}`,
      headers,
      body: input.body,
    });
    if (input.alsoOk?.includes(res.status)) return undefined;
    if (res.status !== expected) throw failure(action, res.status, res.body);
    if (!schema) return undefined;
    const parsed = schema.safeParse(res.body);
    if (!parsed.success)
      throw new RelayApiError(
        `Hookline relay: unexpected answer to ${action} (is the URL a Hookline relay?)`,
        res.status,
        'unexpected_response',
      );
    return parsed.data;
  }

  return {
    /** Checks the URL and key (`GET /me`); answers who the key is: admin, or a subscriber key and its scope. */
    async testConnection(): Promise<RelayPrincipal> {
      return (await call('me', 'connect', 200, principalSchema))!;
    },
    async subscribe(input: CreateHookBody): Promise<CreatedRelayHook> {
      return (await call('createHook', 'subscribe', 201, createdHookSchema, { body: input }))!;
    },
    /** Deletes a hook; one already gone counts as deleted. */
    async unsubscribe(id: string): Promise<void> {
      await call('deleteHook', 'unsubscribe', 204, undefined, { params: { id }, alsoOk: [200, 404, 410] });
    },
    async getHook(id: string): Promise<RelayHook | undefined> {
      const res = await call('getHook', 'read the subscription', 200, hookSchema, { params: { id }, alsoOk: [404] });
      return res ?? undefined;
    },
    /** Whether the hook still exists and is active. */
    async isActive(id: string): Promise<boolean> {
      return (await this.getHook(id))?.status === 'active';
    },
    async listEvents(query: { platform?: string; type?: string; source?: string; limit?: number } = {}) {
      const body = await call('listEvents', 'list events', 200, relayRoutes.listEvents.responses[200].schema, { query });
      return body!.events;
    },
    /** The sources the key may subscribe to (a subscriber key: those of its scope). */
    async listSources(): Promise<RelaySourceView[]> {
      const body = await call('listSources', 'list sources', 200, relayRoutes.listSources.responses[200].schema);
      return body!.sources;
    },
    /** Admin key only: a new subscriber key; its `key` is shown only in this answer. */
    async createKey(input: CreateKeyBody): Promise<CreatedSubscriberKey> {
      return (await call('createKey', 'create a key', 201, createdKeySchema, { body: input }))!;
    },
    /** Admin key only: every subscriber key, revoked ones included, never the keys themselves. */
    async listKeys(): Promise<SubscriberKey[]> {
      const body = await call('listKeys', 'list keys', 200, relayRoutes.listKeys.responses[200].schema);
      return body!.keys;
    },
    /** Admin key only: revokes a key (idempotent) and disables its hooks. */
    async revokeKey(id: string): Promise<void> {
      await call('revokeKey', 'revoke the key', 204, undefined, { params: { id } });
    },
  };
}

export type RelayClient = ReturnType<typeof relayClient>;

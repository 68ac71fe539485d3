/**
 * Chatwoot's account webhooks API (`/api/v1/accounts/{account_id}/webhooks`), used by the n8n trigger
 * and the relay to register themselves. The HTTP transport is injected: n8n's `helpers.httpRequest`
 * in the nodes, undici in the relay. Responses follow Chatwoot 4.x (`app/views/api/v1/accounts/webhooks`):
 * `{ payload: { webhook } }` and `{ payload: { webhooks: [...] } }`; 422 on an invalid subscription or URL.
 */

import type { HttpTransport, TransportRequest, TransportResponse } from '../http';

export interface ChatwootConnection {
  /** e.g. https://app.chatwoot.com or https://conversa.intertel.example */
  readonly baseUrl: string;
  readonly accountId: number | string;
  /** A user access token of an account administrator. */
  readonly apiAccessToken: string;
}

export interface ChatwootWebhook {
  readonly id: number;
  readonly url: string;
  readonly name: string | null;
  readonly subscriptions: readonly string[];
  /** Returned since Chatwoot 4.12; the key of X-Chatwoot-Signature. */
  readonly secret?: string;
  readonly account_id?: number;
}

export class ChatwootApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** What the status means, without anything of Chatwoot's reply (for callers that must not echo it). */
    readonly hint: string = failureHint(status),
  ) {
    super(message);
    this.name = 'ChatwootApiError';
  }
}

/** An account-scoped API URL: `<base>/api/v1/accounts/<id><path>`. */
export function chatwootAccountUrl(conn: ChatwootConnection, path: string): string {
  return `${conn.baseUrl.replace(/\/+$/, '')}/api/v1/accounts/${encodeURIComponent(String(conn.accountId))}${path}`;
}

const endpoint = (conn: ChatwootConnection, path = '') => chatwootAccountUrl(conn, `/webhooks${path}`);

function failureHint(status: number): string {
  return status === 401
    ? 'the access token was rejected'
    : status === 403
      ? 'the token is not an account administrator'
      : status === 404
        ? 'unknown account, webhook or bot'
        : status === 422
          ? 'Chatwoot rejected the request'
          : 'request failed';
}

/** The status, its hint and up to 200 characters of Chatwoot's own message (n8n shows it to the user who set the URL). */
export function describeChatwootFailure(status: number, body: unknown): string {
  const detail =
    body && typeof body === 'object'
      ? ((body as { message?: unknown; error?: unknown }).message ?? (body as { error?: unknown }).error)
      : undefined;
  return `Chatwoot API ${status}: ${failureHint(status)}${typeof detail === 'string' ? ` (${detail.slice(0, 200)})` : ''}`;
}

function isWebhook(value: unknown): value is ChatwootWebhook {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as ChatwootWebhook).id === 'number' &&
    typeof (value as ChatwootWebhook).url === 'string'
  );
}

export function chatwootWebhooks(conn: ChatwootConnection, transport: HttpTransport) {
  const headers = { api_access_token: conn.apiAccessToken, 'Content-Type': 'application/json', Accept: 'application/json' };

  const call = (method: TransportRequest['method'], path: string, body?: unknown): Promise<TransportResponse> =>
    transport({ method, url: endpoint(conn, path), headers, body });

  async function list(): Promise<ChatwootWebhook[]> {
    const res = await call('GET', '');
    if (res.status !== 200) throw new ChatwootApiError(describeChatwootFailure(res.status, res.body), res.status);
    const payload = (res.body as { payload?: { webhooks?: unknown } } | undefined)?.payload;
    const webhooks = Array.isArray(payload?.webhooks) ? payload.webhooks : Array.isArray(res.body) ? res.body : [];
    return webhooks.filter(isWebhook);
  }

  return {
    list,
    async create(input: { url: string; subscriptions: readonly string[]; name?: string }): Promise<ChatwootWebhook> {
      const res = await call('POST', '', { webhook: { url: input.url, subscriptions: input.subscriptions, name: input.name ?? null } });
      const webhook = (res.body as { payload?: { webhook?: unknown } } | undefined)?.payload?.webhook;
      if (res.status !== 200 || !isWebhook(webhook)) throw new ChatwootApiError(describeChatwootFailure(res.status, res.body), res.status);
      return webhook;
    },
    /** Deletes a webhook; one that is already gone (404) counts as deleted. */
    async remove(id: number): Promise<void> {
      const res = await call('DELETE', `/${id}`);
      if (res.status !== 200 && res.status !== 204 && res.status !== 404)
        throw new ChatwootApiError(describeChatwootFailure(res.status, res.body), res.status);
    },
    async findByUrl(url: string): Promise<ChatwootWebhook | undefined> {
      return (await list()).find((w) => w.url === url);
    },
  };
}

export type ChatwootWebhooksClient = ReturnType<typeof chatwootWebhooks>;

/** Chatwoot's allow-list of account webhook events (app/models/webhook.rb, 4.13). */
export { CHATWOOT_WEBHOOK_EVENTS, chatwootEventsSentBy } from './events';

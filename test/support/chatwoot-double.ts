/**
 * An in-test double of Chatwoot's account webhooks API, modelled on Chatwoot 4.13's documented and
 * observed behaviour (../shared/research/providers.md §1.5): `api_access_token` header auth (401),
 * `{ payload: { webhook } }` / `{ payload: { webhooks } }` responses, a server-generated `secret` per
 * webhook, 422 for subscriptions outside the allow-list or a URL already registered in the account,
 * DELETE → 200 with an empty body, 404 for unknown ids. It can also deliver events to registered
 * webhooks the way Chatwoot does (signed with each webhook's secret, one delivery id per destination).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '../../shared';
import { CHATWOOT_WEBHOOK_EVENTS } from '../../shared/chatwoot/client';

export interface DoubleWebhook {
  id: number;
  url: string;
  name: string | null;
  subscriptions: string[];
  secret: string;
  account_id: number;
}

export interface ChatwootDouble {
  readonly url: string;
  readonly accountId: number;
  readonly token: string;
  readonly webhooks: Map<number, DoubleWebhook>;
  readonly requests: { method: string; path: string; body: unknown }[];
  /** POSTs a payload to every webhook subscribed to its `event`, signed with that webhook's secret. */
  deliver(payload: Record<string, unknown> & { event: string }): Promise<{ url: string; status: number }[]>;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function startChatwootDouble(options: { accountId?: number; token?: string } = {}): Promise<ChatwootDouble> {
  const accountId = options.accountId ?? 1;
  const token = options.token ?? `cw_${randomBytes(12).toString('hex')}`;
  const webhooks = new Map<number, DoubleWebhook>();
  const requests: ChatwootDouble['requests'] = [];
  let nextId = 1;
  const base = `/api/v1/accounts/${accountId}/webhooks`;

  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ method: req.method ?? '', path, body });
    const reply = (status: number, json?: unknown) => {
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };
    if (req.headers['api_access_token'] !== token) return reply(401, { errors: ['You need to sign in or sign up before continuing.'] });
    if (!path.startsWith(base)) return reply(404, { error: 'Resource could not be found' });
    const rest = path.slice(base.length);
    const view = (w: DoubleWebhook) => ({ ...w });

    if (req.method === 'GET' && rest === '') return reply(200, { payload: { webhooks: [...webhooks.values()].map(view) } });
    if (req.method === 'POST' && rest === '') {
      // Rails wrap_parameters: `{ webhook: {...} }` and top-level keys both work.
      const input = ((body as { webhook?: unknown })?.webhook ?? body) as Partial<DoubleWebhook> | null;
      const subs = input?.subscriptions;
      const url = input?.url;
      const validSubs = Array.isArray(subs) && subs.length > 0 && subs.every((s) => CHATWOOT_WEBHOOK_EVENTS.includes(s));
      const validUrl = typeof url === 'string' && /^https?:\/\/\S+$/.test(url);
      if (!validSubs || !validUrl) return reply(422, { message: 'Invalid webhook', attributes: [!validSubs ? 'subscriptions' : 'url'] });
      if ([...webhooks.values()].some((w) => w.url === url)) return reply(422, { message: 'Url has already been taken', attributes: ['url'] });
      const webhook: DoubleWebhook = { id: nextId++, url, name: input?.name ?? null, subscriptions: [...subs], secret: randomBytes(24).toString('base64url'), account_id: accountId };
      webhooks.set(webhook.id, webhook);
      return reply(200, { payload: { webhook: view(webhook) } });
    }
    const id = Number(rest.slice(1));
    const existing = webhooks.get(id);
    if (!/^\/\d+$/.test(rest) || !existing) return reply(404, { error: 'Resource could not be found' });
    if (req.method === 'DELETE') {
      webhooks.delete(id);
      return reply(200);
    }
    return reply(405, { error: 'Method not allowed' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountId,
    token,
    webhooks,
    requests,
    async deliver(payload) {
      const results: { url: string; status: number }[] = [];
      for (const webhook of webhooks.values()) {
        if (!webhook.subscriptions.includes(payload.event)) continue;
        const delivery = sign('conversa', payload, { secret: webhook.secret });
        const res = await fetch(webhook.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
        await res.arrayBuffer();
        results.push({ url: webhook.url, status: res.status });
      }
      return results;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An in-test double of Chatwoot's account API (Chatwoot's servers cannot run here), modelled on Chatwoot
 * 4.13's documented and observed behaviour (../shared/research/providers.md §1.5, docs/chatwoot-senders.md
 * "Agent bot and API inbox REST API"):
 * - auth by the `api_access_token` header (401); an agent's token may read but not manage (403);
 * - account webhooks: `{ payload: { webhook } }` / `{ payload: { webhooks } }`, a server-generated `secret`
 *   per webhook, 422 for subscriptions outside the allow-list or a URL already registered, DELETE → 200
 *   with an empty body, 404 for unknown ids;
 * - agent bots: bare bot objects and a bare array (system bots included, with no outgoing URL), a
 *   server-generated `secret` from 4.13 that PATCH keeps and only `reset_secret` changes (a `secret` in the
 *   request is ignored: the controller does not permit it), DELETE → 200 empty;
 * - inboxes: `{ payload: [...] }`, `set_agent_bot` → 200 empty (null disconnects), `GET …/agent_bot` →
 *   `{ agent_bot }` (an empty object when none).
 * It also delivers events the way each sender does: account webhooks and bots signed with their own
 * secret from 4.12 / 4.13 (test/support/chatwoot-senders.ts), automation rules unsigned.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHATWOOT_WEBHOOK_EVENTS } from '../../shared/chatwoot/client';
import { chatwootDelivery } from './chatwoot-senders';

export interface DoubleWebhook {
  id: number;
  url: string;
  name: string | null;
  subscriptions: string[];
  secret: string;
  account_id: number;
}

export interface DoubleAgentBot {
  id: number;
  name: string;
  description: string;
  outgoing_url: string | null;
  bot_type: 'webhook';
  account_id: number | null;
  access_token: string;
  secret: string;
  system_bot: boolean;
}

export interface DoubleInbox {
  id: number;
  name: string;
  channel_type: string;
  agentBotId: number | null;
}

export interface ChatwootDouble {
  readonly url: string;
  readonly accountId: number;
  /** An administrator's token. */
  readonly token: string;
  /** An agent's token: reads work, managing webhooks and bots is 403. */
  readonly agentToken: string;
  readonly webhooks: Map<number, DoubleWebhook>;
  readonly bots: Map<number, DoubleAgentBot>;
  readonly inboxes: Map<number, DoubleInbox>;
  readonly requests: { method: string; path: string; body: unknown }[];
  /** POSTs a payload to every webhook subscribed to its `event`, signed with that webhook's secret. */
  deliver(payload: Record<string, unknown> & { event: string }): Promise<{ url: string; status: number }[]>;
  /** POSTs a payload to the bot connected to an inbox, as Chatwoot's AgentBotListener does. */
  deliverToInboxBot(inboxId: number, payload: Record<string, unknown> & { event: string }): Promise<{ url: string; status: number }[]>;
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

export interface ChatwootDoubleOptions {
  readonly accountId?: number;
  readonly token?: string;
  /** [major, minor]; before 4.13 bots have no secret and post unsigned. Default [4, 13]. */
  readonly version?: readonly [number, number];
  readonly inboxes?: readonly { name: string; channel_type?: string }[];
}

export async function startChatwootDouble(options: ChatwootDoubleOptions = {}): Promise<ChatwootDouble> {
  const accountId = options.accountId ?? 1;
  const token = options.token ?? `cw_${randomBytes(12).toString('hex')}`;
  const agentToken = `cw_agent_${randomBytes(8).toString('hex')}`;
  const version = options.version ?? [4, 13];
  const botsSign = version[0] > 4 || (version[0] === 4 && version[1] >= 13);
  const webhooks = new Map<number, DoubleWebhook>();
  const bots = new Map<number, DoubleAgentBot>();
  const inboxes = new Map<number, DoubleInbox>();
  const requests: ChatwootDouble['requests'] = [];
  let nextId = 1;
  const newSecret = () => randomBytes(18).toString('base64url');
  // A system bot (installation-wide): listed, but it has no outgoing URL or secret to show.
  bots.set(900, {
    id: 900,
    name: 'Captain',
    description: 'System bot',
    outgoing_url: null,
    bot_type: 'webhook',
    account_id: null,
    access_token: newSecret(),
    secret: newSecret(),
    system_bot: true,
  });
  (
    options.inboxes ?? [
      { name: 'Website', channel_type: 'Channel::WebWidget' },
      { name: 'API inbox', channel_type: 'Channel::Api' },
    ]
  ).forEach((inbox, i) =>
    inboxes.set(i + 1, { id: i + 1, name: inbox.name, channel_type: inbox.channel_type ?? 'Channel::Api', agentBotId: null }),
  );

  const account = `/api/v1/accounts/${accountId}`;
  const botView = (b: DoubleAgentBot) => {
    const { secret, access_token, ...rest } = b;
    if (b.system_bot) return { ...rest, outgoing_url: undefined };
    return { ...rest, access_token, ...(botsSign ? { secret } : {}) };
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = (req.url ?? '').split('?')[0]!;
    const method = req.method ?? '';
    requests.push({ method, path, body });
    const reply = (status: number, json?: unknown) => {
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };
    const caller = req.headers['api_access_token'];
    if (caller !== token && caller !== agentToken) return reply(401, { errors: ['You need to sign in or sign up before continuing.'] });
    const admin = caller === token;
    if (!path.startsWith(`${account}/`)) return reply(404, { error: 'Resource could not be found' });
    const rest = path.slice(account.length);
    const forbidden = () => reply(403, { error: 'You are not authorized to do this action' });
    const input = (key: string) =>
      ((body as Record<string, unknown> | undefined)?.[key] ?? body) as Record<string, unknown> | null | undefined;

    // Account webhooks
    if (rest === '/webhooks' && method === 'GET')
      return admin ? reply(200, { payload: { webhooks: [...webhooks.values()] } }) : forbidden();
    if (rest === '/webhooks' && method === 'POST') {
      if (!admin) return forbidden();
      // Rails wrap_parameters: `{ webhook: {...} }` and top-level keys both work.
      const w = input('webhook');
      const subs = w?.['subscriptions'];
      const url = w?.['url'];
      const validSubs = Array.isArray(subs) && subs.length > 0 && subs.every((s) => CHATWOOT_WEBHOOK_EVENTS.includes(s as string));
      const validUrl = typeof url === 'string' && /^https?:\/\/\S+$/.test(url);
      if (!validSubs || !validUrl) return reply(422, { message: 'Invalid webhook', attributes: [!validSubs ? 'subscriptions' : 'url'] });
      if ([...webhooks.values()].some((x) => x.url === url))
        return reply(422, { message: 'Url has already been taken', attributes: ['url'] });
      const webhook: DoubleWebhook = {
        id: nextId++,
        url,
        name: (w?.['name'] as string | null) ?? null,
        subscriptions: [...(subs as string[])],
        secret: newSecret(),
        account_id: accountId,
      };
      webhooks.set(webhook.id, webhook);
      return reply(200, { payload: { webhook } });
    }
    const webhookMatch = /^\/webhooks\/(\d+)$/.exec(rest);
    if (webhookMatch) {
      const id = Number(webhookMatch[1]);
      if (!webhooks.has(id)) return reply(404, { error: 'Resource could not be found' });
      if (method === 'DELETE') {
        if (!admin) return forbidden();
        webhooks.delete(id);
        return reply(200);
      }
      return reply(405, { error: 'Method not allowed' });
    }

    // Agent bots
    const accountBots = () => [...bots.values()].filter((b) => b.system_bot || b.account_id === accountId);
    if (rest === '/agent_bots' && method === 'GET') return reply(200, accountBots().map(botView));
    if (rest === '/agent_bots' && method === 'POST') {
      if (!admin) return forbidden();
      const b = input('agent_bot');
      if (typeof b?.['name'] !== 'string' || !b['name']) return reply(422, { message: "Name can't be blank" });
      const bot: DoubleAgentBot = {
        id: nextId++,
        name: b['name'],
        description: typeof b['description'] === 'string' ? b['description'] : '',
        outgoing_url: typeof b['outgoing_url'] === 'string' ? b['outgoing_url'] : null,
        bot_type: 'webhook',
        account_id: accountId,
        access_token: newSecret(),
        secret: newSecret(),
        system_bot: false,
      };
      bots.set(bot.id, bot);
      return reply(200, botView(bot));
    }
    const botMatch = /^\/agent_bots\/(\d+)(\/reset_secret)?$/.exec(rest);
    if (botMatch) {
      const bot = bots.get(Number(botMatch[1]));
      if (!bot || bot.system_bot || bot.account_id !== accountId) return reply(404, { error: 'Resource could not be found' });
      if (botMatch[2]) {
        if (method !== 'POST' || !botsSign) return reply(404, { error: 'Resource could not be found' });
        if (!admin) return forbidden();
        bot.secret = newSecret();
        return reply(200, botView(bot));
      }
      if (method === 'GET') return reply(200, botView(bot));
      if (!admin) return forbidden();
      if (method === 'PATCH') {
        const b = input('agent_bot') ?? {};
        // Only these are permitted (agent_bots_controller.rb); `secret` and the rest are ignored.
        if (typeof b['name'] === 'string') bot.name = b['name'];
        if (typeof b['description'] === 'string') bot.description = b['description'];
        if ('outgoing_url' in b) bot.outgoing_url = typeof b['outgoing_url'] === 'string' ? b['outgoing_url'] : null;
        return reply(200, botView(bot));
      }
      if (method === 'DELETE') {
        bots.delete(bot.id);
        for (const inbox of inboxes.values()) if (inbox.agentBotId === bot.id) inbox.agentBotId = null;
        return reply(200);
      }
      return reply(405, { error: 'Method not allowed' });
    }

    // Inboxes
    if (rest === '/inboxes' && method === 'GET') return reply(200, { payload: [...inboxes.values()].map(({ agentBotId: _, ...i }) => i) });
    const inboxMatch = /^\/inboxes\/(\d+)\/(set_agent_bot|agent_bot)$/.exec(rest);
    if (inboxMatch) {
      const inbox = inboxes.get(Number(inboxMatch[1]));
      if (!inbox) return reply(404, { error: 'Resource could not be found' });
      if (inboxMatch[2] === 'agent_bot' && method === 'GET') {
        const bot = inbox.agentBotId === null ? undefined : bots.get(inbox.agentBotId);
        return reply(200, { agent_bot: bot ? botView(bot) : {} });
      }
      if (inboxMatch[2] === 'set_agent_bot' && method === 'POST') {
        if (!admin) return forbidden();
        const id = (body as { agent_bot?: unknown } | undefined)?.agent_bot;
        if (id === null || id === undefined) inbox.agentBotId = null;
        else if (bots.has(Number(id))) inbox.agentBotId = Number(id);
        else return reply(404, { error: 'Resource could not be found' });
        return reply(200);
      }
    }
    return reply(404, { error: 'Resource could not be found' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const post = async (url: string, delivery: { headers: Record<string, string>; body: string }) => {
    const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
    await res.arrayBuffer();
    return { url, status: res.status };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    accountId,
    token,
    agentToken,
    webhooks,
    bots,
    inboxes,
    requests,
    async deliver(payload) {
      const results: { url: string; status: number }[] = [];
      for (const webhook of webhooks.values()) {
        if (!webhook.subscriptions.includes(payload.event)) continue;
        results.push(
          await post(
            webhook.url,
            chatwootDelivery('account_webhook', payload, { version, secret: webhook.secret, deliveryId: randomUUID() }),
          ),
        );
      }
      return results;
    },
    async deliverToInboxBot(inboxId, payload) {
      const inbox = inboxes.get(inboxId);
      const bot = inbox?.agentBotId === null || inbox === undefined ? undefined : bots.get(inbox.agentBotId);
      if (!bot?.outgoing_url) return [];
      return [
        await post(bot.outgoing_url, chatwootDelivery('agent_bot', payload, { version, secret: bot.secret, deliveryId: randomUUID() })),
      ];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

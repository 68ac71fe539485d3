/**
 * Chatwoot's agent bot and inbox API (`/api/v1/accounts/{account_id}/agent_bots`, `/inboxes`), used to
 * point an agent bot's outgoing URL at a receiver and connect it to inboxes. Shapes follow Chatwoot 4.13
 * (docs/chatwoot-senders.md, "Agent bot and API inbox REST API"): bots are returned bare (not wrapped in
 * `payload`), the list is a bare array, `secret` is returned to administrators from 4.13 and cannot be
 * chosen (PATCH keeps it), `set_agent_bot` answers 200 with an empty body, the inbox list is `{ payload }`.
 */
import type { HttpTransport, TransportRequest, TransportResponse } from '../http';
import { ChatwootApiError, chatwootAccountUrl, describeChatwootFailure, type ChatwootConnection } from './client';

export interface ChatwootAgentBot {
  readonly id: number;
  readonly name: string;
  readonly outgoing_url?: string | null;
  /** The key of the bot's X-Chatwoot-Signature (Chatwoot 4.13 and later, administrators only). */
  readonly secret?: string | null;
  readonly system_bot?: boolean;
  readonly account_id?: number | null;
}

export interface ChatwootInbox {
  readonly id: number;
  readonly name: string;
  readonly channel_type?: string;
}

const isBot = (value: unknown): value is ChatwootAgentBot =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as ChatwootAgentBot).id === 'number' &&
  typeof (value as ChatwootAgentBot).name === 'string';

const isInbox = (value: unknown): value is ChatwootInbox =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as ChatwootInbox).id === 'number' &&
  typeof (value as ChatwootInbox).name === 'string';

export function chatwootAgentBots(conn: ChatwootConnection, transport: HttpTransport) {
  const headers = { api_access_token: conn.apiAccessToken, 'Content-Type': 'application/json', Accept: 'application/json' };
  const call = (method: TransportRequest['method'], path: string, body?: unknown): Promise<TransportResponse> =>
    transport({ method, url: chatwootAccountUrl(conn, path), headers, body });
  const ok = (res: TransportResponse, ...allowed: number[]) => {
    if (!allowed.includes(res.status)) throw new ChatwootApiError(describeChatwootFailure(res.status, res.body), res.status);
  };
  const bot = (res: TransportResponse): ChatwootAgentBot => {
    ok(res, 200);
    if (!isBot(res.body)) throw new ChatwootApiError('Chatwoot API answered without an agent bot', res.status);
    return res.body;
  };

  return {
    /** The account's own webhook bots (system bots have no outgoing URL to set). */
    async list(): Promise<ChatwootAgentBot[]> {
      const res = await call('GET', '/agent_bots');
      ok(res, 200);
      return (Array.isArray(res.body) ? res.body : []).filter(isBot).filter((b) => !b.system_bot);
    },
    /** The bot, or undefined when it no longer exists. */
    async get(id: number): Promise<ChatwootAgentBot | undefined> {
      const res = await call('GET', `/agent_bots/${id}`);
      if (res.status === 404) return undefined;
      return bot(res);
    },
    async create(input: { name: string; description?: string; outgoingUrl: string }): Promise<ChatwootAgentBot> {
      return bot(
        await call('POST', '/agent_bots', {
          name: input.name,
          description: input.description ?? '',
          outgoing_url: input.outgoingUrl,
          bot_type: 0,
        }),
      );
    },
    /** Sets the outgoing URL; Chatwoot keeps the bot's secret. */
    async setOutgoingUrl(id: number, outgoingUrl: string | null): Promise<ChatwootAgentBot> {
      return bot(await call('PATCH', `/agent_bots/${id}`, { outgoing_url: outgoingUrl }));
    },
    /** Deletes a bot; one that is already gone (404) counts as deleted. */
    async remove(id: number): Promise<void> {
      ok(await call('DELETE', `/agent_bots/${id}`), 200, 204, 404);
    },
    async inboxes(): Promise<ChatwootInbox[]> {
      const res = await call('GET', '/inboxes');
      ok(res, 200);
      const payload = (res.body as { payload?: unknown } | undefined)?.payload;
      return (Array.isArray(payload) ? payload : []).filter(isInbox);
    },
    /** The id of the bot connected to an inbox, or undefined when none is. */
    async inboxBot(inboxId: number): Promise<number | undefined> {
      const res = await call('GET', `/inboxes/${inboxId}/agent_bot`);
      ok(res, 200);
      const connected = (res.body as { agent_bot?: unknown } | undefined)?.agent_bot;
      return isBot(connected) ? connected.id : undefined;
    },
    /** Connects a bot to an inbox, or disconnects the inbox's bot with null. */
    async connectInbox(inboxId: number, botId: number | null): Promise<void> {
      ok(await call('POST', `/inboxes/${inboxId}/set_agent_bot`, { agent_bot: botId }), 200, 204);
    },
  };
}

export type ChatwootAgentBotsClient = ReturnType<typeof chatwootAgentBots>;

import { CHATWOOT_WEBHOOK_EVENTS, type ChatwootAgentBotsClient, type ChatwootWebhooksClient } from '../../shared';

/**
 * How the trigger registers itself with Chatwoot and undoes it: an account webhook, or an agent bot's
 * outgoing URL. Everything needed to check and undo a registration lives in the workflow's static data.
 */
export interface RegistrationState {
  hookId?: string | number;
  hookSecret?: string;
  /** Agent bots: whether activation created the bot (deactivation deletes it) or pointed an existing one. */
  botCreated?: boolean;
  /** Agent bots: the outgoing URL the bot had before, restored on deactivation. */
  botPreviousUrl?: string | null;
  /** Agent bots: the inboxes activation connected, with the bot each had before (null for none). */
  botInboxes?: { id: number; previousBot: number | null }[];
}

/** A registration problem to show the user (the trigger turns it into a NodeOperationError). */
export class RegistrationError extends Error {}

export function clearRegistration(data: RegistrationState): void {
  delete data.hookId;
  delete data.hookSecret;
  delete data.botCreated;
  delete data.botPreviousUrl;
  delete data.botInboxes;
}

// Account webhooks

export async function accountWebhookRegistered(client: ChatwootWebhooksClient, url: string, data: RegistrationState): Promise<boolean> {
  const existing = await client.findByUrl(url);
  return !!existing && existing.id === data.hookId && !!data.hookSecret;
}

/** Creates the account webhook for the selected events ([] = every event an account webhook sends). */
export async function registerAccountWebhook(
  client: ChatwootWebhooksClient,
  input: { url: string; events: readonly string[]; name: string },
  data: RegistrationState,
): Promise<void> {
  // A webhook left behind for this URL (e.g. by a crashed deactivation) is replaced, so we hold its secret.
  const stale = await client.findByUrl(input.url);
  if (stale) await client.remove(stale.id);
  const subscribable = input.events.filter((e) => CHATWOOT_WEBHOOK_EVENTS.includes(e));
  if (input.events.length && !subscribable.length) {
    throw new RegistrationError(
      'Chatwoot account webhooks send none of the selected events: pick the sender that sends them (automation rule, macro or agent bot)',
    );
  }
  const webhook = await client.create({
    url: input.url,
    subscriptions: subscribable.length ? subscribable : CHATWOOT_WEBHOOK_EVENTS,
    name: input.name,
  });
  if (!webhook.secret) {
    await client.remove(webhook.id);
    throw new RegistrationError(
      'Chatwoot returned no webhook secret: it signs account webhooks from version 4.12; on older versions paste the URL and turn on "Accept Unsigned Deliveries"',
    );
  }
  data.hookId = webhook.id;
  data.hookSecret = webhook.secret;
}

export async function unregisterAccountWebhook(client: ChatwootWebhooksClient, data: RegistrationState): Promise<void> {
  if (data.hookId !== undefined) await client.remove(Number(data.hookId));
  clearRegistration(data);
}

// Agent bots

export const NEW_BOT = 'new';

export async function agentBotRegistered(client: ChatwootAgentBotsClient, url: string, data: RegistrationState): Promise<boolean> {
  if (data.hookId === undefined || !data.hookSecret) return false;
  const bot = await client.get(Number(data.hookId));
  return !!bot && bot.outgoing_url === url;
}

/**
 * Points an agent bot at `url`: a new bot, or an existing one (its previous URL is kept to restore),
 * keeping the secret Chatwoot holds for it, then connects it to the chosen inboxes.
 */
export async function registerAgentBot(
  client: ChatwootAgentBotsClient,
  input: { url: string; bot: string; name: string; inboxes: readonly number[] },
  data: RegistrationState,
): Promise<void> {
  const noSecret =
    'Chatwoot returned no secret for the agent bot: it signs agent bot deliveries from version 4.13; on older versions paste the URL into the bot and turn on "Accept Unsigned Deliveries"';
  let botId: number;
  let secret: string | null | undefined;
  if (input.bot === NEW_BOT || input.bot === '') {
    const bot = await client.create({ name: input.name, description: 'Created by n8n for a Hookline trigger', outgoingUrl: input.url });
    if (!bot.secret) {
      await client.remove(bot.id);
      throw new RegistrationError(noSecret);
    }
    [botId, secret] = [bot.id, bot.secret];
    data.botCreated = true;
    data.botPreviousUrl = null;
  } else {
    const id = Number(input.bot);
    const existing = Number.isInteger(id) ? await client.get(id) : undefined;
    if (!existing) throw new RegistrationError(`Chatwoot has no agent bot with ID ${String(input.bot).slice(0, 40)} in this account`);
    // A bot already pointing here (a deactivation that never ran) keeps the URL it had recorded before.
    const previous =
      existing.outgoing_url === input.url && data.hookId === existing.id ? (data.botPreviousUrl ?? null) : (existing.outgoing_url ?? null);
    const updated = await client.setOutgoingUrl(id, input.url);
    if (!updated.secret) {
      await client.setOutgoingUrl(id, previous);
      throw new RegistrationError(noSecret);
    }
    [botId, secret] = [updated.id, updated.secret];
    data.botCreated = false;
    data.botPreviousUrl = previous;
  }
  data.hookId = botId;
  data.hookSecret = secret;
  data.botInboxes = [];
  for (const inbox of input.inboxes) {
    const previousBot = (await client.inboxBot(inbox)) ?? null;
    if (previousBot !== botId) await client.connectInbox(inbox, botId);
    data.botInboxes.push({ id: inbox, previousBot: previousBot === botId ? botId : previousBot });
  }
}

/** Gives the inboxes their previous bots back, then deletes the bot activation created or restores its URL. */
export async function unregisterAgentBot(client: ChatwootAgentBotsClient, data: RegistrationState): Promise<void> {
  if (data.hookId === undefined) return clearRegistration(data);
  const botId = Number(data.hookId);
  for (const inbox of [...(data.botInboxes ?? [])].reverse()) {
    if (inbox.previousBot !== botId) await client.connectInbox(inbox.id, inbox.previousBot);
  }
  if (data.botCreated) await client.remove(botId);
  else if ((await client.get(botId)) !== undefined) await client.setOutgoingUrl(botId, data.botPreviousUrl ?? null);
  clearRegistration(data);
}

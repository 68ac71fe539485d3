import { conversa } from '../platforms/conversa';
import type { EventSender } from '../spec';

/** The catalog's Chatwoot events a given sender posts, in catalog order. */
export function chatwootEventsSentBy(sender: EventSender): readonly string[] {
  return conversa.events.filter((e) => (e.senders ?? []).includes(sender)).map((e) => e.type);
}

/** Chatwoot's allow-listed account webhook events (app/models/webhook.rb): the ones a webhook can subscribe to. */
export const CHATWOOT_WEBHOOK_EVENTS: readonly string[] = chatwootEventsSentBy('account_webhook');

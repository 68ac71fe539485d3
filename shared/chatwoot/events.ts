import { conversa } from '../platforms/conversa';

/** Chatwoot's allow-listed account webhook events: the catalog's, in catalog order. */
export const CHATWOOT_WEBHOOK_EVENTS: readonly string[] = conversa.events.map((e) => e.type);

import { request } from 'undici';
import { CHATWOOT_WEBHOOK_EVENTS, chatwootWebhooks, getPlatform, type HttpTransport } from '../shared';
import type { SourceConfig } from './config';
import type { Store } from './store';

const undiciTransport: HttpTransport = async (req) => {
  const res = await request(req.url, { method: req.method, headers: req.headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) });
  const text = await res.body.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.statusCode, body };
};

/** Whether the source's platform subscribes through Chatwoot's API and the source holds its credentials. */
export function canRegisterWithChatwoot(source: SourceConfig): source is SourceConfig & { chatwoot: NonNullable<SourceConfig['chatwoot']> } {
  return getPlatform(source.platform).subscription?.kind === 'chatwoot' && source.chatwoot !== undefined;
}

/**
 * Registers a conversa source's ingest URL as a Chatwoot account webhook (every event account webhooks send), replacing
 * one already registered for that URL, and keeps the secret Chatwoot issues as the source's secret.
 */
export async function registerWithChatwoot(store: Store, source: SourceConfig, ingestUrl: string, transport: HttpTransport = undiciTransport): Promise<{ webhookId: number }> {
  if (!canRegisterWithChatwoot(source)) throw new Error('Only sources of a Chatwoot platform with chatwoot API credentials can register');
  const client = chatwootWebhooks(source.chatwoot, transport);
  const stale = await client.findByUrl(ingestUrl);
  if (stale) await client.remove(stale.id);
  const webhook = await client.create({ url: ingestUrl, subscriptions: CHATWOOT_WEBHOOK_EVENTS, name: `Hookline relay: ${source.id}` });
  if (!webhook.secret) throw new Error('Chatwoot returned no webhook secret (it signs from version 4.12)');
  await store.sources.upsert({ ...source, secrets: [webhook.secret] });
  return { webhookId: webhook.id };
}

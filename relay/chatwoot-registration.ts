import { ChatwootApiError, CHATWOOT_WEBHOOK_EVENTS, chatwootWebhooks, getPlatform, type HttpTransport } from '../shared';
import type { SourceConfig } from './config';
import { DestinationNotAllowedError } from './outbound';
import type { Store } from './store';

/** Whether the source's platform subscribes through Chatwoot's API and the source holds its credentials. */
export function canRegisterWithChatwoot(
  source: SourceConfig,
): source is SourceConfig & { chatwoot: NonNullable<SourceConfig['chatwoot']> } {
  return getPlatform(source.platform).subscription?.kind === 'chatwoot' && source.chatwoot !== undefined;
}

/**
 * Registers a conversa source's ingest URL as a Chatwoot account webhook (every event account webhooks send), replacing
 * one already registered for that URL, and keeps the secret Chatwoot issues as the source's secret. `transport` is the
 * relay's guarded one: the base URL must be a destination the relay may call.
 */
export async function registerWithChatwoot(
  store: Store,
  source: SourceConfig,
  ingestUrl: string,
  transport: HttpTransport,
): Promise<{ webhookId: number }> {
  if (!canRegisterWithChatwoot(source)) throw new Error('Only sources of a Chatwoot platform with chatwoot API credentials can register');
  const client = chatwootWebhooks(source.chatwoot, transport);
  const stale = await client.findByUrl(ingestUrl);
  if (stale) await client.remove(stale.id);
  const webhook = await client.create({ url: ingestUrl, subscriptions: CHATWOOT_WEBHOOK_EVENTS, name: `Hookline relay: ${source.id}` });
  if (!webhook.secret) throw new ChatwootRegistrationError('Chatwoot returned no webhook secret (it signs from version 4.12)');
  await store.sources.upsert({ ...source, secrets: [webhook.secret] });
  return { webhookId: webhook.id };
}

export class ChatwootRegistrationError extends Error {}

/**
 * What the relay answers when registration fails. Nothing of the reply of the server behind the base URL is
 * echoed (it could be anything the base URL points at): Chatwoot's status and its meaning, or a network
 * error's code, or the policy's refusal.
 */
export function registrationFailure(err: unknown): { status: 422 | 502; code: string; message: string } {
  if (err instanceof DestinationNotAllowedError) return { status: 422, code: 'destination_not_allowed', message: err.message };
  if (err instanceof ChatwootApiError)
    return { status: 502, code: 'chatwoot_error', message: `Chatwoot answered ${err.status}: ${err.hint}` };
  if (err instanceof ChatwootRegistrationError) return { status: 502, code: 'chatwoot_error', message: err.message };
  const code = (err as { code?: unknown }).code;
  return {
    status: 502,
    code: 'chatwoot_error',
    message: `Chatwoot could not be reached${typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? ` (${code})` : ''}`,
  };
}

import { RelayApiError } from '../../shared';
import type { Bundle, Z, ZResponse } from './types';

export const KEY_HELP = 'Ask the relay operator for a subscriber key (they create one with `hookline keys create`) and reconnect.';

/** The relay URL and key of the connection. */
export function relayConnection(bundle: Pick<Bundle, 'authData'>): { url: string; apiKey: string } {
  return { url: (bundle.authData['relayUrl'] ?? '').trim().replace(/\/+$/, ''), apiKey: bundle.authData['apiKey'] ?? '' };
}

export function relayHost(bundle: Pick<Bundle, 'authData'>): string {
  try {
    return new URL(relayConnection(bundle).url).host;
  } catch {
    return 'the relay URL';
  }
}

function relayMessage(data: unknown): string | undefined {
  const error = (data as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message.slice(0, 300) : undefined;
}

/**
 * afterResponse: the relay's refusals of the key become messages people can act on before anything
 * parses the answer; the auth test and every subscribe, list and unsubscribe go through it.
 */
export function relayKeyErrors<R extends ZResponse>(response: R, z: Z, bundle: Bundle): R {
  if (response.status !== 401 && response.status !== 403) return response;
  const detail = relayMessage(response.data);
  const host = relayHost(bundle);
  if (response.status === 403) {
    throw new z.errors.Error(
      `The subscriber key may not do this on the Hookline relay at ${host}${detail ? ` (${detail})` : ''}: its scope does not cover this source or platform. Pick a source the key can see, or ask the relay operator for a key with a wider scope.`,
      'forbidden',
      403,
    );
  }
  throw new z.errors.Error(
    `The Hookline relay at ${host} rejected the subscriber key${detail ? ` (${detail})` : ''}. ${KEY_HELP}`,
    'unauthorized',
    401,
  );
}

const isZapierError = (z: Z, err: unknown) => err instanceof z.errors.Error || err instanceof z.errors.HaltedError;

/** Any failure of a relay call as a z.errors.Error with a human message (never the key, never a raw body). */
export function toZapierError(z: Z, bundle: Pick<Bundle, 'authData'>, err: unknown): Error {
  if (isZapierError(z, err)) return err as Error;
  if (err instanceof RelayApiError) return new z.errors.Error(`${err.message}.`, err.code, err.status);
  const reason = (err as { code?: string; message?: string }).code ?? (err as Error).message ?? 'no answer';
  return new z.errors.Error(
    `Could not reach the Hookline relay at ${relayHost(bundle)} (${String(reason).slice(0, 120)}). Check the relay URL in the connection and that the relay is running and reachable from the internet.`,
    'relay_unreachable',
  );
}

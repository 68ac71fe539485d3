import { hmacSha256 } from '../crypto';
import { standardWebhooksKey } from '../signatures/standard-webhooks';

/**
 * A per-hook static token for receivers that cannot check an HMAC over the raw body (Make's webhooks see
 * only the parsed body and the headers). The relay sends it in this header on every fan-out, beside the
 * Standard Webhooks signature, and returns it once when the hook is created; the receiver compares it.
 */
export const HOOK_TOKEN_HEADER = 'hookline-token';

const CONTEXT = 'hookline-token/v1';

/** Computed once per secret: the relay adds it to every fan-out. Bounded like the core's other per-secret caches. */
const tokens = new Map<string, string>();
const TOKEN_CACHE_LIMIT = 256;

/**
 * The token of a hook, derived from its whsec_ signing secret (HMAC-SHA256 of a fixed context string), so
 * the relay stores nothing new and the token cannot be turned back into the secret. It changes only when
 * the secret does.
 */
export function hookToken(hookSecret: string): string {
  let token = tokens.get(hookSecret);
  if (token === undefined) {
    const key = standardWebhooksKey(hookSecret);
    if (!key) throw new TypeError('A hook secret must be whsec_ followed by base64');
    token = `hlt_${hmacSha256(key, CONTEXT, '').toString('base64url')}`;
    if (tokens.size >= TOKEN_CACHE_LIMIT) tokens.clear();
    tokens.set(hookSecret, token);
  }
  return token;
}

/** The header the relay adds to each fan-out of a hook. */
export function hookTokenHeaders(hookSecret: string): Record<string, string> {
  return { [HOOK_TOKEN_HEADER]: hookToken(hookSecret) };
}

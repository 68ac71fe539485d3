import { hmacSha256 } from '../crypto';
import { perSecret } from '../per-secret';
import { standardWebhooksKey } from '../signatures/standard-webhooks';

/**
 * A per-hook static token for receivers that cannot check an HMAC over the raw body (Make's webhooks see
 * only the parsed body and the headers). The relay sends it in this header on every fan-out, beside the
 * Standard Webhooks signature, and returns it once when the hook is created; the receiver compares it.
 */
export const HOOK_TOKEN_HEADER = 'hookline-token';

const CONTEXT = 'hookline-token/v1';

/**
 * The token of a hook, derived from its whsec_ signing secret (HMAC-SHA256 of a fixed context string), so
 * the relay stores nothing new and the token cannot be turned back into the secret. It changes only when
 * the secret does, so it is computed once per secret: the relay adds it to every fan-out.
 */
export const hookToken: (hookSecret: string) => string = perSecret((hookSecret) => {
  const key = standardWebhooksKey(hookSecret);
  if (!key) throw new TypeError('A hook secret must be whsec_ followed by base64');
  return `hlt_${hmacSha256(key, CONTEXT, '').toString('base64url')}`;
});

/** The header the relay adds to each fan-out of a hook. */
export function hookTokenHeaders(hookSecret: string): Record<string, string> {
  return { [HOOK_TOKEN_HEADER]: hookToken(hookSecret) };
}

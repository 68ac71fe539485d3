import type { KeyStore } from './key-store';
import { ADMIN, type Principal } from './principal';
import { digestsEqual, keyDigest, subscriberKeyId } from './subscriber-key';

export type AuthOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly code: 'unauthorized' | 'key_revoked'; readonly message: string };

export type Authenticate = (authorization: string | undefined) => Promise<AuthOutcome>;

const UNAUTHORIZED: AuthOutcome = {
  ok: false,
  code: 'unauthorized',
  message: 'A valid Authorization: Bearer <api key> header is required',
};
const REVOKED: AuthOutcome = { ok: false, code: 'key_revoked', message: 'This API key was revoked; ask the relay operator for a new one' };

/**
 * Finds who an `Authorization: Bearer …` header belongs to: the admin key, or a subscriber key that is not
 * revoked. Keys are compared as SHA-256 digests in constant time; an unknown key id costs the same compare.
 */
export function authenticator(adminKey: string, keys: KeyStore): Authenticate {
  const adminDigest = keyDigest(adminKey);
  return async (authorization) => {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!m) return UNAUTHORIZED;
    const presented = m[1]!.trim();
    const digest = keyDigest(presented);
    if (digestsEqual(digest, adminDigest)) return { ok: true, principal: ADMIN };
    const id = subscriberKeyId(presented);
    const stored = id === undefined ? undefined : await keys.find(id);
    const expected = stored ? Buffer.from(stored.keyHash, 'hex') : adminDigest;
    if (!digestsEqual(digest, expected) || !stored) return UNAUTHORIZED;
    if (stored.revokedAt !== null) return REVOKED;
    return { ok: true, principal: { kind: 'subscriber', id: stored.id, name: stored.name, scope: stored.scope } };
  };
}

/** Whether an `Authorization: Bearer …` header carries the metrics token (none configured: never). */
export type MetricsTokenCheck = (authorization: string | undefined) => boolean;

/** The metrics token (HOOKLINE_METRICS_TOKEN) opens GET /metrics only; compared as a digest in constant time. */
export function metricsTokenCheck(token: string | undefined): MetricsTokenCheck {
  const digest = token ? keyDigest(token) : undefined;
  return (authorization) => {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    return digest !== undefined && m !== null && digestsEqual(keyDigest(m[1]!.trim()), digest);
  };
}

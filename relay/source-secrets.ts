import { randomBytes } from 'node:crypto';
import { getPlatform, type PlatformId } from '../shared';
import type { SourceConfig } from './config';
import { newWebhookSecret } from './ids';

export const DEFAULT_GRACE_SECONDS = 86_400;

/** The secrets a source accepts now: its current ones and those of a rotation still in their grace period. */
export function acceptedSecrets(source: SourceConfig, now = Date.now()): string[] {
  return [...source.secrets, ...(source.retiringSecrets ?? []).filter((r) => r.expiresAt > now).map((r) => r.secret)];
}

/** When the last previous secret stops being accepted; null when no rotation is under way. */
export function retiringUntil(source: SourceConfig, now = Date.now()): number | null {
  const live = (source.retiringSecrets ?? []).filter((r) => r.expiresAt > now);
  return live.length ? Math.max(...live.map((r) => r.expiresAt)) : null;
}

/** A new secret in the form the platform's scheme expects: whsec_ for Standard Webhooks, else 32 random bytes. */
export function generateSourceSecret(platform: PlatformId): string {
  return getPlatform(platform).signature.kind === 'standard-webhooks' ? newWebhookSecret() : randomBytes(32).toString('base64url');
}

/**
 * The source with `secret` as its only current secret; the secrets it had are accepted for `graceMs`
 * more (with those of an earlier rotation still in their grace), so the platform can be switched over
 * without refused deliveries.
 */
export function rotateSourceSecret(source: SourceConfig, secret: string, graceMs: number, now = Date.now()): SourceConfig {
  const expiresAt = now + graceMs;
  const retiring =
    graceMs > 0
      ? [
          ...(source.retiringSecrets ?? []).filter((r) => r.expiresAt > now),
          ...source.secrets.filter((s) => s !== secret).map((s) => ({ secret: s, expiresAt })),
        ]
      : [];
  return { ...source, secrets: [secret], retiringSecrets: retiring };
}

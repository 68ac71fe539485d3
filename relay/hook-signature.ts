import { standardWebhooksSignature } from '../shared';

/** A hook's signing secrets: the current one and, during a rotation, the previous one until it expires. */
export interface HookSecrets {
  readonly secret: string;
  readonly previousSecret?: string | null;
  /** Unix ms. */
  readonly previousSecretExpiresAt?: number | null;
}

const previousInGrace = (hook: HookSecrets, now: number) =>
  hook.previousSecret && (hook.previousSecretExpiresAt ?? 0) > now ? hook.previousSecret : undefined;

/**
 * The webhook-signature of one fan-out: `v1,<sig>` with the hook's secret, and during a rotation also
 * with the previous one (space-separated, as Standard Webhooks allows), so receivers that still hold
 * the old secret keep verifying until its grace period ends.
 */
export function hookSignature(hook: HookSecrets, id: string, timestamp: number, body: string, now = Date.now()): string {
  const signatures = [standardWebhooksSignature(hook.secret, id, timestamp, body)];
  const previous = previousInGrace(hook, now);
  if (previous) signatures.push(standardWebhooksSignature(previous, id, timestamp, body));
  return signatures.join(' ');
}

/**
 * The secret the per-hook token header (`hookline-token`, for receivers that compare a token instead of
 * checking a signature: Make) is derived from: the previous secret while its grace period lasts, since
 * those receivers hold the token they were given when they attached, then the current one.
 */
export function tokenSecret(hook: HookSecrets, now = Date.now()): string {
  return previousInGrace(hook, now) ?? hook.secret;
}

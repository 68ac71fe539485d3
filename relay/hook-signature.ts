import { standardWebhooksSignature } from '../shared';
import type { HookSigning } from './store';

/**
 * The webhook-signature of one fan-out: `v1,<sig>` with the hook's secret, and during a rotation also
 * with the previous one (space-separated, as Standard Webhooks allows), so receivers that still hold
 * the old secret keep verifying until its grace period ends.
 */
export function hookSignature(hook: HookSigning, id: string, timestamp: number, body: string, now = Date.now()): string {
  const signatures = [standardWebhooksSignature(hook.secret, id, timestamp, body)];
  if (hook.previous_secret && (hook.previous_secret_expires_at ?? 0) > now) signatures.push(standardWebhooksSignature(hook.previous_secret, id, timestamp, body));
  return signatures.join(' ');
}

/**
 * The secret the per-hook token header (`hookline-token`, for receivers that compare a token instead of
 * checking a signature: Make) is derived from: the previous secret while its grace period lasts, since
 * those receivers hold the token they were given when they attached, then the current one.
 */
export function tokenSecret(hook: HookSigning, now = Date.now()): string {
  return hook.previous_secret && (hook.previous_secret_expires_at ?? 0) > now ? hook.previous_secret : hook.secret;
}

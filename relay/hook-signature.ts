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

/**
 * The request each Chatwoot sender makes, per version (docs/chatwoot-senders.md): every sender posts
 * through Webhooks::Trigger, which adds X-Chatwoot-Delivery when the caller passes a delivery id and
 * X-Chatwoot-Timestamp / X-Chatwoot-Signature when it passes a secret. Which callers pass them:
 * - account webhooks: both from 4.12;
 * - API channel inboxes: the delivery id from 4.12, the channel's secret from 4.13;
 * - agent bots: both (the bot's secret) from 4.13;
 * - automation rules and macros: neither, on every version.
 */
import { sign, type EventSender, type SignedDelivery } from '../../shared';

export interface SenderOptions {
  /** The Chatwoot version as [major, minor]. Default [4, 13]. */
  readonly version?: readonly [number, number];
  /** The destination's secret: the webhook's, the bot's or the API inbox's. */
  readonly secret?: string;
  readonly timestamp?: number;
  readonly deliveryId?: string;
}

const atLeast = (version: readonly [number, number], major: number, minor: number) =>
  version[0] > major || (version[0] === major && version[1] >= minor);

function sends(sender: EventSender, version: readonly [number, number]): { deliveryId: boolean; signature: boolean } {
  switch (sender) {
    case 'account_webhook':
      return { deliveryId: atLeast(version, 4, 12), signature: atLeast(version, 4, 12) };
    case 'api_channel':
      return { deliveryId: atLeast(version, 4, 12), signature: atLeast(version, 4, 13) };
    case 'agent_bot':
      return { deliveryId: atLeast(version, 4, 13), signature: atLeast(version, 4, 13) };
    case 'automation_rule':
    case 'macro':
      return { deliveryId: false, signature: false };
  }
}

/** The headers and body `sender` would post for `payload`, built with the core's sign(). */
export function chatwootDelivery(sender: EventSender, payload: Record<string, unknown>, options: SenderOptions = {}): SignedDelivery {
  const what = sends(sender, options.version ?? [4, 13]);
  const secret = what.signature ? options.secret : undefined;
  const delivery = sign('conversa', payload, { secret, timestamp: options.timestamp, deliveryId: options.deliveryId });
  const headers = { ...delivery.headers };
  if (!what.deliveryId) delete headers['X-Chatwoot-Delivery'];
  return { headers, body: delivery.body };
}

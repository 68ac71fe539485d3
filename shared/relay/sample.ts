import { getPlatform, type PlatformId } from '../catalog';
import { ANY_EVENT, eventSpecOf } from '../events';
import { receive } from '../receive';
import { bodyDeliveryId, sign } from '../sign';
import { toRelayEvent, type RelayEvent } from './event';

/** A fixed moment for samples, so generated files do not change from one run to the next. */
const SAMPLE_UNIX_SECONDS = 1_768_473_000; // 2026-01-15T10:30:00Z
// A public key, not a credential: samples are signed with it only to run them through receive().
// Written as its bytes (a valid key for every scheme once base64-encoded), so it reads as what it is.
const SAMPLE_SECRET = `whsec_${btoa('hookline-sample-signing-key')}`;

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'event';

/**
 * The relayed event a subscriber receives for the catalog sample of `type` (or ANY_EVENT): built by
 * running the platform's own `sign()` and `receive()` on it, so the delivery id, the event time and the
 * type come from the catalog's locators exactly as for a real delivery.
 */
export function sampleRelayEvent<P extends PlatformId>(platform: P, type: string = ANY_EVENT): RelayEvent<P> {
  const spec = eventSpecOf(platform, type);
  if (!spec) throw new Error(`No ${platform} event "${type}" in the catalog`);
  const deliveryId = bodyDeliveryId(platform, spec.sample) ?? `dlv_sample_${slug(type === ANY_EVENT ? 'any' : type)}`;
  const delivery = sign(platform, spec.sample, { secret: SAMPLE_SECRET, timestamp: SAMPLE_UNIX_SECONDS, deliveryId });
  const received = receive(platform, delivery, { secrets: [SAMPLE_SECRET], now: SAMPLE_UNIX_SECONDS * 1000, allowUnknownEvents: true });
  if (!received.ok)
    throw new Error(`The ${getPlatform(platform).name} sample of "${type}" does not pass receive(): ${received.error.code}`);
  return toRelayEvent(received.event, { id: `evt_sample_${slug(received.event.type)}`, source: 'src_sample' });
}

import { eventSpecOf, freshPayload, getPlatform, sign, type SignedDelivery } from '../shared';
import type { SourceConfig } from './config';

/** The header that tells a test delivery apart in the event's headers (the platform's own headers are kept). */
export const TEST_DELIVERY_HEADER = 'x-hookline-test';

/**
 * A platform delivery of the catalog sample of `type`, made fresh (its own delivery id and time) and
 * signed with the source's current secret exactly as the platform signs (unsigned when the source has
 * none and accepts unsigned deliveries). Undefined when the platform has no such event.
 */
export function testDelivery(source: SourceConfig, type: string, now = Date.now()): SignedDelivery | undefined {
  const platform = getPlatform(source.platform);
  const spec = eventSpecOf(source.platform, type) ?? (platform.openEvents ? platform.anyEvent : undefined);
  if (!spec) return undefined;
  const payload = freshPayload(source.platform, spec.sample, 0, now);
  if (platform.openEvents && spec === platform.anyEvent && typeof payload['type'] === 'string') payload['type'] = type;
  const signed = sign(source.platform, payload, {
    secret: source.secrets[0],
    tokenHeader: source.tokenHeader,
    timestamp: Math.floor(now / 1000),
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Hookline-Relay/0.1',
    [TEST_DELIVERY_HEADER]: '1',
  };
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { body: signed.body, headers };
}

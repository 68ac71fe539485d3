import { freshPayload, receive, sign } from '../../shared';
import { allEvents, secretFor } from './helpers';

describe('freshPayload()', () => {
  it.each(allEvents().map(([p, e]) => [p, e.type, e] as const))(
    '%s %s: a fresh copy is a new, still valid delivery',
    (platform, _type, event) => {
      const a = receive(platform, sign(platform, freshPayload(platform, event.sample, 1), { secret: secretFor(platform) }), {
        secrets: secretFor(platform),
      });
      const b = receive(platform, sign(platform, freshPayload(platform, event.sample, 2), { secret: secretFor(platform) }), {
        secrets: secretFor(platform),
      });
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) expect(a.event.deliveryId).not.toBe(b.event.deliveryId);
    },
  );
});

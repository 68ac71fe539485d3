import { PLATFORM_IDS, getPlatform, type PlatformId } from '../../shared';
import type { EventSpec } from '../../shared/spec';

export const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const NOW_S = 1_760_000_000;
export const NOW_MS = NOW_S * 1000;

export function secretFor(platform: PlatformId): string {
  return platform === 'standard' ? WHSEC : `s3cret-${platform}-key`;
}

/** Every (platform, event) pair of the catalog, with `any event` for open platforms. */
export function allEvents(): [PlatformId, EventSpec][] {
  return PLATFORM_IDS.flatMap((id) => {
    const spec = getPlatform(id);
    return (spec.openEvents ? [spec.anyEvent] : spec.events).map((e) => [id, e] as [PlatformId, EventSpec]);
  });
}

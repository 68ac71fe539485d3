import type { Db } from './db/connect';

/**
 * Loop protection. Every fan-out carries `hookline-hop`: the relays the event has passed through, oldest
 * first, this one last (a list like RFC 8586's CDN-Loop: `hookline-hop: rly_a, rly_b`). An ingest refuses
 * a delivery that already passed through this relay (a hook pointing back at it, directly or through
 * other relays) or through more than `MAX_HOPS` relays, and keeps the chain of what it accepts so its own
 * fan-outs carry it on. The relay id belongs to the database, so every instance of one relay shares it.
 */
export const HOP_HEADER = 'hookline-hop';
export const MAX_HOPS = 5;

export function parseHops(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text
    .split(',')
    .map((hop) => hop.trim().slice(0, 64))
    .filter((hop) => hop.length > 0);
}

export function hopRefusal(
  hops: readonly string[],
  relayId: string,
): { code: 'loop_detected' | 'too_many_hops'; message: string } | undefined {
  if (hops.includes(relayId))
    return { code: 'loop_detected', message: 'This delivery was fanned out by this relay: a hook points back at it' };
  if (hops.length >= MAX_HOPS)
    return {
      code: 'too_many_hops',
      message: `This delivery passed through ${hops.length} relays (at most ${MAX_HOPS - 1} before this one)`,
    };
  return undefined;
}

/** The header value a fan-out of an event that arrived with `hops` carries. */
export function outgoingHops(hops: readonly string[], relayId: string): string {
  return [...hops, relayId].join(', ');
}

/** Stored with the event: null when it came straight from a platform. */
export const storedHops = (hops: readonly string[]): string | null => (hops.length ? hops.join(',') : null);
export const loadedHops = (stored: string | null): string[] => (stored ? stored.split(',') : []);

/** This relay's id (made by migration 002). */
export async function loadRelayId({ kysely }: Db): Promise<string> {
  const row = await kysely.selectFrom('relay_settings').select('value').where('name', '=', 'relay_id').executeTakeFirstOrThrow();
  return row.value;
}

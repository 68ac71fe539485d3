import { randomUUID } from 'node:crypto';
import { getPlatform, type PlatformId } from './catalog';

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return;
    node = next as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function valueAt(target: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), target);
}

/**
 * A copy of a payload that is a new delivery: the body's delivery id is replaced (same JSON type), or,
 * where the platform identifies deliveries by a hash of the body, its event time is moved on by `seq` ms.
 */
export function freshPayload(
  platformId: PlatformId,
  payload: Record<string, unknown>,
  seq: number,
  now = Date.now(),
): Record<string, unknown> {
  const platform = getPlatform(platformId);
  const copy = structuredClone(payload);
  const idLocator = platform.deliveryId.find((l) => 'body' in l);
  if (idLocator && 'body' in idLocator) {
    const current = valueAt(copy, idLocator.body);
    setPath(copy, idLocator.body, typeof current === 'number' ? now * 1000 + seq : randomUUID());
    return copy;
  }
  const timeLocator = platform.occurredAt.find((l) => 'body' in l);
  if (timeLocator && 'body' in timeLocator) {
    const current = valueAt(copy, timeLocator.body);
    // Keep the field's type: Chatwoot sends unix seconds as numbers, others ISO strings.
    setPath(copy, timeLocator.body, typeof current === 'number' ? (now + seq) / 1000 : new Date(now + seq).toISOString());
  }
  return copy;
}

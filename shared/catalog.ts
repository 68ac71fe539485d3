import type { z } from 'zod/v4';
import { PLATFORMS } from './platforms';
import type { EventSpec, PlatformSpec } from './spec';

export { PLATFORMS };

export type Platforms = typeof PLATFORMS;
export type PlatformId = keyof Platforms;
export const PLATFORM_IDS = Object.keys(PLATFORMS) as PlatformId[];

type EventsOf<P extends PlatformId> = Platforms[P]['events'][number];
export type EventTypeOf<P extends PlatformId> = EventsOf<P> extends EventSpec<infer T> ? T : never;

type DataUnion<E> = E extends EventSpec<infer T, infer S> ? { readonly type: T; readonly data: z.output<S> } : never;
/** `{ type, data }` for every event of a platform, discriminated on `type`; open platforms add `{ type: string }`. */
export type TypedData<P extends PlatformId> =
  | DataUnion<EventsOf<P>>
  | (Platforms[P]['openEvents'] extends true ? DataUnion<Platforms[P]['anyEvent']> & { readonly type: string } : never);

export function isPlatformId(value: unknown): value is PlatformId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PLATFORMS, value);
}

export function getPlatform(id: PlatformId): PlatformSpec {
  return PLATFORMS[id] as PlatformSpec;
}

export function listPlatforms(): PlatformSpec[] {
  return PLATFORM_IDS.map(getPlatform);
}

const eventIndex = new Map<PlatformId, Map<string, EventSpec>>(
  PLATFORM_IDS.map((id) => [id, new Map(getPlatform(id).events.map((e) => [e.type, e]))]),
);

export function findEvent(platform: PlatformId, type: string): EventSpec | undefined {
  return eventIndex.get(platform)?.get(type);
}

/** Events of a platform, in catalog order. */
export function eventsOf(platform: PlatformId): readonly EventSpec[] {
  return getPlatform(platform).events;
}

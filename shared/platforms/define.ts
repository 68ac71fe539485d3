import type { z } from 'zod/v4';
import type { EventSpec } from '../spec';

/** Keeps the literal event type and the schema type, so receive() can return a discriminated union. */
export function defineEvent<const T extends string, S extends z.ZodType>(spec: EventSpec<T, S>): EventSpec<T, S> {
  return spec;
}

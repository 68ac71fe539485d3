import { z } from 'zod/v4';

/** Which schemas are points in time, for the field projection (kept out of the public JSON Schema). */
export const timeRegistry = z.registry<{ time: 'datetime' | 'date' }>();

function timed<S extends z.ZodType>(schema: S, time: 'datetime' | 'date'): S {
  timeRegistry.add(schema, { time });
  return schema;
}

/** ISO 8601 date-time as platforms send it: offset or Z, any number of fraction digits (.NET sends 7). */
export const isoDateTime = () =>
  timed(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'ISO 8601 date-time'), 'datetime');
export const isoDate = () => timed(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO 8601 date'), 'date');
/** Unix time in seconds; Chatwoot sends some as floats. */
export const unixSeconds = () => timed(z.number().nonnegative(), 'datetime');
/** An object with free keys (custom attributes and the like): any key, including `constructor`, passes. */
export const jsonObject = () => z.looseObject({});

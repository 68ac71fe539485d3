import { z } from 'zod/v4';

/** ISO 8601 date-time as platforms send it: offset or Z, any number of fraction digits (.NET sends 7). */
export const isoDateTime = () => z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'ISO 8601 date-time');
export const isoDate = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO 8601 date');
/** Unix time in seconds; Chatwoot sends some as floats. */
export const unixSeconds = () => z.number().nonnegative();
export const jsonObject = () => z.record(z.string(), z.unknown());

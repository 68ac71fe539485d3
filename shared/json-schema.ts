import { z } from 'zod/v4';
import type { PlatformId } from './catalog';
import { eventSpecOf } from './events';

export type JsonSchema = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, JsonSchema>();

/** JSON Schema (draft 2020-12) of what the event's body looks like, by zod's own conversion. */
export function schemaToJsonSchema(schema: z.ZodType): JsonSchema {
  let json = cache.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, json);
  }
  return json;
}

export function eventJsonSchema(platform: PlatformId, type: string): JsonSchema | undefined {
  const event = eventSpecOf(platform, type);
  return event ? schemaToJsonSchema(event.schema) : undefined;
}

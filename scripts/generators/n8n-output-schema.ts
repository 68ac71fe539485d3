import { z } from 'zod/v4';
import { getPlatform, relayEventSchema, schemaFields, type EventField, type PlatformId } from '../../shared';

type Json = Record<string, unknown>;

function fieldSchema(f: EventField): Json {
  let s: Json;
  if (f.type === 'object')
    s = f.fields?.length
      ? { type: 'object', ...objectOf(f.fields), ...(f.openKeys ? { additionalProperties: true } : {}) }
      : { type: 'object', additionalProperties: true };
  else if (f.type === 'array')
    s = {
      type: 'array',
      items: f.fields ? { type: 'object', ...objectOf(f.fields) } : f.itemType && f.itemType !== 'any' ? { type: f.itemType } : {},
    };
  else if (f.type === 'any') s = {};
  else s = { type: f.type };
  if (f.type === 'string' && f.time) s['format'] = f.time === 'date' ? 'date' : 'date-time';
  if (f.values) s['enum'] = f.values;
  if (f.description) s['description'] = f.description;
  if (f.nullable && typeof s['type'] === 'string') s['type'] = [s['type'], 'null'];
  return s;
}

function objectOf(fields: readonly EventField[]): Json {
  const required = fields.filter((f) => !f.optional).map((f) => f.name);
  return { properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])), ...(required.length ? { required } : {}) };
}

/**
 * n8n's static output schema of a trigger (n8n-core's output-schema resolver reads __schema__/v1.0.0.json):
 * the item the trigger emits, its `data` holding the fields of every event of the platform, merged.
 */
export function triggerOutputSchema(platform: PlatformId): Json {
  const spec = getPlatform(platform);
  const payloads = spec.openEvents || spec.events.length === 0 ? [spec.anyEvent.schema] : spec.events.map((e) => e.schema);
  const data = schemaFields(payloads.length === 1 ? payloads[0]! : z.union(payloads as [z.ZodType, z.ZodType, ...z.ZodType[]]));
  const envelope = schemaFields(relayEventSchema).filter((f) => f.name !== 'id' && f.name !== 'source');
  const schema = objectOf(envelope.map((f) => (f.name === 'data' ? { ...f, type: 'object', fields: data } : f)));
  const properties = schema['properties'] as Record<string, Json>;
  properties['platform'] = { type: 'string', const: platform };
  if (!spec.openEvents) properties['type'] = { ...properties['type'], enum: spec.events.map((e) => e.type) };
  properties['viaRelay'] = {
    type: 'object',
    description: 'In "via relay" mode: the relay event id and the relay source',
    properties: { eventId: { type: 'string' }, source: { type: 'string' } },
  };
  return { type: 'object', ...schema };
}

import { z } from 'zod/v4';
import type { PlatformId } from './catalog';
import { eventSpecOf } from './events';
import { titleLabel } from './labels';
import { timeRegistry } from './platforms/common';
import { relayEventSchema } from './relay/event';

/** The type of a mappable field, as the automation tools know types. */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'any';

/** One field of an event, for the editors' field lists (n8n output schema, Zapier outputFields, Make interface). */
export interface EventField {
  readonly name: string;
  /** From the root of what is projected (the payload, or the relayed envelope). */
  readonly path: readonly string[];
  readonly label: string;
  readonly type: FieldType;
  /** A point in time: an ISO string or unix seconds (`datetime`), or a calendar `date`. */
  readonly time?: 'datetime' | 'date';
  readonly format?: 'email' | 'uri' | 'uuid';
  /** May be absent: optional, or present in only some variants of a union. */
  readonly optional: boolean;
  readonly nullable: boolean;
  /** The values an enum or constant allows. */
  readonly values?: readonly (string | number | boolean)[];
  readonly description?: string;
  /** An object's properties; for an array, the fields of each item (arrays of objects). */
  readonly fields?: readonly EventField[];
  /** For an array of scalars: the items' type. */
  readonly itemType?: FieldType;
  /** An object with free keys (a record): mapped as one field. */
  readonly openKeys?: boolean;
}

type Json = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, Json>;
  required?: string[];
  additionalProperties?: Json | boolean;
  items?: Json | Json[];
  anyOf?: Json[];
  oneOf?: Json[];
  allOf?: Json[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  pattern?: string;
  'x-time'?: 'datetime' | 'date';
};

interface Shape {
  type: FieldType;
  time?: 'datetime' | 'date';
  format?: EventField['format'];
  nullable: boolean;
  values?: (string | number | boolean)[];
  description?: string;
  props?: Map<string, { shape: Shape; optional: boolean }>;
  items?: Shape;
  openKeys?: boolean;
}

const MAX_DEPTH = 12;
const FORMATS = new Set(['email', 'uri', 'uuid']);

/** The time marker of a schema or of what it was cloned from (`.describe()` clones). */
function timeOf(schema: z.ZodType): 'datetime' | 'date' | undefined {
  for (let s: z.ZodType | undefined = schema; s; s = (s as { _zod: { parent?: z.ZodType } })._zod.parent) {
    const entry = timeRegistry.get(s);
    if (entry) return entry.time;
  }
  return undefined;
}

/** zod → JSON Schema for the projection: the public conversion, plus which numbers are unix times. */
function projectionSchema(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const time = timeOf(ctx.zodSchema as unknown as z.ZodType);
      if (time) (ctx.jsonSchema as Json)['x-time'] = time;
    },
  }) as Json;
}

function scalarOf(value: unknown): FieldType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'any';
}

function shapeOf(json: Json, depth: number): Shape {
  if (depth > MAX_DEPTH) return { type: 'any', nullable: false };
  const branches = json.anyOf ?? json.oneOf ?? (json.allOf?.length === 1 ? json.allOf : undefined);
  if (branches)
    return unionShape(
      branches.map((b) => shapeOf(b, depth + 1)),
      json.description,
    );

  const types = Array.isArray(json.type) ? json.type : json.type ? [json.type] : [];
  const nullable = types.includes('null');
  const type = types.find((t) => t !== 'null');
  const base = { nullable, ...(json.description ? { description: json.description } : {}) };
  const time = json['x-time'] ?? (json.format === 'date-time' ? 'datetime' : json.format === 'date' ? 'date' : undefined);
  const values = json.const !== undefined ? [json.const] : json.enum;
  const enumValues = values?.filter((v): v is string | number | boolean => v !== null && typeof v !== 'object');

  if (type === 'object' || (!type && json.properties)) {
    const required = new Set(json.required ?? []);
    const props = new Map(
      Object.entries(json.properties ?? {}).map(([k, v]) => [k, { shape: shapeOf(v, depth + 1), optional: !required.has(k) }]),
    );
    const extra = json.additionalProperties;
    const openKeys = extra !== undefined && extra !== false;
    return { ...base, type: 'object', props, ...(openKeys ? { openKeys } : {}) };
  }
  if (type === 'array') {
    const items = Array.isArray(json.items) ? undefined : json.items;
    return { ...base, type: 'array', ...(items ? { items: shapeOf(items, depth + 1) } : {}) };
  }
  const scalar: FieldType =
    type === 'string' || type === 'number' || type === 'integer' || type === 'boolean'
      ? type
      : enumValues?.length
        ? scalarOf(enumValues[0])
        : 'any';
  return {
    ...base,
    type: scalar,
    ...(time ? { time } : {}),
    ...(json.format && FORMATS.has(json.format) ? { format: json.format as EventField['format'] } : {}),
    ...(enumValues?.length ? { values: enumValues } : {}),
  };
}

/** A union: null branches make it nullable; object branches merge (a key missing from one is optional). */
function unionShape(branches: Shape[], description: string | undefined): Shape {
  const nullable = branches.some((b) => b.nullable);
  const real = branches.filter((b) => !isNullOnly(b));
  const desc = description ?? real.find((b) => b.description)?.description;
  const withDesc = (s: Shape): Shape => ({ ...s, nullable: nullable || s.nullable, ...(desc ? { description: desc } : {}) });
  if (real.length === 0) return { type: 'any', nullable: true };
  if (real.length === 1) return withDesc(real[0]!);
  if (real.every((b) => b.type === 'object')) {
    const props = new Map<string, { shape: Shape; optional: boolean }>();
    for (const b of real) {
      for (const [k, v] of b.props ?? []) {
        const seen = props.get(k);
        props.set(k, seen ? { shape: mergeSame(seen.shape, v.shape), optional: seen.optional || v.optional } : v);
      }
    }
    for (const [k, v] of props) if (real.some((b) => !b.props?.has(k))) props.set(k, { ...v, optional: true });
    return withDesc({ type: 'object', nullable, props, ...(real.some((b) => b.openKeys) ? { openKeys: true } : {}) });
  }
  return withDesc(real.reduce(mergeSame));
}

function isNullOnly(shape: Shape): boolean {
  return shape.type === 'any' && shape.nullable && !shape.props && !shape.values;
}

/** Two shapes of one field: the same type stays; numbers widen; anything else becomes `any`. */
function mergeSame(a: Shape, b: Shape): Shape {
  const time = a.time ?? b.time;
  const values = a.values && b.values ? [...new Set([...a.values, ...b.values])] : undefined;
  const common = {
    nullable: a.nullable || b.nullable,
    ...(a.description || b.description ? { description: a.description ?? b.description } : {}),
    ...(time ? { time } : {}),
  };
  if (a.type === b.type) {
    if (a.type === 'object') return unionShape([a, b], common.description);
    if (a.type === 'array') return { ...common, type: 'array', ...(a.items && b.items ? { items: mergeSame(a.items, b.items) } : {}) };
    return { ...common, type: a.type, ...(values ? { values } : {}), ...(a.format === b.format && a.format ? { format: a.format } : {}) };
  }
  const numeric = (t: FieldType) => t === 'number' || t === 'integer';
  if (numeric(a.type) && numeric(b.type)) return { ...common, type: 'number' };
  return { ...common, type: 'any' };
}

function toFields(props: Map<string, { shape: Shape; optional: boolean }>, parent: readonly string[]): EventField[] {
  return [...props].map(([name, { shape, optional }]) => toField(name, [...parent, name], shape, optional));
}

function toField(name: string, path: readonly string[], s: Shape, optional: boolean): EventField {
  const itemFields = s.items?.type === 'object' && s.items.props ? toFields(s.items.props, path) : undefined;
  return {
    name,
    path,
    label: titleLabel(name),
    type: s.type,
    ...(s.time ? { time: s.time } : {}),
    ...(s.format ? { format: s.format } : {}),
    optional,
    nullable: s.nullable,
    ...(s.values ? { values: s.values } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(s.type === 'object' && s.props?.size ? { fields: toFields(s.props, path) } : {}),
    ...(itemFields ? { fields: itemFields } : {}),
    ...(s.type === 'array' && s.items && s.items.type !== 'object' ? { itemType: s.items.type } : {}),
    ...(s.openKeys || (s.type === 'object' && !s.props?.size) ? { openKeys: true } : {}),
  };
}

/** The fields of any zod object schema (or union of object schemas). */
export function schemaFields(schema: z.ZodType, parent: readonly string[] = []): EventField[] {
  const shape = shapeOf(projectionSchema(schema), 0);
  return shape.props ? toFields(shape.props, parent) : [];
}

const cache = new Map<string, readonly EventField[]>();

/**
 * The payload fields of an event (or ANY_EVENT) of a platform, from its zod schema: unions merged (a field
 * of only some variants is optional), nullable kept, arrays of objects with their items' fields, records
 * as one open field, enums with their values.
 */
export function eventFields(platform: PlatformId, type: string): readonly EventField[] {
  const key = `${platform}\u0000${type}`;
  let fields = cache.get(key);
  if (!fields) {
    const spec = eventSpecOf(platform, type);
    if (!spec) throw new Error(`No ${platform} event "${type}" in the catalog`);
    fields = schemaFields(spec.schema);
    cache.set(key, fields);
  }
  return fields;
}

/** The fields of a relayed event: the envelope's, with `data` holding the event's payload fields. */
export function relayEventFields(platform: PlatformId, type: string): EventField[] {
  const data = eventFields(platform, type);
  const reroot = (f: EventField): EventField => ({
    ...f,
    path: ['data', ...f.path],
    ...(f.fields ? { fields: f.fields.map(reroot) } : {}),
  });
  return schemaFields(relayEventSchema).map((f) =>
    f.name === 'data' ? { ...f, type: 'object', label: 'Data', fields: data.map(reroot), ...(data.length ? {} : { openKeys: true }) } : f,
  );
}

/** One flat field: objects expanded into their leaves up to `maxDepth` path segments; arrays stay one field. */
export interface FlatField {
  readonly field: EventField;
  readonly path: readonly string[];
}

export function flattenFields(fields: readonly EventField[], maxDepth = 4): FlatField[] {
  const out: FlatField[] = [];
  const visit = (f: EventField) => {
    if (f.type === 'object' && f.fields?.length && f.path.length < maxDepth) {
      f.fields.forEach(visit);
      if (f.openKeys) out.push({ field: f, path: f.path });
    } else out.push({ field: f, path: f.path });
  };
  fields.forEach(visit);
  return out;
}

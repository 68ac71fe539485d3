import { titleLabel } from './names';

/** One Make parameter as used in an `interface` section (only name, label, type, spec matter there). */
export interface MakeParam {
  name?: string;
  label?: string;
  type: MakeType;
  spec?: MakeParam | MakeParam[];
}

export type MakeType = 'text' | 'number' | 'integer' | 'uinteger' | 'boolean' | 'date' | 'email' | 'url' | 'uuid' | 'time' | 'collection' | 'array' | 'any';

type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  exclusiveMinimum?: number;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
};

/** zod's ISO datetime pattern (the catalog's timestamps carry a pattern, not a format). */
const ISO_DATE_PATTERN = /\\d\{4\}-\\d\{2\}-\\d\{2\}T/;

/** The non-null branch of a nullable; a union of object shapes merged; undefined for other unions. */
function withoutNull(schema: JsonSchema): JsonSchema | undefined {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const real = branches.filter((b) => b.type !== 'null');
    if (real.length === 1) return withoutNull(real[0]!);
    const objects = real.map(withoutNull);
    if (real.length > 1 && objects.every((o) => o?.type === 'object')) return mergeObjects(objects as JsonSchema[]);
    return undefined;
  }
  if (schema.allOf && schema.allOf.length === 1) return withoutNull(schema.allOf[0]!);
  if (Array.isArray(schema.type)) {
    const real = schema.type.filter((t) => t !== 'null');
    return real.length === 1 ? { ...schema, type: real[0] } : undefined;
  }
  return schema;
}

/** A union of object shapes (e.g. Modyo's payload variants) as one collection with every field. */
function mergeObjects(objects: JsonSchema[]): JsonSchema {
  const variants = new Map<string, JsonSchema[]>();
  for (const o of objects) {
    for (const [key, child] of Object.entries(o.properties ?? {})) {
      const list = variants.get(key) ?? [];
      if (!list.some((c) => JSON.stringify(c) === JSON.stringify(child))) list.push(child);
      variants.set(key, list);
    }
  }
  const properties: Record<string, JsonSchema> = {};
  for (const [key, list] of variants) properties[key] = list.length === 1 ? list[0]! : { anyOf: list };
  return { type: 'object', properties };
}

function scalarType(schema: JsonSchema): MakeType {
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time' || schema.format === 'date') return 'date';
      if (schema.pattern && ISO_DATE_PATTERN.test(schema.pattern)) return 'date';
      if (schema.format === 'email') return 'email';
      if (schema.format === 'uri' || schema.format === 'url') return 'url';
      if (schema.format === 'uuid') return 'uuid';
      if (schema.format === 'time') return 'time';
      return 'text';
    case 'integer':
      return (schema.minimum ?? schema.exclusiveMinimum ?? -1) >= 0 ? 'uinteger' : 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      // enum/const of strings: Make has no enum in an interface (`select` is not allowed there).
      if (typeof schema.const === 'string' || (schema.enum && schema.enum.every((v) => typeof v === 'string'))) return 'text';
      return 'any';
  }
}

/** Converts a JSON Schema node to a Make parameter (without name/label). */
function toParamBody(raw: JsonSchema, depth: number): MakeParam {
  const schema = withoutNull(raw);
  if (!schema || depth > 12) return { type: 'any' };
  if (schema.type === 'object' || (schema.type === undefined && schema.properties)) {
    return { type: 'collection', spec: fieldsOf(schema, depth + 1) };
  }
  if (schema.type === 'array') {
    const items = Array.isArray(schema.items) ? undefined : schema.items;
    if (!items) return { type: 'array' };
    const item = toParamBody(items, depth + 1);
    if (item.type === 'any') return { type: 'array' };
    // Make's "array of collections" form: spec is the list of the item's fields.
    if (item.type === 'collection') return { type: 'array', spec: (item.spec as MakeParam[]) ?? [] };
    return { type: 'array', spec: { label: 'Value', ...item } };
  }
  return { type: scalarType(schema) };
}

function fieldsOf(schema: JsonSchema, depth: number): MakeParam[] {
  return Object.entries(schema.properties ?? {}).map(([name, child]) => ({ name, label: titleLabel(name), ...toParamBody(child, depth) }));
}

/** The fields of an object JSON Schema (or a union of object shapes) as a Make interface array. */
export function interfaceFromJsonSchema(schema: object): MakeParam[] {
  const body = toParamBody(schema as JsonSchema, 0);
  return body.type === 'collection' ? (body.spec as MakeParam[]) : [];
}

import { createHash } from 'node:crypto';
import type { z } from 'zod/v4';

/**
 * A zod schema as plain data: exactly what decides accept or reject, nothing else (descriptions, registries
 * and output types are left out). The generator emits validators from it, and its digest — the fingerprint —
 * tells at run time whether a generated validator still matches its schema.
 *
 * Covered: string (length, regex and pattern formats, includes/starts/ends), number (bounds, int and the
 * other number formats), boolean, null, undefined, any, unknown, never, literal, enum, optional, nullable,
 * readonly, nonoptional, object (strip, strict, loose or a catchall schema), record, array (length), union,
 * discriminated union, intersection and lazy (recursion). Anything else — transforms, defaults, refinements,
 * coercion, pipes, tuples, dates, … — throws UnsupportedSchemaError, so the generator fails loudly.
 */
export type SchemaNode =
  | { readonly kind: 'string'; readonly checks: readonly StringCheck[] }
  | { readonly kind: 'number'; readonly checks: readonly NumberCheck[] }
  | { readonly kind: 'boolean' | 'null' | 'undefined' | 'any' | 'never' }
  | { readonly kind: 'literal'; readonly values: readonly Literal[] }
  | { readonly kind: 'optional' | 'nullable' | 'nonoptional'; readonly inner: SchemaNode }
  | { readonly kind: 'object'; readonly fields: readonly ObjectField[]; readonly catchall: SchemaNode | undefined }
  | {
      readonly kind: 'record';
      readonly key: SchemaNode;
      readonly value: SchemaNode;
      readonly exhaustiveKeys: readonly string[] | undefined;
    }
  | { readonly kind: 'array'; readonly element: SchemaNode; readonly checks: readonly LengthCheck[] }
  | { readonly kind: 'union'; readonly options: readonly SchemaNode[] }
  | {
      readonly kind: 'discriminated';
      readonly discriminator: string;
      readonly cases: readonly { readonly values: readonly Literal[]; readonly option: SchemaNode }[];
      /** Options tried as a plain union when no discriminator value matches; undefined: no match rejects. */
      readonly fallback: readonly SchemaNode[] | undefined;
    }
  | { readonly kind: 'intersection'; readonly left: SchemaNode; readonly right: SchemaNode }
  | { readonly kind: 'lazy'; readonly id: number; readonly inner: SchemaNode }
  | { readonly kind: 'ref'; readonly id: number };

export type Literal = string | number | boolean | null | { readonly undefined: true };

export interface ObjectField {
  readonly key: string;
  readonly node: SchemaNode;
  /** zod's optional key: an absent key (value undefined) passes whatever the schema says about undefined. */
  readonly optional: boolean;
}

export type LengthCheck = { readonly check: 'min_length' | 'max_length' | 'length_equals'; readonly value: number };
export type StringCheck =
  | LengthCheck
  | { readonly check: 'pattern'; readonly source: string; readonly flags: string }
  | { readonly check: 'includes'; readonly value: string; readonly position: number | undefined }
  | { readonly check: 'starts_with' | 'ends_with'; readonly value: string };
export type NumberCheck =
  | { readonly check: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number }
  /** Number formats: an integer format requires a safe integer; every format bounds the value. */
  | { readonly check: 'format'; readonly integer: boolean; readonly min: number; readonly max: number };

export class UnsupportedSchemaError extends Error {
  constructor(what: string, path: readonly string[]) {
    super(
      `Cannot generate a validator for ${what} at ${path.length ? path.join('.') : '(root)'}: extend shared/validators/schema-ir.ts and the emitter`,
    );
    this.name = 'UnsupportedSchemaError';
  }
}

/** String formats whose check is their pattern alone (others, like url or base64, add code the generator cannot copy). */
const PATTERN_FORMATS = new Set([
  'regex',
  'email',
  'guid',
  'uuid',
  'emoji',
  'nanoid',
  'cuid',
  'cuid2',
  'ulid',
  'xid',
  'ksuid',
  'datetime',
  'date',
  'time',
  'duration',
  'ipv4',
  'cidrv4',
  'e164',
  'lowercase',
  'uppercase',
]);
const NUMBER_FORMATS: Record<string, readonly [number, number]> = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

type AnyDef = Record<string, unknown> & { readonly type: string };
type Internals = {
  readonly def: AnyDef;
  readonly values?: ReadonlySet<unknown>;
  readonly optin?: string;
  readonly optout?: string;
  readonly propValues?: Record<string, ReadonlySet<unknown>>;
};
type CheckDef = Record<string, unknown> & { readonly check: string };

const internals = (schema: unknown): Internals => (schema as { _zod: Internals })._zod;
const checkDef = (check: unknown): CheckDef => (check as { _zod: { def: CheckDef } })._zod.def;

function literal(value: unknown, path: readonly string[]): Literal {
  if (value === undefined) return { undefined: true };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  throw new UnsupportedSchemaError(`the literal ${typeof value === 'number' ? 'NaN' : typeof value}`, path);
}

const LENGTH_CHECKS = new Set(['min_length', 'max_length', 'length_equals']);

function checksOf(def: AnyDef, path: readonly string[]): CheckDef[] {
  const list = ((def['checks'] as unknown[] | undefined) ?? []).map(checkDef);
  // A format schema such as z.email() or z.int() is its own check.
  if (typeof def['check'] === 'string') list.unshift(def as unknown as CheckDef);
  for (const check of list) {
    // Length checks always carry zod's default `when` (the value has a length); on any other check it is a user's condition.
    if (check['when'] !== undefined && !LENGTH_CHECKS.has(check.check))
      throw new UnsupportedSchemaError(`a conditional check (${check.check})`, path);
  }
  return list;
}

function lengthCheck(check: CheckDef): LengthCheck | undefined {
  if (check.check === 'min_length') return { check: 'min_length', value: check['minimum'] as number };
  if (check.check === 'max_length') return { check: 'max_length', value: check['maximum'] as number };
  if (check.check === 'length_equals') return { check: 'length_equals', value: check['length'] as number };
  return undefined;
}

function stringChecks(checks: readonly CheckDef[], path: readonly string[]): StringCheck[] {
  return checks.map((check): StringCheck => {
    const length = lengthCheck(check);
    if (length) return length;
    if (check.check !== 'string_format') throw new UnsupportedSchemaError(`the string check ${check.check}`, path);
    const format = check['format'] as string;
    if (format === 'includes')
      return { check: 'includes', value: check['includes'] as string, position: check['position'] as number | undefined };
    if (format === 'starts_with') return { check: 'starts_with', value: check['prefix'] as string };
    if (format === 'ends_with') return { check: 'ends_with', value: check['suffix'] as string };
    const pattern = check['pattern'];
    if (!PATTERN_FORMATS.has(format) || !(pattern instanceof RegExp)) throw new UnsupportedSchemaError(`the string format ${format}`, path);
    return { check: 'pattern', source: pattern.source, flags: pattern.flags };
  });
}

function numberChecks(checks: readonly CheckDef[], path: readonly string[]): NumberCheck[] {
  return checks.map((check): NumberCheck => {
    const value = check['value'];
    if ((check.check === 'greater_than' || check.check === 'less_than') && typeof value === 'number') {
      const inclusive = check['inclusive'] === true;
      return { check: check.check === 'greater_than' ? (inclusive ? 'gte' : 'gt') : inclusive ? 'lte' : 'lt', value };
    }
    if (check.check === 'number_format') {
      const format = (check['format'] as string | undefined) ?? 'float64';
      const range = NUMBER_FORMATS[format];
      if (!range) throw new UnsupportedSchemaError(`the number format ${format}`, path);
      return { check: 'format', integer: format.includes('int'), min: range[0], max: range[1] };
    }
    throw new UnsupportedSchemaError(`the number check ${check.check}`, path);
  });
}

class Builder {
  private readonly lazyIds = new Map<unknown, number>();
  private readonly inProgress = new Set<unknown>();

  node(schema: unknown, path: readonly string[]): SchemaNode {
    const zod = internals(schema);
    const def = zod.def;
    if (def['coerce'] === true) throw new UnsupportedSchemaError(`a coercing ${def.type}`, path);
    const checks = checksOf(def, path);
    const noChecks = () => {
      if (checks.length > 0) throw new UnsupportedSchemaError(`a check (${checks[0]!.check}) on ${def.type}`, path);
    };
    switch (def.type) {
      case 'string':
        return { kind: 'string', checks: stringChecks(checks, path) };
      case 'number':
        return { kind: 'number', checks: numberChecks(checks, path) };
      case 'boolean':
      case 'null':
      case 'undefined':
      case 'any':
      case 'never':
        noChecks();
        return { kind: def.type };
      case 'unknown':
        noChecks();
        return { kind: 'any' };
      case 'literal':
      case 'enum':
        noChecks();
        return { kind: 'literal', values: [...(zod.values ?? [])].map((v) => literal(v, path)) };
      case 'optional':
      case 'nullable':
      case 'nonoptional':
        noChecks();
        return { kind: def.type, inner: this.node(def['innerType'], path) };
      case 'readonly':
        noChecks();
        return this.node(def['innerType'], path);
      case 'object':
        noChecks();
        return this.object(def, path);
      case 'record':
        noChecks();
        return this.record(def, path);
      case 'array': {
        const lengths = checks.map((c) => lengthCheck(c) ?? unsupported(`the array check ${c.check}`, path));
        return { kind: 'array', element: this.node(def['element'], [...path, '[]']), checks: lengths };
      }
      case 'union':
        noChecks();
        return typeof def['discriminator'] === 'string'
          ? this.discriminated(def, path)
          : { kind: 'union', options: this.options(def, path) };
      case 'intersection':
        noChecks();
        return { kind: 'intersection', left: this.node(def['left'], path), right: this.node(def['right'], path) };
      case 'lazy':
        noChecks();
        return this.lazy(schema, def, path);
      default:
        throw new UnsupportedSchemaError(`z.${def.type}()`, path);
    }
  }

  private options(def: AnyDef, path: readonly string[]): SchemaNode[] {
    return (def['options'] as unknown[]).map((option, i) => this.node(option, [...path, `|${i}`]));
  }

  private object(def: AnyDef, path: readonly string[]): SchemaNode {
    const shape = def['shape'] as Record<string, unknown>;
    const fields = Object.keys(shape).map((key): ObjectField => {
      const field = internals(shape[key]);
      return { key, node: this.node(shape[key], [...path, key]), optional: field.optin === 'optional' && field.optout === 'optional' };
    });
    const catchall = def['catchall'] === undefined ? undefined : this.node(def['catchall'], [...path, '*']);
    return { kind: 'object', fields, catchall };
  }

  private record(def: AnyDef, path: readonly string[]): SchemaNode {
    const keyValues = internals(def['keyType']).values;
    let exhaustiveKeys: string[] | undefined;
    if (keyValues) {
      exhaustiveKeys = [...keyValues].map((k) =>
        typeof k === 'string' || typeof k === 'number' ? String(k) : unsupported('a record key that is not a string or number', path),
      );
    }
    return {
      kind: 'record',
      key: this.node(def['keyType'], [...path, '(key)']),
      value: this.node(def['valueType'], [...path, '*']),
      exhaustiveKeys,
    };
  }

  private discriminated(def: AnyDef, path: readonly string[]): SchemaNode {
    const discriminator = def['discriminator'] as string;
    const cases = (def['options'] as unknown[]).map((option, i) => {
      const values = internals(option).propValues?.[discriminator];
      if (!values || values.size === 0) unsupported(`a discriminated option without values for ${discriminator}`, path);
      return { values: [...values!].map((v) => literal(v, path)), option: this.node(option, [...path, `|${i}`]) };
    });
    return { kind: 'discriminated', discriminator, cases, fallback: def['unionFallback'] === true ? this.options(def, path) : undefined };
  }

  private lazy(schema: unknown, def: AnyDef, path: readonly string[]): SchemaNode {
    const known = this.lazyIds.get(schema);
    if (known !== undefined && this.inProgress.has(schema)) return { kind: 'ref', id: known };
    const id = known ?? this.lazyIds.size;
    this.lazyIds.set(schema, id);
    this.inProgress.add(schema);
    try {
      return { kind: 'lazy', id, inner: this.node((def['getter'] as () => unknown)(), path) };
    } finally {
      this.inProgress.delete(schema);
    }
  }
}

function unsupported(what: string, path: readonly string[]): never {
  throw new UnsupportedSchemaError(what, path);
}

/** The schema as a SchemaNode; throws UnsupportedSchemaError for a construct the generator does not know. */
export function schemaNode(schema: z.ZodType): SchemaNode {
  return new Builder().node(schema, []);
}

/** A short digest of the schema's node: equal fingerprints accept and reject the same values. */
export function schemaFingerprint(node: SchemaNode): string {
  return createHash('sha256').update(JSON.stringify(node)).digest('hex').slice(0, 16);
}

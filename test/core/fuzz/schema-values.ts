/**
 * Values derived from a schema (as a SchemaNode): `conforming` aims inside it (often lands there, not always:
 * regex strings and length limits are approximated), `nearMiss` takes such a value and breaks one spot — the
 * inputs where a generated validator and zod are most likely to part ways.
 */
import fc from 'fast-check';
import type { Literal, NumberCheck, SchemaNode, StringCheck } from '../../../shared/validators/schema-ir';
import { AWKWARD_KEYS, jsonKey, jsonScalar, jsonValue, objectFrom } from './json-values';

const literalValue = (l: Literal): unknown => (l !== null && typeof l === 'object' ? undefined : l);

/** Strings matching a pattern; fast-check cannot invert lookarounds (zod's email), so then common formats. */
function matching(source: string, flags: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(source, flags.replace(/[gy]/g, '')));
  } catch {
    return fc.oneof(
      fc.emailAddress(),
      fc.uuid(),
      fc.ipV4(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
    );
  }
}

function stringArbitrary(checks: readonly StringCheck[], exact: boolean): fc.Arbitrary<string> {
  const pattern = checks.find((c) => c.check === 'pattern');
  let min = 0;
  let max = 40;
  for (const c of checks) {
    if (c.check === 'min_length') min = Math.max(min, c.value);
    if (c.check === 'max_length') max = Math.min(max, c.value);
    if (c.check === 'length_equals') min = max = c.value;
  }
  let base: fc.Arbitrary<string> = pattern
    ? matching(pattern.source, pattern.flags)
    : fc.string({ minLength: min, maxLength: Math.max(min, max) });
  for (const c of checks) {
    if (c.check === 'starts_with') base = base.map((s) => c.value + s);
    if (c.check === 'ends_with') base = base.map((s) => s + c.value);
    if (c.check === 'includes') base = base.map((s) => (c.position ? s.padEnd(c.position, 'x').slice(0, c.position) : '') + c.value + s);
  }
  return exact ? base : fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
}

function numberArbitrary(checks: readonly NumberCheck[], exact: boolean): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let integer = false;
  for (const c of checks) {
    if (c.check === 'format') {
      integer ||= c.integer;
      min = Math.max(min, c.min);
      max = Math.min(max, c.max);
    }
    if (c.check === 'gt' || c.check === 'gte') min = Math.max(min, c.value);
    if (c.check === 'lt' || c.check === 'lte') max = Math.min(max, c.value);
  }
  const inside = integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
  const edges = fc.constantFrom(min, max, min - 1, max + 1, 0, -0, 0.5, -0.5, 2 ** 53, Infinity, -Infinity);
  return exact ? inside : fc.oneof({ weight: 6, arbitrary: inside }, { weight: 1, arbitrary: edges });
}

export interface ConformingOptions {
  /** Leave out the deliberately out-of-range strings and numbers (for payloads meant to be valid). */
  readonly exact?: boolean;
}

/** Values that mostly satisfy the node. */
export function conforming(node: SchemaNode, options: ConformingOptions = {}): fc.Arbitrary<unknown> {
  return values(node, 4, new Map(), options.exact === true);
}

/** `depth` bounds recursion through lazy schemas. */
function values(node: SchemaNode, depth: number, lazies: Map<number, SchemaNode>, exact: boolean): fc.Arbitrary<unknown> {
  const conforming = (n: SchemaNode, d: number, l: Map<number, SchemaNode>) => values(n, d, l, exact);
  switch (node.kind) {
    case 'string':
      return stringArbitrary(node.checks, exact);
    case 'number':
      return numberArbitrary(node.checks, exact);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'any':
      return jsonValue(2);
    case 'never':
      return jsonScalar;
    case 'literal':
      return node.values.length ? fc.constantFrom(...node.values.map(literalValue)) : jsonScalar;
    case 'optional':
      return fc.option(conforming(node.inner, depth, lazies), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(conforming(node.inner, depth, lazies), { nil: null, freq: 4 });
    case 'nonoptional':
      return conforming(node.inner, depth, lazies);
    case 'object': {
      const fields = node.fields.map((f) =>
        fc.tuple(
          fc.constant(f.key),
          f.optional ? fc.option(conforming(f.node, depth, lazies), { nil: undefined, freq: 3 }) : conforming(f.node, depth, lazies),
        ),
      );
      const extra = fc.array(fc.tuple(jsonKey, node.catchall ? conforming(node.catchall, depth, lazies) : jsonScalar), { maxLength: 2 });
      return fc
        .tuple(fc.tuple(...fields), extra)
        .map(([entries, more]) =>
          objectFrom([...entries.filter(([, v]) => v !== undefined), ...more.filter(([k]) => !node.fields.some((f) => f.key === k))]),
        );
    }
    case 'record': {
      const keys = node.exhaustiveKeys
        ? fc.constantFrom(...node.exhaustiveKeys)
        : fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 1, arbitrary: fc.constantFrom(...AWKWARD_KEYS) });
      return fc.array(fc.tuple(keys, conforming(node.value, depth, lazies)), { maxLength: 4 }).map(objectFrom);
    }
    case 'array': {
      let min = 0;
      let max = 4;
      for (const c of node.checks) {
        if (c.check === 'min_length') min = c.value;
        if (c.check === 'max_length') max = Math.min(max, c.value);
        if (c.check === 'length_equals') min = max = c.value;
      }
      return fc.array(conforming(node.element, depth, lazies), { minLength: min, maxLength: Math.max(min, max) });
    }
    case 'union':
      return node.options.length ? fc.oneof(...node.options.map((o) => conforming(o, depth, lazies))) : jsonScalar;
    case 'discriminated':
      return fc.oneof(...node.cases.map((c) => conforming(c.option, depth, lazies)));
    case 'intersection':
      return fc
        .tuple(conforming(node.left, depth, lazies), conforming(node.right, depth, lazies))
        .map(([a, b]) =>
          a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)
            ? objectFrom([...Object.entries(a), ...Object.entries(b)])
            : a,
        );
    case 'lazy':
      lazies.set(node.id, node.inner);
      return depth <= 0 ? jsonScalar : conforming(node.inner, depth - 1, lazies);
    case 'ref':
      return depth <= 0 ? jsonScalar : fc.constant(null).chain(() => conforming(lazies.get(node.id)!, depth - 1, lazies));
  }
}

type Json = unknown;

function clone(value: Json): Json {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object') return objectFrom(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  return value;
}

/** Every container and leaf of a JSON tree, as paths. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

const MUTATIONS = ['replace', 'retype', 'delete', 'add-key', 'wrap', 'null', 'empty'] as const;
export type Mutation = {
  readonly kind: (typeof MUTATIONS)[number];
  readonly at: number;
  readonly key: string;
  readonly replacement: unknown;
};
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.nat(),
  key: jsonKey,
  replacement: jsonValue(2),
});

/** The value with one spot broken (a copy; the input is left alone). */
export function applyMutation(value: Json, m: Mutation): Json {
  const root = { v: clone(value) } as Record<string, unknown>;
  const all = paths(root['v'], ['v']);
  const path = all[m.at % all.length]!;
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<
    string | number,
    unknown
  >;
  const key = path[path.length - 1]!;
  const current = parent[key];
  switch (m.kind) {
    case 'replace':
      parent[key] = m.replacement;
      break;
    case 'retype':
      parent[key] =
        typeof current === 'string'
          ? 7
          : typeof current === 'number'
            ? String(current)
            : typeof current === 'boolean'
              ? 'true'
              : current === null
                ? 0
                : 'x';
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else if (parent === root) parent[key] = {};
      else delete parent[key];
      break;
    case 'add-key':
      if (current !== null && typeof current === 'object' && !Array.isArray(current))
        parent[key] = objectFrom([...Object.entries(current), [m.key, m.replacement]]);
      else parent[key] = m.replacement;
      break;
    case 'wrap':
      parent[key] = [current];
      break;
    case 'null':
      parent[key] = null;
      break;
    case 'empty':
      parent[key] = Array.isArray(current) ? [] : typeof current === 'string' ? '' : {};
      break;
  }
  return root['v'];
}

export function nearMiss(node: SchemaNode): fc.Arbitrary<unknown> {
  return fc.tuple(conforming(node), mutation).map(([v, m]) => applyMutation(v, m));
}

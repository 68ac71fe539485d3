/**
 * Arbitraries over exactly what JSON.parse can return: null, booleans, strings, numbers (including -0 and
 * ±Infinity, which `-0` and `1e400` parse to), arrays, and ordinary objects whose keys are own data properties
 * — even "__proto__", which JSON.parse defines as an own key rather than a prototype.
 */
import fc from 'fast-check';

/** Keys that trip up code reading `obj[key]` (inherited members, the __proto__ accessor, zod's record test). */
export const AWKWARD_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', ''] as const;

/** An object from entries, as JSON.parse builds it: own enumerable data properties, later keys winning. */
export function objectFrom(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  return Object.fromEntries(entries);
}

export const jsonNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, Infinity, -Infinity, Number.MAX_VALUE),
);

export const jsonKey = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...AWKWARD_KEYS) },
);

export const jsonScalar = fc.oneof(fc.constant(null), fc.boolean(), jsonNumber, fc.string({ maxLength: 24 }));

/** Any JSON.parse result, nested up to `maxDepth`. */
export function jsonValue(maxDepth = 3): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      jsonScalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(fc.tuple(jsonKey, tie('value')), { maxLength: 5 }).map(objectFrom),
    ),
  }));
  return value;
}

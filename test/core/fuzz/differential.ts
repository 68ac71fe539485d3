/**
 * The differential property: a generated validator and zod accept and reject the same values. Cases cover
 * every catalog event (and each platform's any-event schema) and every synthetic schema, with values from the
 * catalog samples, from the schema itself (conforming), near misses of both, other events' samples and
 * arbitrary JSON — always values JSON.parse could return, the only inputs receive() validates.
 */
import fc from 'fast-check';
import type { z } from 'zod/v4';
import { getPlatform, PLATFORM_IDS } from '../../../shared';
import { GENERATED_VALIDATORS } from '../../../shared/validators/generated';
import { schemaFingerprint, schemaNode, type SchemaNode } from '../../../shared/validators/schema-ir';
import { jsonValue } from './json-values';
import { applyMutation, conforming, mutation, nearMiss } from './schema-values';
import { compileSynthetic } from './synthetic-schemas';

export interface Subject {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly validate: (value: unknown) => boolean;
  readonly samples: readonly unknown[];
  readonly node: SchemaNode;
}

/** zod's verdict; a throw (its record check on a "constructor": null key) counts as a rejection. */
export function zodAccepts(schema: z.ZodType, value: unknown): boolean {
  try {
    return schema.safeParse(value).success;
  } catch {
    return false;
  }
}

/** The catalog's generated validators, each checked to belong to its schema (else the file is stale). */
export function catalogSubjects(): Subject[] {
  return PLATFORM_IDS.flatMap((platform) => {
    const spec = getPlatform(platform);
    const generated = GENERATED_VALIDATORS[platform]!;
    const samples = [...spec.events.map((e) => e.sample), spec.anyEvent.sample];
    const entries = [...spec.events.map((e) => [e, generated.events[e.type]] as const), [spec.anyEvent, generated.anyEvent] as const];
    return entries.map(([event, entry]) => {
      const node = schemaNode(event.schema);
      if (!entry || entry.fingerprint !== schemaFingerprint(node))
        throw new Error(`stale generated validator for ${platform} ${event.type}: run npm run generate`);
      return { name: `${platform} ${event.type}`, schema: event.schema, validate: entry.validate, samples, node };
    });
  });
}

export function syntheticSubjects(): Subject[] {
  return compileSynthetic().map((s) => ({
    name: `synthetic ${s.name}`,
    schema: s.schema,
    validate: s.validate,
    samples: [],
    node: s.node,
  }));
}

/** Values to try on one subject. */
export function valuesFor(subject: Subject): fc.Arbitrary<{ source: string; value: unknown }> {
  const tagged = (source: string, arb: fc.Arbitrary<unknown>) => arb.map((value) => ({ source, value }));
  const options = [
    tagged('conforming', conforming(subject.node)),
    tagged('near miss', nearMiss(subject.node)),
    tagged('arbitrary JSON', jsonValue(3)),
  ];
  if (subject.samples.length) {
    const sample = fc.constantFrom(...subject.samples);
    options.push(
      tagged('sample', sample),
      tagged(
        'mutated sample',
        fc.tuple(sample, mutation).map(([s, m]) => applyMutation(s, m)),
      ),
    );
  }
  return fc.oneof(...options);
}

export interface DifferentialCase {
  readonly subject: Subject;
  readonly source: string;
  readonly value: unknown;
}

export function differentialCases(subjects: readonly Subject[]): fc.Arbitrary<DifferentialCase> {
  // Each subject's arbitrary is built once (building compiles regexes into generators).
  return fc.oneof(...subjects.map((subject) => valuesFor(subject).map(({ source, value }) => ({ subject, source, value }))));
}

export function verdicts(c: DifferentialCase): { generated: boolean; zod: boolean } {
  return { generated: c.subject.validate(c.value), zod: zodAccepts(c.subject.schema, c.value) };
}

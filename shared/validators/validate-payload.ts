import type { z } from 'zod/v4';
import type { PayloadIssue } from '../errors';
import type { EventSpec } from '../spec';
import { GENERATED_VALIDATORS } from './generated';
import { schemaFingerprint, schemaNode } from './schema-ir';
import type { GeneratedValidator } from './types';

type Validate = (value: unknown) => boolean;

export function zodIssues(error: z.ZodError, limit = 20): PayloadIssue[] {
  return error.issues.slice(0, limit).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

const fingerprints = new WeakMap<object, string | null>();
const validators = new WeakMap<EventSpec, Validate | null>();

/** The schema's fingerprint, or null when the generator does not cover it (then only zod validates it). */
function fingerprintOf(schema: z.ZodType): string | null {
  let fingerprint = fingerprints.get(schema);
  if (fingerprint === undefined) {
    try {
      fingerprint = schemaFingerprint(schemaNode(schema));
    } catch {
      fingerprint = null;
    }
    fingerprints.set(schema, fingerprint);
  }
  return fingerprint;
}

/**
 * The generated validator of an event, checked once against its schema's fingerprint: a stale generated file
 * (a schema edited without `npm run generate`) never decides anything, zod does instead.
 */
function generatedValidator(platform: string, spec: EventSpec, anyEvent: boolean): Validate | null {
  let validate = validators.get(spec);
  if (validate === undefined) {
    const generated = GENERATED_VALIDATORS[platform];
    const entry: GeneratedValidator | undefined = anyEvent ? generated?.anyEvent : generated?.events[spec.type];
    validate = entry !== undefined && entry.fingerprint === fingerprintOf(spec.schema) ? entry.validate : null;
    validators.set(spec, validate);
  }
  return validate;
}

/**
 * Validates a parsed payload against its event's schema: the generated validator decides, and zod — the
 * source of truth — runs only when it rejects, to word the issues (and to have the last word). Undefined
 * when the payload is valid. Never throws.
 */
export function payloadIssues(platform: string, spec: EventSpec, anyEvent: boolean, value: unknown): PayloadIssue[] | undefined {
  const validate = generatedValidator(platform, spec, anyEvent);
  if (validate !== null && validate(value)) return undefined;
  let result: ReturnType<z.ZodType['safeParse']>;
  try {
    result = spec.schema.safeParse(value);
  } catch {
    // zod 3.25's v4 record check throws on a key named "constructor" holding null; that is a rejection.
    return [{ path: '(root)', message: 'The payload could not be validated against its schema' }];
  }
  return result.success ? undefined : zodIssues(result.error);
}

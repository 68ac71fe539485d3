import type { z } from 'zod/v4';
import { bodyText, byteLength, isRawBody, sha256Hex, type RawBody } from './bytes';
import { findEvent, getPlatform, isPlatformId, type PlatformId, type TypedData } from './catalog';
import { hookError, type HookError, type PayloadIssue } from './errors';
import { headerGetter, type HeaderInput } from './headers';
import { locate, toIsoTime } from './locate';
import type { SignatureForm } from './signatures/scheme';

export interface Delivery {
  readonly headers?: HeaderInput | null;
  /** The body exactly as received: a string or the raw bytes. */
  readonly body: RawBody;
}

export interface ReceiveOptions {
  /** Signing secrets or shared tokens; several allowed for rotation. */
  readonly secrets?: readonly string[] | string;
  /** Accepted clock skew for timestamped schemes, both directions. Default 300. */
  readonly toleranceSeconds?: number;
  /**
   * Accept deliveries that carry no signature (Chatwoot before 4.12 signs nothing), or receive without any
   * secret. A present but wrong signature is always rejected. Default false: with no secret configured the
   * result is `no_secret_configured`.
   */
  readonly allowUnsigned?: boolean;
  /** Current time, for tests and for verifying later. Default: the clock. */
  readonly now?: Date | number;
  /** Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** `reject` (default): a payload that fails its schema is an error; `pass`: it is passed on with `issues`. */
  readonly onInvalidPayload?: 'reject' | 'pass';
  /** Accept event types missing from the catalog (validated loosely) instead of answering `unknown_event`. */
  readonly allowUnknownEvents?: boolean;
  /** Header name for shared-token platforms (Iris, Modyo). Default X-Hookline-Token. */
  readonly tokenHeader?: string;
}

interface EventBase<P extends PlatformId> {
  readonly platform: P;
  readonly deliveryId: string;
  /** When the event happened, ISO 8601 UTC; the receipt time when the platform does not say. */
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly verified: boolean;
  readonly signatureForm: SignatureForm;
  /** Whether the type is in the catalog. */
  readonly known: boolean;
  /** Schema issues, empty when the payload matched (only non-empty with onInvalidPayload: 'pass'). */
  readonly issues: readonly PayloadIssue[];
}

export type HookEvent<P extends PlatformId = PlatformId> = P extends PlatformId ? EventBase<P> & TypedData<P> : never;

export type ReceiveResult<P extends PlatformId = PlatformId> =
  | { readonly ok: true; readonly event: HookEvent<P> }
  | { readonly ok: false; readonly error: HookError };

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function fail(error: HookError): { ok: false; error: HookError } {
  return { ok: false, error };
}

function secretList(secrets: ReceiveOptions['secrets']): string[] {
  const list = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : [];
  return list.filter((s): s is string => typeof s === 'string' && s.length > 0);
}

function nowMs(now: ReceiveOptions['now']): number {
  if (now instanceof Date) return now.getTime();
  return typeof now === 'number' && Number.isFinite(now) ? now : Date.now();
}

export function zodIssues(error: z.ZodError, limit = 20): PayloadIssue[] {
  return error.issues.slice(0, limit).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

/**
 * Verifies, parses, validates and classifies one delivery. Synchronous; never throws: every failure is a
 * typed `{ ok: false, error }` with the HTTP status a receiver should answer.
 */
export function receive<P extends PlatformId>(platform: P, delivery: Delivery, options: ReceiveOptions = {}): ReceiveResult<P> {
  try {
    return receiveUnsafe(platform, delivery, options) as ReceiveResult<P>;
  } catch {
    return fail(hookError('internal_error', 'Unexpected failure while receiving the delivery'));
  }
}

function receiveUnsafe(platformId: PlatformId, delivery: Delivery, options: ReceiveOptions): ReceiveResult {
  if (!isPlatformId(platformId)) return fail(hookError('unknown_platform', 'Unknown platform'));
  const platform = getPlatform(platformId);
  const body = delivery?.body;
  if (!isRawBody(body)) return fail(hookError('invalid_request', 'The body must be the raw bytes: a string or a Uint8Array'));
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const size = byteLength(body);
  if (size > maxBytes) return fail(hookError('body_too_large', `Body of ${size} bytes exceeds the limit of ${maxBytes}`));

  const header = headerGetter(delivery.headers);
  const secrets = secretList(options.secrets);
  const allowUnsigned = options.allowUnsigned === true;
  const receivedMs = nowMs(options.now);

  const text = bodyText(body);
  let parsed: unknown;
  let parseError = false;
  try {
    parsed = JSON.parse(text);
  } catch {
    parseError = true;
  }

  let verified = false;
  let signatureForm: SignatureForm = 'none';
  if (!allowUnsigned && secrets.length === 0) {
    return fail(hookError('no_secret_configured', 'A signature is required but no secret is configured'));
  }
  if (secrets.length > 0) {
    const outcome = platform.signature.verify({
      body,
      header,
      secrets,
      toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      nowSeconds: Math.floor(receivedMs / 1000),
      reserialized: () => (parseError ? undefined : JSON.stringify(parsed)),
      tokenHeader: options.tokenHeader,
    });
    if (outcome.ok) {
      verified = true;
      signatureForm = outcome.form;
    } else if (!allowUnsigned || !outcome.absent) {
      return fail(outcome.error);
    }
  }

  if (parseError) return fail(hookError('invalid_json', 'The body is not valid JSON'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return fail(hookError('invalid_payload', 'The body must be a JSON object'));
  }

  const located = locate(platform.eventType, header, parsed);
  if (located === undefined) return fail(hookError('unknown_event', 'The delivery carries no event type'));
  const type = String(located);
  const spec = findEvent(platformId, type);
  const known = spec !== undefined;
  if (!known && !platform.openEvents && !options.allowUnknownEvents) {
    return fail(hookError('unknown_event', `Unknown ${platform.name} event type "${type.slice(0, 100)}"`));
  }

  // Schemas validate the fields they declare; `data` stays the parsed body, so keys a platform adds later
  // pass through untouched (and zod's stripped copy is not needed).
  const result = (spec ?? platform.anyEvent).schema.safeParse(parsed);
  let issues: PayloadIssue[] = [];
  if (!result.success) {
    issues = zodIssues(result.error);
    if ((options.onInvalidPayload ?? 'reject') === 'reject') {
      return fail(hookError('invalid_payload', `The ${type.slice(0, 100)} payload does not match its schema`, issues));
    }
  }

  const foundId = locate(platform.deliveryId, header, parsed);
  const receivedAt = new Date(receivedMs).toISOString();
  return {
    ok: true,
    event: {
      platform: platformId,
      type,
      deliveryId: foundId !== undefined ? String(foundId) : `sha256:${sha256Hex(body)}`,
      occurredAt: toIsoTime(locate(platform.occurredAt, header, parsed)) ?? receivedAt,
      receivedAt,
      verified,
      signatureForm,
      known,
      issues,
      data: parsed,
    } as HookEvent,
  };
}

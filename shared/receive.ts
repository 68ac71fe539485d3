import { byteLength, isRawBody, sha256Hex, type RawBody } from './bytes';
import { findEvent, getPlatform, isPlatformId, type PlatformId, type TypedData } from './catalog';
import { hookError, type HookError, type PayloadIssue } from './errors';
import { headerGetter, type HeaderInput } from './headers';
import { CONFLICT, compileLocators, toIsoTime, type CompiledLocators } from './locate';
import { bodyReplayKey } from './replay-key';
import { isHookError, resolveOptions, type ReceiveOptions } from './receive-options';
import { ParsedBody } from './parsed-body';
import type { SignatureForm } from './signatures/scheme';
import type { PlatformSpec } from './spec';
import { payloadIssues } from './validators/validate-payload';

export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TOLERANCE_SECONDS, type ReceiveOptions } from './receive-options';
export { DEFAULT_MAX_DEPTH } from './json-depth';
export { zodIssues } from './validators/validate-payload';

export interface Delivery {
  readonly headers?: HeaderInput | null;
  /** The body exactly as received: a string or the raw bytes. */
  readonly body: RawBody;
}

interface EventBase<P extends PlatformId> {
  readonly platform: P;
  /** The platform's delivery id (from the body or a header), else `sha256:<hex>` of the raw body. */
  readonly deliveryId: string;
  /**
   * The same for every replay of this signed delivery, whatever unsigned parts changed: deduplicate stored
   * events on it (with deliveryId). `sig:<the matching MAC's first 128 bits, base64url>` for HMAC schemes,
   * `webhook-id:<id>` for Standard Webhooks, `body:<SHA-256 hex of the raw body>` when the signature covers
   * nothing of the body (shared tokens, unsigned deliveries).
   */
  readonly replayKey: string;
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

function fail(error: HookError): { ok: false; error: HookError } {
  return { ok: false, error };
}

/** A platform's locators, compiled once: signed places first, unsigned headers only as a fallback. */
interface Plan {
  readonly eventType: CompiledLocators;
  readonly deliveryId: CompiledLocators;
  readonly occurredAt: CompiledLocators;
}

const plans = new Map<PlatformId, Plan>();

function planOf(id: PlatformId, platform: PlatformSpec): Plan {
  let plan = plans.get(id);
  if (!plan) {
    const signed = platform.signature.signedHeaders;
    plan = {
      eventType: compileLocators(platform.eventType, signed),
      deliveryId: compileLocators(platform.deliveryId, signed),
      occurredAt: compileLocators(platform.occurredAt, signed),
    };
    plans.set(id, plan);
  }
  return plan;
}

let lastReceivedMs = NaN;
let lastReceivedAt = '';

/** The receipt time as ISO; the same millisecond (many deliveries under load) formats once. */
function isoAt(ms: number): string {
  if (ms !== lastReceivedMs) {
    lastReceivedAt = new Date(ms).toISOString();
    lastReceivedMs = ms;
  }
  return lastReceivedAt;
}

/**
 * Verifies, parses, validates and classifies one delivery. Synchronous; never throws: every failure is a
 * typed `{ ok: false, error }` with the HTTP status a receiver should answer.
 *
 * Order: options, size, then the signature over the raw bytes; only a verified (or allowed unsigned) body is
 * depth-checked and parsed — except for senders that sign JSON.stringify(body), whose re-serialised form is
 * tried (depth-checked first) only after the raw bytes failed.
 */
export function receive<P extends PlatformId>(platform: P, delivery: Delivery, options: ReceiveOptions = {}): ReceiveResult<P> {
  try {
    return receiveUnsafe(platform, delivery, options) as ReceiveResult<P>;
  } catch {
    return fail(hookError('internal_error', 'Unexpected failure while receiving the delivery'));
  }
}

function receiveUnsafe(platformId: PlatformId, delivery: Delivery, rawOptions: ReceiveOptions): ReceiveResult {
  if (!isPlatformId(platformId)) return fail(hookError('unknown_platform', 'Unknown platform'));
  const platform = getPlatform(platformId);
  const options = resolveOptions(rawOptions, platform.signature);
  if (isHookError(options)) return fail(options);
  const body = delivery !== null && typeof delivery === 'object' ? delivery.body : undefined;
  if (!isRawBody(body)) return fail(hookError('invalid_request', 'The body must be the raw bytes: a string or a Uint8Array'));
  const size = byteLength(body);
  if (size > options.maxBodyBytes)
    return fail(hookError('body_too_large', `Body of ${size} bytes exceeds the limit of ${options.maxBodyBytes}`));
  if (!options.allowUnsigned && options.secrets.length === 0) {
    return fail(hookError('no_secret_configured', 'A signature is required but no secret is configured'));
  }

  const header = headerGetter(delivery.headers);
  const content = new ParsedBody(body, options.maxDepth);
  let verified = false;
  let signatureForm: SignatureForm = 'none';
  let signedReplayKey: string | undefined;
  if (options.secrets.length > 0) {
    const outcome = platform.signature.verify({
      body,
      header,
      secrets: options.secrets,
      toleranceSeconds: options.toleranceSeconds,
      nowSeconds: Math.floor(options.nowMs / 1000),
      reserializable: content,
      tokenHeader: options.tokenHeader,
    });
    if (outcome.ok) {
      verified = true;
      signatureForm = outcome.form;
      signedReplayKey = outcome.replayKey;
    } else if (!options.allowUnsigned || !outcome.absent) {
      return fail(outcome.error);
    }
  }

  const state = content.parse();
  if (state === 'too_deep') return fail(hookError('payload_too_deep', `The body nests deeper than ${options.maxDepth} levels`));
  if (state === 'invalid') return fail(hookError('invalid_json', 'The body is not valid JSON'));
  const parsed = content.parsed;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return fail(hookError('invalid_payload', 'The body must be a JSON object'));
  }

  const plan = planOf(platformId, platform);
  const located = plan.eventType.findChecked(header, parsed);
  if (located === CONFLICT) return fail(hookError('header_mismatch', 'An unsigned header names another event type than the signed body'));
  if (located === undefined) return fail(hookError('unknown_event', 'The delivery carries no event type'));
  const type = String(located);
  const spec = findEvent(platformId, type);
  const known = spec !== undefined;
  if (!known && !platform.openEvents && !options.allowUnknownEvents) {
    return fail(hookError('unknown_event', `Unknown ${platform.name} event type "${type.slice(0, 100)}"`));
  }

  // Schemas validate the fields they declare; `data` stays the parsed body, so keys a platform adds later
  // pass through untouched.
  const found = payloadIssues(platformId, spec ?? platform.anyEvent, !known, parsed);
  if (found !== undefined && options.rejectInvalidPayload) {
    return fail(hookError('invalid_payload', `The ${type.slice(0, 100)} payload does not match its schema`, found));
  }

  const foundId = plan.deliveryId.findChecked(header, parsed);
  if (foundId === CONFLICT)
    return fail(hookError('header_mismatch', 'An unsigned header carries another delivery id than the signed body'));
  // Only what the signature does not identify is keyed on the body's digest (computed at most once).
  const bodyDigest = foundId === undefined || signedReplayKey === undefined ? sha256Hex(body) : '';
  const receivedAt = isoAt(options.nowMs);
  return {
    ok: true,
    event: {
      platform: platformId,
      type,
      deliveryId: foundId !== undefined ? String(foundId) : `sha256:${bodyDigest}`,
      replayKey: signedReplayKey ?? bodyReplayKey(bodyDigest),
      occurredAt: toIsoTime(plan.occurredAt.find(header, parsed)) ?? receivedAt,
      receivedAt,
      verified,
      signatureForm,
      known,
      issues: found ?? [],
      data: parsed,
    } as HookEvent,
  };
}

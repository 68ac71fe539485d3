import { hookError, type HookError } from './errors';
import { DEFAULT_MAX_DEPTH } from './json-depth';
import type { SignatureScheme } from './signatures/scheme';

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The highest `maxDepth` accepted: deep enough for any real payload, shallow enough that nothing recursive overflows. */
export const MAX_DEPTH_LIMIT = 1000;
/** ECMAScript's Date range, in milliseconds either side of the epoch. */
const MAX_TIME_MS = 8.64e15;
/** An HTTP field name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface ReceiveOptions {
  /** Signing secrets or shared tokens; several allowed for rotation. Empty strings are ignored. */
  readonly secrets?: readonly string[] | string;
  /** Accepted clock skew for timestamped schemes, both directions, in seconds (≥ 0). Default 300. */
  readonly toleranceSeconds?: number;
  /**
   * Accept deliveries that carry no signature (Chatwoot before 4.12 signs nothing), or receive without any
   * secret. A present but wrong signature is always rejected. Default false: with no secret configured the
   * result is `no_secret_configured`.
   */
  readonly allowUnsigned?: boolean;
  /** Current time (a valid Date, or milliseconds since the epoch), for tests and for verifying later. Default: the clock. */
  readonly now?: Date | number;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Deepest nesting of arrays and objects accepted, checked before parsing (1–1000). Default 64. */
  readonly maxDepth?: number;
  /** `reject` (default): a payload that fails its schema is an error; `pass`: it is passed on with `issues`. */
  readonly onInvalidPayload?: 'reject' | 'pass';
  /** Accept event types missing from the catalog (validated loosely) instead of answering `unknown_event`. */
  readonly allowUnknownEvents?: boolean;
  /** Header name for shared-token platforms (Iris, Modyo). Default X-Hookline-Token. */
  readonly tokenHeader?: string;
}

/** Options checked and with their defaults applied. (The secrets may be the caller's array: never modify it.) */
export interface ResolvedOptions {
  readonly secrets: readonly string[];
  readonly toleranceSeconds: number;
  readonly allowUnsigned: boolean;
  readonly nowMs: number;
  readonly maxBodyBytes: number;
  readonly maxDepth: number;
  readonly rejectInvalidPayload: boolean;
  readonly allowUnknownEvents: boolean;
  readonly tokenHeader: string | undefined;
}

const invalid = (what: string): HookError => hookError('invalid_options', `Invalid receive() options: ${what}`);
const isOptionalBoolean = (v: unknown) => v === undefined || typeof v === 'boolean';
const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

const NO_SECRETS: readonly string[] = [];

/** The non-empty secrets; the caller's own array when it holds nothing else (no copy per call). */
function secretList(secrets: unknown): readonly string[] | undefined {
  if (secrets === undefined) return NO_SECRETS;
  if (typeof secrets === 'string') return secrets === '' ? NO_SECRETS : [secrets];
  if (!Array.isArray(secrets)) return undefined;
  let empty = 0;
  for (const secret of secrets) {
    if (typeof secret !== 'string') return undefined;
    if (secret === '') empty++;
  }
  return empty === 0 ? (secrets as readonly string[]) : (secrets as string[]).filter((s) => s !== '');
}

function nowMs(now: unknown): number | undefined {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : typeof now === 'number' ? now : NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? ms : undefined;
}

/**
 * Checks the receiver's options: a malformed option is the receiver's mistake, answered as `invalid_options`
 * (500) rather than guessed around. Messages name the option, never its value (it may be a secret).
 */
export function resolveOptions(options: unknown, scheme: SignatureScheme): ResolvedOptions | HookError {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) return invalid('expected an object');
  const o = options as Record<keyof ReceiveOptions, unknown>;

  const secrets = secretList(o.secrets);
  if (secrets === undefined) return invalid('secrets must be a string or an array of strings');
  for (const secret of secrets) if (!scheme.acceptsSecret(secret)) return invalid(`a secret does not have the form ${scheme.kind} needs`);
  if (o.toleranceSeconds !== undefined && !isNonNegative(o.toleranceSeconds))
    return invalid('toleranceSeconds must be a finite number ≥ 0');
  if (o.maxBodyBytes !== undefined && !isNonNegative(o.maxBodyBytes)) return invalid('maxBodyBytes must be a finite number ≥ 0');
  if (
    o.maxDepth !== undefined &&
    !(Number.isInteger(o.maxDepth) && (o.maxDepth as number) >= 1 && (o.maxDepth as number) <= MAX_DEPTH_LIMIT)
  ) {
    return invalid(`maxDepth must be an integer from 1 to ${MAX_DEPTH_LIMIT}`);
  }
  const now = nowMs(o.now);
  if (now === undefined) return invalid('now must be a valid Date or a finite number of milliseconds');
  if (o.onInvalidPayload !== undefined && o.onInvalidPayload !== 'reject' && o.onInvalidPayload !== 'pass') {
    return invalid("onInvalidPayload must be 'reject' or 'pass'");
  }
  if (!isOptionalBoolean(o.allowUnsigned) || !isOptionalBoolean(o.allowUnknownEvents))
    return invalid('allowUnsigned and allowUnknownEvents must be booleans');
  if (o.tokenHeader !== undefined && (typeof o.tokenHeader !== 'string' || (o.tokenHeader !== '' && !HEADER_NAME.test(o.tokenHeader)))) {
    return invalid('tokenHeader must be an HTTP header name');
  }

  return {
    secrets,
    toleranceSeconds: (o.toleranceSeconds as number | undefined) ?? DEFAULT_TOLERANCE_SECONDS,
    allowUnsigned: o.allowUnsigned === true,
    nowMs: now,
    maxBodyBytes: (o.maxBodyBytes as number | undefined) ?? DEFAULT_MAX_BODY_BYTES,
    maxDepth: (o.maxDepth as number | undefined) ?? DEFAULT_MAX_DEPTH,
    rejectInvalidPayload: o.onInvalidPayload !== 'pass',
    allowUnknownEvents: o.allowUnknownEvents === true,
    tokenHeader: (o.tokenHeader as string | undefined) || undefined,
  };
}

export function isHookError(value: ResolvedOptions | HookError): value is HookError {
  return 'code' in value;
}

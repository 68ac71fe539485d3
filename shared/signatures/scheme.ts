import type { RawBody } from '../bytes';
import type { HookError } from '../errors';
import type { HeaderGetter } from '../headers';

/** Which bytes a valid signature covered. */
export type SignatureForm = 'raw' | 'reserialized' | 'token' | 'none';

export interface VerifyInput {
  readonly body: RawBody;
  readonly header: HeaderGetter;
  readonly secrets: readonly string[];
  readonly toleranceSeconds: number;
  readonly nowSeconds: number;
  /** The parsed body re-serialised compactly, or undefined when it is not JSON. Computed only on demand. */
  readonly reserialized: () => string | undefined;
  /** Header name for shared-token schemes, when the user chose another one. */
  readonly tokenHeader?: string;
}

export type VerifyOutcome =
  | { readonly ok: true; readonly form: Exclude<SignatureForm, 'none'> }
  | { readonly ok: false; readonly absent: boolean; readonly error: HookError };

export interface SignInput {
  readonly body: string;
  readonly secret: string;
  readonly timestamp: number;
  readonly deliveryId: string;
  readonly tokenHeader?: string;
}

export interface SignatureScheme {
  readonly kind: 'hmac-sha256-hex' | 'standard-webhooks' | 'shared-token';
  /** Human-readable summary for docs and node descriptions. */
  readonly summary: string;
  /** Header names this scheme reads (lower case). */
  readonly headers: readonly string[];
  /** Whether the scheme checks a timestamp against a tolerance. */
  readonly timestamped: boolean;
  verify(input: VerifyInput): VerifyOutcome;
  /** Headers a sender following this scheme adds for the given body. */
  sign(input: SignInput): Record<string, string>;
}

import type { RawBody } from '../bytes';
import type { HookError } from '../errors';
import type { HeaderGetter } from '../headers';

/** Which bytes a valid signature covered. */
export type SignatureForm = 'raw' | 'reserialized' | 'token' | 'none';

export interface Reserializable {
  /** The compact JSON.stringify of the parsed body; undefined when the body is not (depth-bounded) JSON. */
  reserialized(): string | undefined;
}

export interface VerifyInput {
  readonly body: RawBody;
  readonly header: HeaderGetter;
  readonly secrets: readonly string[];
  readonly toleranceSeconds: number;
  readonly nowSeconds: number;
  /** The parsed body re-serialised compactly, for senders that sign JSON.stringify(body). Computed only on demand. */
  readonly reserializable: Reserializable;
  /** Header name for shared-token schemes, when the user chose another one. */
  readonly tokenHeader?: string;
}

export type VerifyOutcome =
  | {
      readonly ok: true;
      readonly form: Exclude<SignatureForm, 'none'>;
      /**
       * The same for every replay of this signed delivery, derived from what the signature covers; undefined
       * when it covers nothing of the delivery (a shared token), for the receiver to key on the body itself.
       */
      readonly replayKey: string | undefined;
    }
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
  /** Header names whose values the signature covers (lower case); any other header is the sender's word only. */
  readonly signedHeaders: readonly string[];
  /** Whether the scheme checks a timestamp against a tolerance. */
  readonly timestamped: boolean;
  /** Whether a configured secret has the form this scheme needs (e.g. whsec_<base64>). */
  acceptsSecret(secret: string): boolean;
  verify(input: VerifyInput): VerifyOutcome;
  /** Headers a sender following this scheme adds for the given body. */
  sign(input: SignInput): Record<string, string>;
}

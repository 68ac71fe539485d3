/** Stable error codes of the receive pipeline, with the HTTP status a receiver should answer. */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  missing_header: 400,
  invalid_header: 400,
  /** A header the signature does not cover contradicts the signed body (e.g. X-InboundFlow-Event). */
  header_mismatch: 400,
  missing_signature: 401,
  invalid_signature: 401,
  timestamp_out_of_tolerance: 401,
  body_too_large: 413,
  /** The body nests arrays/objects deeper than the limit (64 levels by default); refused before parsing. */
  payload_too_deep: 422,
  unknown_event: 422,
  invalid_payload: 422,
  /** A relayed event that is not the relay's envelope. */
  invalid_envelope: 422,
  /** A relayed event of another platform than the receiver's. */
  wrong_platform: 422,
  unknown_platform: 500,
  no_secret_configured: 500,
  /** The receiver's own options are malformed (a NaN date, a negative tolerance, a secret that is not a string…). */
  invalid_options: 500,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface PayloadIssue {
  readonly path: string;
  readonly message: string;
}

/** A typed failure; `message` never carries a secret, a signature or body content. */
export interface HookError {
  readonly code: ErrorCode;
  readonly status: (typeof ERROR_STATUS)[ErrorCode];
  readonly message: string;
  readonly issues?: readonly PayloadIssue[];
}

export function hookError(code: ErrorCode, message: string, issues?: readonly PayloadIssue[]): HookError {
  return issues ? { code, status: ERROR_STATUS[code], message, issues } : { code, status: ERROR_STATUS[code], message };
}

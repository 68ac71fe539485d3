import { bytesEqual, decodeHex, hmacSha256, type Chunk } from '../crypto';
import { hookError } from '../errors';
import type { SignatureScheme, VerifyInput, VerifyOutcome } from './scheme';
import { checkTimestamp } from './timestamp';

export interface HmacHexOptions {
  /** Header carrying the signature, e.g. `X-Chatwoot-Signature`. */
  readonly signatureHeader: string;
  /** Header carrying unix seconds, signed as `${timestamp}.${body}`; none means the body alone is signed. */
  readonly timestampHeader?: string;
  /** Literal prefix before the hex digest, e.g. `sha256=`; required when set. */
  readonly prefix?: string;
  /**
   * The sender's docs sign `JSON.stringify(body)` rather than the bytes sent: when the raw bytes do not
   * verify, also try the compact re-serialisation of the parsed body.
   */
  readonly reserializedFallback: boolean;
}

/** HMAC-SHA256 with a hex digest in one header, optionally over `${timestamp}.${body}`. */
export function hmacHexScheme(options: HmacHexOptions): SignatureScheme {
  const sigHeader = options.signatureHeader.toLowerCase();
  const tsHeader = options.timestampHeader?.toLowerCase();
  const prefix = options.prefix ?? '';
  const prefixLower = prefix.toLowerCase();
  const signed = tsHeader
    ? `HMAC-SHA256 over "{${options.timestampHeader}}.{body}"`
    : 'HMAC-SHA256 over the body';
  const summary = `${options.signatureHeader}: ${prefix}<hex ${signed}>${
    options.reserializedFallback ? ' (raw bytes, then JSON.stringify of the parsed body)' : ' (raw bytes)'
  }`;

  const invalid: VerifyOutcome = {
    ok: false,
    absent: false,
    error: hookError('invalid_signature', `${options.signatureHeader} does not match the body`),
  };

  const digestMatches = (expected: Buffer, secrets: readonly string[], chunks: Chunk[]): boolean => {
    for (const secret of secrets) if (bytesEqual(hmacSha256(secret, ...chunks), expected)) return true;
    return false;
  };

  return {
    kind: 'hmac-sha256-hex',
    summary,
    headers: tsHeader ? [sigHeader, tsHeader] : [sigHeader],
    timestamped: tsHeader !== undefined,
    verify(input: VerifyInput): VerifyOutcome {
      const signature = input.header(sigHeader);
      if (signature === undefined || signature === '') {
        return { ok: false, absent: true, error: hookError('missing_signature', `Missing ${options.signatureHeader} header`) };
      }
      let timestampPrefix = '';
      if (tsHeader) {
        const ts = checkTimestamp(input.header(tsHeader), options.timestampHeader!, input.nowSeconds, input.toleranceSeconds);
        if (!ts.ok) return { ok: false, absent: false, error: ts.error };
        timestampPrefix = `${input.header(tsHeader)}.`;
      }
      if (signature.slice(0, prefix.length).toLowerCase() !== prefixLower) return invalid;
      const expected = decodeHex(signature.slice(prefix.length));
      if (!expected || expected.byteLength !== 32) return invalid;

      if (digestMatches(expected, input.secrets, [timestampPrefix, input.body])) return { ok: true, form: 'raw' };
      if (options.reserializedFallback) {
        const reserialized = input.reserialized();
        if (reserialized !== undefined && digestMatches(expected, input.secrets, [timestampPrefix, reserialized])) {
          return { ok: true, form: 'reserialized' };
        }
      }
      return invalid;
    },
    sign({ body, secret, timestamp }) {
      const ts = String(timestamp);
      const digest = hmacSha256(secret, tsHeader ? `${ts}.` : '', body).toString('hex');
      const headers: Record<string, string> = { [options.signatureHeader]: `${prefix}${digest}` };
      if (options.timestampHeader) headers[options.timestampHeader] = ts;
      return headers;
    },
  };
}

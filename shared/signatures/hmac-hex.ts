import { hmacSha256Text, textEqualAt, type Chunk } from '../crypto';
import { hookError } from '../errors';
import { signatureReplayKey } from '../replay-key';
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

/** A SHA-256 digest in hex. */
const HEX_DIGEST_LENGTH = 64;

/** HMAC-SHA256 with a hex digest in one header, optionally over `${timestamp}.${body}`. */
export function hmacHexScheme(options: HmacHexOptions): SignatureScheme {
  const sigHeader = options.signatureHeader.toLowerCase();
  const tsHeader = options.timestampHeader?.toLowerCase();
  const prefix = options.prefix ?? '';
  const prefixLower = prefix.toLowerCase();
  const signed = tsHeader ? `HMAC-SHA256 over "{${options.timestampHeader}}.{body}"` : 'HMAC-SHA256 over the body';
  const summary = `${options.signatureHeader}: ${prefix}<hex ${signed}>${
    options.reserializedFallback ? ' (raw bytes, then JSON.stringify of the parsed body)' : ' (raw bytes)'
  }`;

  const invalid: VerifyOutcome = {
    ok: false,
    absent: false,
    error: hookError('invalid_signature', `${options.signatureHeader} does not match the body`),
  };
  const missing: VerifyOutcome = {
    ok: false,
    absent: true,
    error: hookError('missing_signature', `Missing ${options.signatureHeader} header`),
  };

  /**
   * The hex MAC of the first secret that signed these bytes as the lower-case hex `digest`, or undefined. The
   * hex text is compared in constant time with the MAC's own hex, which also refuses anything but hex.
   */
  const matchingMac = (digest: string, secrets: readonly string[], signedPrefix: string, body: Chunk): string | undefined => {
    for (const secret of secrets) {
      const mac = hmacSha256Text(secret, signedPrefix, body, 'hex');
      if (textEqualAt(digest, 0, mac)) return mac;
    }
    return undefined;
  };

  return {
    kind: 'hmac-sha256-hex',
    summary,
    headers: tsHeader ? [sigHeader, tsHeader] : [sigHeader],
    signedHeaders: tsHeader ? [tsHeader] : [],
    timestamped: tsHeader !== undefined,
    acceptsSecret: (secret) => secret.length > 0,
    verify(input: VerifyInput): VerifyOutcome {
      const signature = input.header(sigHeader);
      if (signature === undefined || signature === '') return missing;
      let signedPrefix = '';
      if (tsHeader) {
        const rawTs = input.header(tsHeader);
        const tsError = checkTimestamp(rawTs, options.timestampHeader!, input.nowSeconds, input.toleranceSeconds);
        if (tsError) return { ok: false, absent: false, error: tsError };
        signedPrefix = `${rawTs}.`;
      }
      if (signature.length !== prefix.length + HEX_DIGEST_LENGTH) return invalid;
      // The prefix as written (the usual case) needs no lower-cased copy.
      if (prefix !== '' && !signature.startsWith(prefix) && signature.slice(0, prefix.length).toLowerCase() !== prefixLower) return invalid;
      // Hex of either case: lower-cased here (a no-op, without a copy, for the usual lower-case digest).
      const expected = (prefix === '' ? signature : signature.slice(prefix.length)).toLowerCase();
      if (expected.length !== HEX_DIGEST_LENGTH) return invalid; // a non-ASCII character can lower-case to two

      const raw = matchingMac(expected, input.secrets, signedPrefix, input.body);
      if (raw) return { ok: true, form: 'raw', replayKey: signatureReplayKey(raw) };
      if (options.reserializedFallback) {
        const reserialized = input.reserializable.reserialized();
        const mac = reserialized === undefined ? undefined : matchingMac(expected, input.secrets, signedPrefix, reserialized);
        // Every variant that verifies this way signed the same canonical bytes, so they share one replay key.
        if (mac) return { ok: true, form: 'reserialized', replayKey: signatureReplayKey(mac) };
      }
      return invalid;
    },
    sign({ body, secret, timestamp }) {
      const ts = String(timestamp);
      const digest = hmacSha256Text(secret, tsHeader ? `${ts}.` : '', body, 'hex');
      const headers: Record<string, string> = { [options.signatureHeader]: `${prefix}${digest}` };
      if (options.timestampHeader) headers[options.timestampHeader] = ts;
      return headers;
    },
  };
}

import { decodeBase64, HmacKey, hmacSha256Text, textEqualAt } from '../crypto';
import { hookError } from '../errors';
import { perSecret } from '../per-secret';
import { signedIdReplayKey } from '../replay-key';
import type { SignatureScheme, VerifyOutcome } from './scheme';
import { checkTimestamp } from './timestamp';

const SECRET_PREFIX = 'whsec_';
/** `v1,` + the canonical base64 of 32 bytes: 43 characters and one `=`. */
const V1_TOKEN_LENGTH = 3 + 44;

/** Decodes a `whsec_<base64>` secret (the prefix is optional) to its key bytes; null when malformed. */
export function standardWebhooksKey(secret: string): Buffer | null {
  const key = signingKey(secret);
  return key === null ? null : Buffer.from(key.bytes);
}

/** Per secret: its key bytes and their HMAC pads, or null when the secret is malformed. */
const signingKey = perSecret((secret): HmacKey | null => {
  const body = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const decoded = decodeBase64(body);
  return decoded && decoded.byteLength > 0 ? new HmacKey(decoded) : null;
});

/** Signs `${id}.${timestamp}.${body}` the way the Standard Webhooks spec does, as `v1,<base64>`. */
export function standardWebhooksSignature(secret: string, id: string, timestamp: number | string, body: string | Uint8Array): string {
  const key = signingKey(secret);
  if (!key) throw new TypeError('A Standard Webhooks secret must be whsec_ followed by base64');
  return `v1,${hmacSha256Text(key, `${id}.${timestamp}.`, body, 'base64')}`;
}

const V1 = 'v1,';

/** Calls `visit` with the offset of each `v1,` entry of the space-separated list long enough for a digest, until it answers true. */
function someV1Token(list: string, visit: (offset: number) => boolean): boolean {
  for (let start = 0; start < list.length; ) {
    let end = list.indexOf(' ', start);
    if (end === -1) end = list.length;
    if (end - start === V1_TOKEN_LENGTH && list.startsWith(V1, start) && visit(start + V1.length)) return true;
    start = end + 1;
  }
  return false;
}

/** Standard Webhooks v1 (symmetric): webhook-id, webhook-timestamp, webhook-signature with a space-separated list. */
export function standardWebhooksScheme(): SignatureScheme {
  const invalid: VerifyOutcome = {
    ok: false,
    absent: false,
    error: hookError('invalid_signature', 'No webhook-signature entry matches the body'),
  };
  return {
    kind: 'standard-webhooks',
    summary:
      'Standard Webhooks: webhook-signature "v1,<base64 HMAC-SHA256 over {webhook-id}.{webhook-timestamp}.{body}>" (several, space-separated), whsec_ secrets',
    headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
    signedHeaders: ['webhook-id', 'webhook-timestamp'],
    timestamped: true,
    acceptsSecret: (secret) => signingKey(secret) !== null,
    verify(input): VerifyOutcome {
      const list = input.header('webhook-signature');
      if (list === undefined || list === '') {
        return { ok: false, absent: true, error: hookError('missing_signature', 'Missing webhook-signature header') };
      }
      const id = input.header('webhook-id');
      if (id === undefined || id === '') {
        return { ok: false, absent: false, error: hookError('missing_header', 'Missing webhook-id header') };
      }
      const rawTs = input.header('webhook-timestamp');
      const tsError = checkTimestamp(rawTs, 'webhook-timestamp', input.nowSeconds, input.toleranceSeconds);
      if (tsError) return { ok: false, absent: false, error: tsError };

      for (const secret of input.secrets) {
        const key = signingKey(secret);
        if (!key) continue;
        // Comparing with the canonical text of the digest also refuses non-canonical spellings (the URL
        // alphabet, stray low bits) that Node's lenient base64 decoder would take.
        const expected = hmacSha256Text(key, `${id}.${rawTs}.`, input.body, 'base64');
        if (someV1Token(list, (offset) => textEqualAt(list, offset, expected)))
          return { ok: true, form: 'raw', replayKey: signedIdReplayKey(id) };
      }
      return invalid;
    },
    sign({ body, secret, timestamp, deliveryId }) {
      return {
        'webhook-id': deliveryId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': standardWebhooksSignature(secret, deliveryId, timestamp, body),
      };
    },
  };
}

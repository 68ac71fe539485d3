import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HmacKey, hmacSha256OneShot, oneShotHash } from './hmac-one-shot';
import { perSecret } from './per-secret';

export { HmacKey };

export type KeyMaterial = string | Uint8Array;
export type Chunk = string | Uint8Array;

/** One-shot `crypto.hash` where the runtime has it: about 3× cheaper than createHash for small inputs. */
export function sha256(data: Chunk): Buffer {
  return oneShotHash ? (oneShotHash('sha256', data, 'buffer') as Buffer) : createHash('sha256').update(data).digest();
}

export function sha256Hex(data: Chunk): string {
  return oneShotHash ? (oneShotHash('sha256', data, 'hex') as string) : createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: KeyMaterial, prefix: Chunk, body: Chunk): Buffer {
  return createHmac('sha256', key).update(prefix).update(body).digest();
}

/**
 * The same MAC as text, hex or base64. Asking for the text skips the digest's Buffer (a C++-allocated backing
 * store), and messages within ONE_SHOT_LIMIT skip the Hmac object too (see hmacSha256OneShot).
 */
export function hmacSha256Text(key: KeyMaterial | HmacKey, prefix: string, body: Chunk, encoding: 'hex' | 'base64'): string {
  const oneShotMac = hmacSha256OneShot(key, prefix, body, encoding);
  if (oneShotMac !== undefined) return oneShotMac;
  const hmac = createHmac('sha256', key instanceof HmacKey ? key.bytes : key);
  if (prefix !== '') hmac.update(prefix);
  return hmac.update(body).digest(encoding);
}

/** Constant-time byte comparison that answers false, never throws, on unequal lengths. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/**
 * Whether `text`, from `offset`, holds exactly `expected` (ASCII, e.g. the hex or base64 of a digest), compared
 * in constant time: every character is compared, whatever the first difference. The caller checks the length.
 */
export function textEqualAt(text: string, offset: number, expected: string): boolean {
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= text.charCodeAt(offset + i) ^ expected.charCodeAt(i);
  return difference === 0;
}

const secretDigest = perSecret(sha256);

/** Constant-time comparison of a presented token with a secret of any length: compares their SHA-256 digests. */
export function secretsEqual(presented: string, secret: string): boolean {
  return timingSafeEqual(sha256(presented), secretDigest(secret));
}

/**
 * Strict base64 decoding; undefined unless the text is the canonical encoding of its bytes. Node's decoder
 * is lenient (it skips foreign characters, accepts the URL alphabet and ignores the unused low bits of the
 * last character, which would make signatures malleable): re-encoding must give the text back exactly.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

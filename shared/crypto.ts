import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type KeyMaterial = string | Uint8Array;
export type Chunk = string | Uint8Array;

type OneShotHash = (algorithm: string, data: Chunk, outputEncoding: 'buffer' | 'hex') => Buffer | string;
/** node:crypto's one-shot `hash` (Node ≥ 20.12), about 3× cheaper than createHash for small inputs. */
const oneShot = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

export function sha256(data: Chunk): Buffer {
  return oneShot ? (oneShot('sha256', data, 'buffer') as Buffer) : createHash('sha256').update(data).digest();
}

export function sha256Hex(data: Chunk): string {
  return oneShot ? (oneShot('sha256', data, 'hex') as string) : createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: KeyMaterial, prefix: Chunk, body: Chunk): Buffer {
  return createHmac('sha256', key).update(prefix).update(body).digest();
}

const keyBytesCache = new Map<string, Buffer>();
const KEY_CACHE_LIMIT = 256;

/**
 * A string secret's UTF-8 bytes, encoded once: createHmac re-encodes a string key on every call (about 0.4 µs).
 * Bounded like the other per-secret caches; the process already holds these secrets in its options.
 */
function keyBytes(key: KeyMaterial): Uint8Array {
  if (typeof key !== 'string') return key;
  let bytes = keyBytesCache.get(key);
  if (bytes === undefined) {
    bytes = Buffer.from(key, 'utf8');
    if (keyBytesCache.size >= KEY_CACHE_LIMIT) keyBytesCache.clear();
    keyBytesCache.set(key, bytes);
  }
  return bytes;
}

/**
 * The same MAC as text. Asking the digest for its encoding skips the Buffer (a C++-allocated backing store),
 * which costs more than the text itself: about 0.6 µs of a 2 µs HMAC over a small body on Node 20.
 */
export function hmacSha256Text(key: KeyMaterial, prefix: string, body: Chunk, encoding: 'hex' | 'base64'): string {
  const hmac = createHmac('sha256', keyBytes(key));
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

const secretDigests = new Map<string, Buffer>();
const SECRET_DIGEST_CACHE_LIMIT = 256;

/** Constant-time comparison of a presented token with a secret of any length: compares their SHA-256 digests. */
export function secretsEqual(presented: string, secret: string): boolean {
  let expected = secretDigests.get(secret);
  if (expected === undefined) {
    expected = sha256(secret);
    if (secretDigests.size >= SECRET_DIGEST_CACHE_LIMIT) secretDigests.clear();
    secretDigests.set(secret, expected);
  }
  return timingSafeEqual(sha256(presented), expected);
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

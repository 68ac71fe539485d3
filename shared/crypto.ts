import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type KeyMaterial = string | Uint8Array;
export type Chunk = string | Uint8Array;

export function hmacSha256(key: KeyMaterial, ...chunks: Chunk[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const chunk of chunks) mac.update(chunk);
  return mac.digest();
}

/** Constant-time byte comparison that answers false, never throws, on unequal lengths. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** Constant-time comparison of two secrets of any length: compares their SHA-256 digests. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const HEX = /^[0-9a-fA-F]*$/;

/** Strict hex decoding (either case); undefined for odd length or any non-hex character. */
export function decodeHex(text: string): Buffer | undefined {
  if (text.length % 2 !== 0 || !HEX.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64 decoding; undefined unless the text is the canonical encoding of its bytes (Node's
 * decoder ignores the unused low bits of the last character, which would make signatures malleable).
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

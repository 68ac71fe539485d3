import * as nodeCrypto from 'node:crypto';

type Chunk = string | Uint8Array;
type OneShotHash = (algorithm: string, data: Chunk, outputEncoding: 'buffer' | 'hex' | 'base64' | 'latin1') => Buffer | string;

/** node:crypto's one-shot `hash` (Node ≥ 20.12); without it there is no fast path. */
export const oneShotHash = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

/** SHA-256's block size: the HMAC key is padded (or first hashed) to it. */
const BLOCK = 64;
const DIGEST = 32;
/** Messages up to this size are copied behind the inner pad in one reused buffer; larger ones take createHmac. */
export const ONE_SHOT_LIMIT = 16 * 1024;

interface Pads {
  /** key ⊕ ipad: the first block of the inner hash. */
  readonly inner: Buffer;
  /** key ⊕ opad followed by room for the inner digest: the whole input of the outer hash. */
  readonly outer: Buffer;
}

function padsOf(key: Uint8Array, hash: OneShotHash): Pads {
  const block = key.byteLength > BLOCK ? (hash('sha256', key, 'buffer') as Buffer) : key;
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + DIGEST, 0x5c);
  for (let i = 0; i < block.byteLength; i++) {
    inner[i]! ^= block[i]!;
    outer[i]! ^= block[i]!;
  }
  return { inner, outer };
}

const PADS_CACHE_LIMIT = 256;
const padsByText = new Map<string, Pads>();
/** Byte keys are cached by identity, with a copy to compare: a caller may refill its array with another key. */
const padsByBytes = new WeakMap<Uint8Array, { readonly copy: Buffer; readonly pads: Pads }>();

function padsFor(key: Chunk, hash: OneShotHash): Pads {
  if (typeof key === 'string') {
    let pads = padsByText.get(key);
    if (pads === undefined) {
      pads = padsOf(Buffer.from(key, 'utf8'), hash);
      if (padsByText.size >= PADS_CACHE_LIMIT) padsByText.clear();
      padsByText.set(key, pads);
    }
    return pads;
  }
  const cached = padsByBytes.get(key);
  if (cached !== undefined && cached.copy.equals(key)) return cached.pads;
  const pads = padsOf(key, hash);
  padsByBytes.set(key, { copy: Buffer.from(key), pads });
  return pads;
}

let scratch = Buffer.allocUnsafeSlow(4 * 1024);

function byteLength(chunk: Chunk): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.byteLength;
}

function put(chunk: Chunk, at: number): number {
  if (typeof chunk === 'string') return at + scratch.write(chunk, at, 'utf8');
  scratch.set(chunk, at);
  return at + chunk.byteLength;
}

/**
 * HMAC-SHA256 (RFC 2104) of `prefix` + `body` as hex or base64, composed from two one-shot hashes over the
 * key's cached pads, or undefined when the message is too large (or the runtime lacks `crypto.hash`): the
 * caller then takes createHmac. Building an Hmac object costs more than hashing a small message (about 1.5 µs
 * of 3.5 µs over 250 bytes on Node 20); the one-shot form computes the same MAC without one.
 */
export function hmacSha256OneShot(key: Chunk, prefix: string, body: Chunk, encoding: 'hex' | 'base64'): string | undefined {
  const hash = oneShotHash;
  if (hash === undefined) return undefined;
  const length = BLOCK + byteLength(prefix) + byteLength(body);
  if (length > BLOCK + ONE_SHOT_LIMIT) return undefined;
  const pads = padsFor(key, hash);
  if (scratch.byteLength < length) scratch = Buffer.allocUnsafeSlow(Math.min(2 * length, BLOCK + ONE_SHOT_LIMIT));
  scratch.set(pads.inner, 0);
  const end = put(body, put(prefix, BLOCK));
  const inner = hash('sha256', scratch.subarray(0, end), 'latin1') as string;
  pads.outer.write(inner, BLOCK, 'latin1');
  return hash('sha256', pads.outer, encoding) as string;
}

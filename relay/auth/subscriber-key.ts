import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A subscriber key: `hlsk_<16 hex: the key id>_<43 base64url: 256 random bits>`. The id part finds the row;
 * the relay keeps only a SHA-256 of the whole key (enough for a high-entropy secret) and compares digests
 * in constant time.
 */
const FORMAT = /^hlsk_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;

export interface NewSubscriberKey {
  readonly id: string;
  readonly key: string;
  readonly keyHash: string;
}

export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function newSubscriberKey(): NewSubscriberKey {
  const idPart = randomBytes(8).toString('hex');
  const key = `hlsk_${idPart}_${randomBytes(32).toString('base64url')}`;
  return { id: `key_${idPart}`, key, keyHash: keyDigest(key).toString('hex') };
}

/** The key id a presented key claims, or undefined when it is not a subscriber key. */
export function subscriberKeyId(presented: string): string | undefined {
  const m = FORMAT.exec(presented);
  return m ? `key_${m[1]}` : undefined;
}

export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

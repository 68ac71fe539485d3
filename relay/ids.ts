import { randomBytes } from 'node:crypto';

/** Random bytes are drawn from the CSPRNG 4 KiB at a time (as randomUUID caches them): one call per ~340 ids. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `count` fresh random bytes as base64url. */
function randomBase64url(count: number): string {
  if (poolOffset + count > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, count));
    poolOffset = 0;
  }
  const text = pool.toString('base64url', poolOffset, poolOffset + count);
  poolOffset += count;
  return text;
}

/** Time-ordered, unguessable ids: `<prefix>_<ms base36><random base64url>`. */
export function newId(prefix: string, randomBytesCount = 12): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBase64url(randomBytesCount)}`;
}

/** A Standard Webhooks signing secret: `whsec_` + 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

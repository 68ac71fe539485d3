import { randomBytes } from 'node:crypto';

/** Time-ordered, unguessable ids: `<prefix>_<ms base36><random base64url>`. */
export function newId(prefix: string, randomBytesCount = 12): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(randomBytesCount).toString('base64url')}`;
}

/** A Standard Webhooks signing secret: `whsec_` + 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

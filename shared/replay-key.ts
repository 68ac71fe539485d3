/**
 * `replayKey`: a string that is the same for every replay of one signed delivery, so a receiver that stores
 * events can drop replays even when the unsigned parts (a delivery-id header, whitespace the re-serialised form
 * forgives) change. Different prefixes never collide.
 */

/**
 * HMAC schemes: the signature that matched — a keyed digest of (timestamp, the exact bytes signed) — cut to its
 * first 128 bits, base64url. Half a MAC is no signature, so the key cannot be replayed as one.
 */
export function signatureReplayKey(mac: Buffer): string {
  return `sig:${mac.toString('base64url', 0, 16)}`;
}

/** Standard Webhooks: the webhook-id, which the signature covers and the sender keeps across retries. */
export function signedIdReplayKey(id: string): string {
  return `webhook-id:${id}`;
}

/** Shared tokens and unsigned deliveries: nothing of the delivery is signed, so a SHA-256 of its raw bytes. */
export function bodyReplayKey(bodyDigestHex: string): string {
  return `body:${bodyDigestHex}`;
}

import { sha256Hex } from './crypto';

/**
 * `replayKey`: a string that is the same for every replay of one signed delivery, so a receiver that stores
 * events can drop replays even when the unsigned parts (a delivery-id header, whitespace the re-serialised form
 * forgives) change. Different prefixes never collide.
 */

/** HMAC schemes: a SHA-256 of the signature that matched, i.e. of (timestamp, the exact bytes signed). */
export function signatureReplayKey(mac: Uint8Array): string {
  return `sig:${sha256Hex(mac)}`;
}

/** Standard Webhooks: the webhook-id, which the signature covers and the sender keeps across retries. */
export function signedIdReplayKey(id: string): string {
  return `webhook-id:${id}`;
}

/** Shared tokens and unsigned deliveries: nothing of the delivery is signed, so a SHA-256 of its raw bytes. */
export function bodyReplayKey(bodyDigestHex: string): string {
  return `body:${bodyDigestHex}`;
}

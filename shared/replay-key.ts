/**
 * `replayKey`: a string that is the same for every replay of one signed delivery, so a receiver that stores
 * events can drop replays even when the unsigned parts (a delivery-id header, whitespace the re-serialised form
 * forgives) change. Different prefixes never collide.
 */

/** The base64url alphabet as character codes. */
const BASE64URL = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (c) => c.charCodeAt(0));
const DIGIT_0 = 0x30;
const LOWER_A = 0x61;
/** 16 bytes of MAC in base64url: 22 characters. */
const codes = new Array<number>(22);

/** The value of the lower-case hex digit at `i`. */
const nibble = (hex: string, i: number): number => {
  const c = hex.charCodeAt(i);
  return c >= LOWER_A ? c - LOWER_A + 10 : c - DIGIT_0;
};

/**
 * HMAC schemes: the signature that matched — a keyed digest of (timestamp, the exact bytes signed) — cut to its
 * first 128 bits, base64url. Half a MAC is no signature, so the key cannot be replayed as one. Encoded here
 * from the MAC's lower-case hex (16 bytes: 5 groups of 3, then one) with no Buffer round trip.
 */
export function signatureReplayKey(macHex: string): string {
  let out = 0;
  for (let i = 0; i < 30; i += 6) {
    const bits =
      (nibble(macHex, i) << 20) |
      (nibble(macHex, i + 1) << 16) |
      (nibble(macHex, i + 2) << 12) |
      (nibble(macHex, i + 3) << 8) |
      (nibble(macHex, i + 4) << 4) |
      nibble(macHex, i + 5);
    codes[out++] = BASE64URL[bits >> 18]!;
    codes[out++] = BASE64URL[(bits >> 12) & 63]!;
    codes[out++] = BASE64URL[(bits >> 6) & 63]!;
    codes[out++] = BASE64URL[bits & 63]!;
  }
  const last = (nibble(macHex, 30) << 4) | nibble(macHex, 31);
  codes[out++] = BASE64URL[last >> 2]!;
  codes[out] = BASE64URL[(last & 3) << 4]!;
  return `sig:${String.fromCharCode.apply(null, codes)}`;
}

/** Standard Webhooks: the webhook-id, which the signature covers and the sender keeps across retries. */
export function signedIdReplayKey(id: string): string {
  return `webhook-id:${id}`;
}

/** Shared tokens and unsigned deliveries: nothing of the delivery is signed, so a SHA-256 of its raw bytes. */
export function bodyReplayKey(bodyDigestHex: string): string {
  return `body:${bodyDigestHex}`;
}

import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { decodeBase64, hmacSha256, hmacSha256Text, secretsEqual, sha256, sha256Hex, textEqualAt } from '../../shared/crypto';
import { signatureReplayKey } from '../../shared/replay-key';

describe('strict decoding', () => {
  it('decodes canonical base64 only: no URL alphabet, whitespace, missing padding or stray low bits', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const bytes = Buffer.from(randomBytes(32).fill(0xfb, 0, 3));
    const canonical = bytes.toString('base64');
    expect(decodeBase64(canonical)).toEqual(bytes);
    // 32 bytes end in a character carrying 4 bits and 2 unused ones, which a canonical encoding leaves 0.
    const strayBits = `${canonical.slice(0, 42)}${alphabet[alphabet.indexOf(canonical[42]!) | 1]}=`;
    for (const text of [bytes.toString('base64url'), ` ${canonical}`, canonical.replace(/=+$/, ''), strayBits, `${canonical}\n`]) {
      expect(decodeBase64(text)).toBeUndefined();
    }
  });
});

describe('textEqualAt', () => {
  it("compares a digest's text at an offset, every character", () => {
    expect(textEqualAt('v1,abcd', 3, 'abcd')).toBe(true);
    expect(textEqualAt('v1,abce', 3, 'abcd')).toBe(false);
    expect(textEqualAt('v1,ab', 3, 'abcd')).toBe(false);
    expect(textEqualAt('xbcd', 0, 'abcd')).toBe(false);
  });
});

describe('digests', () => {
  it('sha256 and sha256Hex agree with createHash; secretsEqual compares any lengths without throwing', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
        expect(sha256(text)).toEqual(createHash('sha256').update(text).digest());
      }),
    );
    expect(secretsEqual('token', 'token')).toBe(true);
    expect(secretsEqual('token', 'token2')).toBe(false);
    expect(secretsEqual('', 'x'.repeat(1000))).toBe(false);
    expect(createHmac('sha256', 'k').update('x').digest().byteLength).toBe(32);
  });
});

describe('HMAC as text', () => {
  it("hmacSha256Text is createHmac's digest in hex or base64, for string and byte keys, with or without a prefix", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 80 })),
        fc.string(),
        fc.oneof(fc.string(), fc.uint8Array()),
        (key, prefix, body) => {
          const mac = createHmac('sha256', key).update(prefix).update(body).digest();
          expect(hmacSha256(key, prefix, body)).toEqual(mac);
          expect(hmacSha256Text(key, prefix, body, 'hex')).toBe(mac.toString('hex'));
          expect(hmacSha256Text(key, prefix, body, 'base64')).toBe(mac.toString('base64'));
        },
      ),
    );
  });

  it('a string key is the same key however many others were seen since (the bounded key cache never answers stale bytes)', () => {
    const expected = createHmac('sha256', 'rotating-key').update('body').digest('hex');
    expect(hmacSha256Text('rotating-key', '', 'body', 'hex')).toBe(expected);
    for (let i = 0; i < 600; i++) hmacSha256Text(`other-${i}`, '', 'body', 'hex');
    expect(hmacSha256Text('rotating-key', '', 'body', 'hex')).toBe(expected);
    expect(hmacSha256Text('rotating-key2', '', 'body', 'hex')).not.toBe(expected);
  });

  it("signatureReplayKey is sig: + the base64url of the MAC's first 16 bytes, from its hex", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const mac = Buffer.from(bytes);
        expect(signatureReplayKey(mac.toString('hex'))).toBe(`sig:${mac.subarray(0, 16).toString('base64url')}`);
      }),
      { numRuns: 2000 },
    );
  });
});

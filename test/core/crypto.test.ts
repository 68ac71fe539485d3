import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { decodeBase64, secretsEqual, sha256, sha256Hex, textEqualAt } from '../../shared/crypto';

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

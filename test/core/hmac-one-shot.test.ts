import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { HmacKey, hmacSha256OneShot, ONE_SHOT_LIMIT } from '../../shared/hmac-one-shot';

const createHmacText = (key: string | Uint8Array, prefix: string, body: string | Uint8Array, encoding: 'hex' | 'base64') =>
  createHmac('sha256', key).update(prefix).update(body).digest(encoding);

describe('HMAC-SHA256 from one-shot hashes', () => {
  it("is createHmac's MAC for keys shorter than, equal to and longer than a block, string or byte messages, any prefix", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }), fc.uint8Array({ minLength: 1, maxLength: 150 })),
        fc.string({ unit: 'binary' }),
        fc.oneof(fc.string({ maxLength: 3000, unit: 'binary' }), fc.uint8Array({ maxLength: 3000 })),
        fc.constantFrom('hex' as const, 'base64' as const),
        (key, prefix, body, encoding) => {
          const expected = createHmacText(key, prefix, body, encoding);
          expect(hmacSha256OneShot(key, prefix, body, encoding)).toBe(expected);
          const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
          expect(hmacSha256OneShot(new HmacKey(bytes), prefix, body, encoding)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the same MAC at the block boundaries of the key (63, 64, 65 bytes) and of the message', () => {
    for (const keyLength of [63, 64, 65, 128]) {
      const key = Buffer.alloc(keyLength, 7);
      for (const bodyLength of [0, 55, 56, 63, 64, 119, 120]) {
        const body = Buffer.alloc(bodyLength, 1);
        expect(hmacSha256OneShot(key, '', body, 'hex')).toBe(createHmacText(key, '', body, 'hex'));
      }
    }
  });

  it('answers undefined past its limit, so the caller takes createHmac, and is right again after a large message', () => {
    const key = 'k';
    expect(hmacSha256OneShot(key, '', Buffer.alloc(ONE_SHOT_LIMIT, 1), 'hex')).toBe(
      createHmacText(key, '', Buffer.alloc(ONE_SHOT_LIMIT, 1), 'hex'),
    );
    expect(hmacSha256OneShot(key, 'p', Buffer.alloc(ONE_SHOT_LIMIT, 1), 'hex')).toBeUndefined();
    // Strings are bounded by 3 bytes per UTF-16 unit, not measured: a third of the limit still fits.
    const text = 'x'.repeat(ONE_SHOT_LIMIT / 3);
    expect(hmacSha256OneShot(key, '', text, 'hex')).toBe(createHmacText(key, '', text, 'hex'));
    expect(hmacSha256OneShot(key, '', `${text}x`, 'hex')).toBeUndefined();
    expect(hmacSha256OneShot(key, '', 'small', 'hex')).toBe(createHmacText(key, '', 'small', 'hex'));
  });

  it('a byte key refilled with other bytes is the new key (only string keys and HmacKeys keep their pads)', () => {
    const key = Buffer.alloc(32, 1);
    const first = hmacSha256OneShot(key, '', 'body', 'base64');
    expect(first).toBe(createHmacText(Buffer.alloc(32, 1), '', 'body', 'base64'));
    key.fill(2);
    expect(hmacSha256OneShot(key, '', 'body', 'base64')).toBe(createHmacText(Buffer.alloc(32, 2), '', 'body', 'base64'));
  });

  it('a multi-byte UTF-8 prefix and body are measured in bytes, not characters', () => {
    const prefix = 'é€😀.';
    const body = '{"text":"señal — 信号 😀"}'.repeat(50);
    expect(hmacSha256OneShot('clé', prefix, body, 'hex')).toBe(createHmacText('clé', prefix, body, 'hex'));
  });
});

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { hmacSha256Text } from '../../shared/crypto';
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

  it('leaves keys and bodies of other types to createHmac, which reads them as it always did (never an empty key or stale bytes)', () => {
    const bytes = Buffer.from('0123456789abcdef');
    const wide = new Uint16Array([0x4142, 0x4344]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    hmacSha256OneShot('k', '', 'an earlier message left in the scratch buffer', 'hex');
    for (const [key, body] of [
      [wide, 'body'],
      [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 16), 'body'],
      ['k', view],
      ['k', new Float64Array([1.5, 2.5])],
    ] as const) {
      expect(hmacSha256OneShot(key as never, '', body as never, 'hex')).toBeUndefined();
      const expected = createHmac('sha256', key as never)
        .update(body as never)
        .digest('hex');
      expect(hmacSha256Text(key as never, '', body as never, 'hex')).toBe(expected);
    }
  });

  it('a byte view at an offset into a larger buffer is read from its offset, as key and as body', () => {
    const backing = Buffer.from('xxxxxxxsecret-keyyyyyyyymessage-bytesxxxx');
    const key = new Uint8Array(backing.buffer, backing.byteOffset + 7, 10);
    const body = new Uint8Array(backing.buffer, backing.byteOffset + 24, 13);
    expect(hmacSha256OneShot(key, 'p.', body, 'base64')).toBe(createHmacText(Buffer.from(key), 'p.', Buffer.from(body), 'base64'));
  });

  it('an HmacKey keeps its own copy of the bytes: refilling the array it came from changes neither path', () => {
    const source = Buffer.alloc(32, 3);
    const key = new HmacKey(source);
    source.fill(4);
    const expected = (body: Buffer) => createHmacText(Buffer.alloc(32, 3), '', body, 'hex');
    expect(hmacSha256Text(key, '', Buffer.from('small'), 'hex')).toBe(expected(Buffer.from('small')));
    const large = Buffer.alloc(ONE_SHOT_LIMIT + 1, 5);
    expect(hmacSha256Text(key, '', large, 'hex')).toBe(expected(large));
  });
});

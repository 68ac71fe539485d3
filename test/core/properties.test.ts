import fc from 'fast-check';
import { PLATFORM_IDS, getPlatform, receive, sign, type PlatformId } from '../../shared';
import { NOW_MS, NOW_S, secretFor } from './helpers';

const headerValue = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.integer(), fc.constant(undefined));
const knownHeaderNames = PLATFORM_IDS.flatMap((id) => [...getPlatform(id).signature.headers, 'x-inboundflow-event', 'x-chatwoot-delivery']);
const headers = fc.dictionary(fc.oneof(fc.constantFrom(...knownHeaderNames), fc.string({ maxLength: 20 })), headerValue, { maxKeys: 8 });
const body = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 512 }),
  fc.json().map((j) => j),
  fc.constantFrom(
    ...PLATFORM_IDS.flatMap((id) =>
      getPlatform(id)
        .events.slice(0, 3)
        .map((e) => JSON.stringify(e.sample)),
    ),
  ),
);
const platform = fc.constantFrom<PlatformId>(...PLATFORM_IDS);
const options = fc.record(
  {
    secrets: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
    toleranceSeconds: fc.integer({ min: 0, max: 1000 }),
    allowUnsigned: fc.boolean(),
    onInvalidPayload: fc.constantFrom('reject' as const, 'pass' as const),
    allowUnknownEvents: fc.boolean(),
    maxBodyBytes: fc.integer({ min: 0, max: 4096 }),
  },
  { requiredKeys: [] },
);

describe('receive() properties', () => {
  it('never throws and always answers a well-formed result, whatever the input', () => {
    fc.assert(
      fc.property(platform, headers, body, options, (p, h, b, o) => {
        const r = receive(p, { headers: h, body: b }, o);
        if (r.ok) expect(typeof r.event.deliveryId).toBe('string');
        else {
          expect(typeof r.error.code).toBe('string');
          expect([400, 401, 413, 422, 500]).toContain(r.error.status);
          expect(r.error.code).not.toBe('internal_error');
        }
      }),
      { numRuns: 3000 },
    );
  });

  const signingPlatforms = PLATFORM_IDS.filter((id) => getPlatform(id).signature.kind !== 'shared-token');
  const signedCase = fc.constantFrom(...signingPlatforms).chain((p) =>
    fc.record({
      platform: fc.constant(p),
      event: fc.constantFrom(...(getPlatform(p).openEvents ? [getPlatform(p).anyEvent] : getPlatform(p).events)),
    }),
  );

  it('rejects any change to a signed body', () => {
    fc.assert(
      fc.property(signedCase, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ platform: p, event }, pos, flip) => {
        const d = sign(p, event.sample, { secret: secretFor(p), timestamp: NOW_S });
        const bytes = Buffer.from(d.body);
        const i = pos % bytes.length;
        bytes[i] = bytes[i]! ^ flip;
        const r = receive(p, { headers: d.headers, body: bytes }, { secrets: secretFor(p), now: NOW_MS });
        // A flip can only verify through the re-serialised form if it changed nothing JSON.parse sees (e.g. whitespace).
        if (r.ok) expect(r.event.signatureForm).toBe('reserialized');
        else expect(r.error.status).toBeGreaterThanOrEqual(400);
        if (!r.ok && r.error.code !== 'invalid_signature')
          expect(['invalid_json', 'invalid_payload', 'unknown_event']).not.toContain(r.error.code);
      }),
      { numRuns: 1500 },
    );
  });

  it('rejects any change to the signature or the timestamp', () => {
    fc.assert(
      fc.property(
        signedCase,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 100000 }),
        ({ platform: p, event }, pos, insert, shift) => {
          const d = sign(p, event.sample, { secret: secretFor(p), timestamp: NOW_S });
          const spec = getPlatform(p);
          const sigHeader = Object.keys(d.headers).find(
            (k) => k.toLowerCase() === spec.signature.headers.find((h) => h.includes('signature')),
          )!;
          const sig = d.headers[sigHeader]!;
          const i = pos % sig.length;
          const mutated = sig.slice(0, i) + insert + sig.slice(i + 1);
          // Hex digests and the sha256= prefix are case-insensitive by design; any other change must fail.
          const caseOnly = spec.signature.kind === 'hmac-sha256-hex' && mutated.toLowerCase() === sig.toLowerCase();
          if (mutated !== sig && !caseOnly) {
            const r = receive(p, { headers: { ...d.headers, [sigHeader]: mutated }, body: d.body }, { secrets: secretFor(p), now: NOW_MS });
            expect(r.ok).toBe(false);
          }
          if (spec.signature.timestamped) {
            const tsHeader = Object.keys(d.headers).find((k) => /timestamp/i.test(k))!;
            const r = receive(
              p,
              { headers: { ...d.headers, [tsHeader]: String(NOW_S - (shift % 250) - 1) }, body: d.body },
              { secrets: secretFor(p), now: NOW_MS },
            );
            expect(r).toMatchObject({ ok: false, error: { code: 'invalid_signature' } });
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

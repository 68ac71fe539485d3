/**
 * Arbitrary receive() calls: any platform, headers in every container shape (records with string, array,
 * number or missing values, Fetch Headers, garbage), bodies from random bytes to signed catalog deliveries,
 * pathological JSON (deep nesting, huge numbers, lone surrogates, invalid UTF-8), and options both valid and
 * malformed. receive() must answer each with a typed result: never a throw, never internal_error.
 */
import fc from 'fast-check';
import { getPlatform, PLATFORM_IDS, sign, type PlatformId } from '../../../shared';
import { NOW_MS, NOW_S, secretFor } from '../helpers';
import { jsonValue } from './json-values';

export interface ReceiveCall {
  readonly platform: PlatformId;
  readonly delivery: unknown;
  readonly options: unknown;
}

const headerNames = [
  ...new Set(
    PLATFORM_IDS.flatMap((id) => [
      ...getPlatform(id).signature.headers,
      'x-inboundflow-event',
      'x-inboundflow-delivery-id',
      'x-chatwoot-delivery',
      'authorization',
      'content-type',
    ]),
  ),
];
const headerName = fc.oneof(
  fc.constantFrom(...headerNames),
  fc.constantFrom(...headerNames).map((h) => h.toUpperCase()),
  fc.constantFrom(...headerNames).map((h) => `Http-${h}`),
  fc.string({ maxLength: 20 }),
);
const headerText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^(sha256=)?[0-9a-fA-F]{0,70}$/),
  fc.stringMatching(/^(v1,[A-Za-z0-9+/=]{0,48} ?){1,3}$/),
  fc.integer({ min: NOW_S - 400, max: NOW_S + 400 }).map(String),
  fc.constantFrom('Bearer tok', 'Bearer ', '', ' ', '1760000000abc', '-1', '0'.repeat(10), 'é'.repeat(3)),
);
const headerValue = fc.oneof(
  headerText,
  fc.array(headerText, { maxLength: 3 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(undefined, null, true, {}),
);

function fetchHeaders(pairs: readonly (readonly [string, string])[]): unknown {
  const h = new Headers();
  for (const [k, v] of pairs) {
    try {
      h.append(k, v);
    } catch {
      // not a valid field name or value for Fetch: left out
    }
  }
  return h;
}

const headers = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(headerName, headerValue, { maxKeys: 8 }) },
  { weight: 2, arbitrary: fc.array(fc.tuple(headerName, headerText), { maxLength: 6 }).map(fetchHeaders) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 42, 'x-header: 1', [], [['a', 'b']]) },
);

const deep = fc.integer({ min: 1, max: 20000 }).chain((n) =>
  fc.constantFrom('[', '{"a":', '[{"b":').map((open) => {
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
    return open.repeat(n) + '1' + close.repeat(n);
  }),
);
const ONE_MIB_OF_BRACKETS = '['.repeat(1024 * 1024 - 1);

function signedBodies(platform: PlatformId): fc.Arbitrary<string> {
  const spec = getPlatform(platform);
  const samples = [...spec.events.map((e) => e.sample), spec.anyEvent.sample].slice(0, 12);
  return fc.constantFrom(...samples).map((s) => sign(platform, s, { secret: secretFor(platform), timestamp: NOW_S }).body);
}

function body(platform: PlatformId): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }),
    jsonValue(4).map((v) => JSON.stringify(v) ?? 'null'),
    signedBodies(platform),
    signedBodies(platform).map((b) => Buffer.from(b)),
    deep,
    fc.constant(ONE_MIB_OF_BRACKETS),
    fc.constantFrom(
      '{"type":"x","n":1e400}',
      '{"a":"\\ud800"}',
      '{"a":1,"a":2}',
      '',
      ' ',
      'null',
      '[]',
      '{}',
      '"str"',
      '{"__proto__":{"x":1}}',
    ),
    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.concat([Buffer.from('{"a":"'), b, Buffer.from('"}')])),
    fc.constantFrom(undefined, null, 42, { type: 'parsed already' }, [1, 2]),
  );
}

const secrets = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constant('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')), { maxLength: 3 }),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.constantFrom(undefined, 42, null, {}),
);

function validSecrets(platform: PlatformId): fc.Arbitrary<unknown> {
  const other = platform === 'standard' ? 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' : 'other';
  return fc.constantFrom(secretFor(platform), [secretFor(platform)], [other, secretFor(platform)]);
}

function options(platform: PlatformId): fc.Arbitrary<unknown> {
  const sound = fc.record(
    {
      secrets: validSecrets(platform),
      toleranceSeconds: fc.integer({ min: 0, max: 1000 }),
      allowUnsigned: fc.boolean(),
      now: fc.constantFrom(NOW_MS, new Date(NOW_MS)),
      maxBodyBytes: fc.constantFrom(1024 * 1024, 2 * 1024 * 1024, 512),
      maxDepth: fc.integer({ min: 1, max: 100 }),
      onInvalidPayload: fc.constantFrom('reject' as const, 'pass' as const),
      allowUnknownEvents: fc.boolean(),
    },
    { requiredKeys: ['secrets', 'now'] },
  );
  const malformed = fc.record(
    {
      secrets: fc.oneof(validSecrets(platform), secrets),
      toleranceSeconds: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, NaN, Infinity, '300', 1e20)),
      allowUnsigned: fc.oneof(fc.boolean(), fc.constantFrom('yes', 1, null)),
      now: fc.oneof(
        fc.constant(NOW_MS),
        fc.constant(new Date(NOW_MS)),
        fc.constantFrom(new Date(NaN), NaN, Infinity, 1e300, -1, '2025-01-01', null),
      ),
      maxBodyBytes: fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.constantFrom(-5, NaN, 2 ** 31, '1024')),
      maxDepth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, -1, 1.5, 5000, NaN, '64')),
      onInvalidPayload: fc.constantFrom('reject', 'pass', 'drop', undefined),
      allowUnknownEvents: fc.oneof(fc.boolean(), fc.constant('true')),
      tokenHeader: fc.oneof(fc.constantFrom('X-Iris-Key', '', 'bad header', 'x'.repeat(300)), fc.string({ maxLength: 10 }), fc.constant(7)),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 12, arbitrary: sound },
    { weight: 4, arbitrary: malformed },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'secret', 42, [], () => 1) },
  );
}

/** Any body text, correctly signed by the platform's secret: what gets past verification into parsing. */
function signedDelivery(platform: PlatformId): fc.Arbitrary<unknown> {
  const text = fc.oneof(
    jsonValue(4).map((v) => JSON.stringify(v) ?? 'null'),
    signedBodies(platform),
    deep,
    fc.string({ maxLength: 100 }),
  );
  return fc
    .tuple(text, fc.integer({ min: -400, max: 400 }))
    .map(([t, skew]) => sign(platform, t, { secret: secretFor(platform), timestamp: NOW_S + skew }));
}

/** One arbitrary call on the given platform. */
export function receiveCall(platform: PlatformId): fc.Arbitrary<ReceiveCall> {
  const delivery = fc.oneof(
    { weight: 10, arbitrary: fc.record({ headers, body: body(platform) }, { requiredKeys: ['body'] }) },
    { weight: 5, arbitrary: signedDelivery(platform) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'body', 3, []) },
  );
  return fc.record({ platform: fc.constant(platform), delivery, options: options(platform) });
}

/** Arbitrary calls over every platform (and, rarely, a platform id that does not exist). */
export const anyReceiveCall: fc.Arbitrary<ReceiveCall> = fc.oneof(...PLATFORM_IDS.map((p) => ({ weight: 20, arbitrary: receiveCall(p) })), {
  weight: 1,
  arbitrary: receiveCall('conversa').map((c) => ({ ...c, platform: 'nope' as PlatformId })),
});

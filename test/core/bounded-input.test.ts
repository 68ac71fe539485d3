import fc from 'fast-check';
import { PLATFORMS, PLATFORM_IDS, receive, sign, type PlatformId } from '../../shared';
import { DEFAULT_MAX_DEPTH, exceedsDepth } from '../../shared/json-depth';
import { jsonValue } from './fuzz/json-values';
import { NOW_MS, NOW_S, secretFor, WHSEC } from './helpers';

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

const nested = (levels: number, inner = '1') => '{"a":'.repeat(levels) + inner + '}'.repeat(levels);

describe('exceedsDepth: a nesting bound on the text, before JSON.parse', () => {
  it('agrees with the depth of the parsed value, for any JSON and any limit', () => {
    fc.assert(
      fc.property(jsonValue(7), fc.integer({ min: 0, max: 8 }), fc.boolean(), (value, limit, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
        expect(exceedsDepth(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 3000 },
    );
  });

  it('does not count brackets inside strings, whatever the escapes', () => {
    expect(exceedsDepth('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(exceedsDepth('{"a":"\\"[[[[{{{{"}', 1)).toBe(false);
    expect(exceedsDepth('{"a":"\\\\\\"[[[["}', 1)).toBe(false);
    expect(exceedsDepth('{"a":"\\\\",  "b":[[1]]}', 2)).toBe(true);
    expect(exceedsDepth('["]","[","[",["x"]]', 1)).toBe(true);
  });

  it('bounds what JSON.parse could build from text that is not JSON either', () => {
    expect(exceedsDepth('['.repeat(1024 * 1024))).toBe(true);
    expect(exceedsDepth(`"${'['.repeat(100)}`)).toBe(false);
    expect(exceedsDepth(']]]]' + '['.repeat(DEFAULT_MAX_DEPTH))).toBe(false);
    expect(exceedsDepth(']]]]' + '['.repeat(DEFAULT_MAX_DEPTH + 1))).toBe(true);
  });
});

describe('receive(): bounded input', () => {
  const strict = (platform: PlatformId) => ({ secrets: [secretFor(platform)], now: NOW_MS });

  it.each(PLATFORM_IDS)(
    '%s: a signed body nested deeper than 64 levels is payload_too_deep (422); 64 levels pass the bound',
    (platform) => {
      const deep = sign(platform, `{"x":${nested(64)}}`, { secret: secretFor(platform), timestamp: NOW_S });
      expect(receive(platform, deep, strict(platform))).toMatchObject({ ok: false, error: { code: 'payload_too_deep', status: 422 } });
      const limit = sign(platform, nested(DEFAULT_MAX_DEPTH), { secret: secretFor(platform), timestamp: NOW_S });
      const r = receive(platform, limit, strict(platform));
      expect(r.ok ? 'ok' : r.error.code).not.toBe('payload_too_deep');
    },
  );

  it('maxDepth moves the bound (1 to 1000)', () => {
    const d = sign('horneross', { type: 'lead.captured', data: { conversationId: 'c', contact: { email: null } } }, { secret: 'k' });
    expect(receive('horneross', d, { secrets: 'k', maxDepth: 2 })).toMatchObject({ ok: false, error: { code: 'payload_too_deep' } });
    expect(receive('horneross', d, { secrets: 'k', maxDepth: 3 })).toMatchObject({ ok: true });
  });

  it('verifies the raw bytes before parsing: a forged signature never reaches JSON.parse', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      for (const platform of ['conversa', 'standard', 'iris'] as const) {
        const d = sign(platform, PLATFORMS[platform].events[0]?.sample ?? { type: 'a.b' }, {
          secret: platform === 'standard' ? 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' : 'forged',
          timestamp: NOW_S,
        });
        parse.mockClear();
        expect(receive(platform, { headers: d.headers, body: `${d.body}` }, strict(platform))).toMatchObject({
          ok: false,
          error: { status: 401 },
        });
        expect(parse).not.toHaveBeenCalled();
      }
    } finally {
      parse.mockRestore();
    }
  });

  it.each(['inboundflow', 'horneross'] as const)(
    '%s: a forged delivery too deep to re-serialise is invalid_signature, and JSON.parse never sees it',
    (platform) => {
      const parse = jest.spyOn(JSON, 'parse');
      try {
        for (const body of ['['.repeat(1024 * 1024 - 1), `${'['.repeat(12000)}${']'.repeat(12000)}`]) {
          const forged = sign(platform, '{}', { secret: 'forged', timestamp: NOW_S });
          parse.mockClear();
          expect(receive(platform, { headers: forged.headers, body }, strict(platform))).toMatchObject({
            ok: false,
            error: { code: 'invalid_signature', status: 401 },
          });
          expect(parse).not.toHaveBeenCalled();
        }
      } finally {
        parse.mockRestore();
      }
    },
  );

  it('a record key "constructor" holding null (zod 3.25 throws on it) is an invalid payload, not an internal error', () => {
    const event = PLATFORMS.conversa.events.find((e) => e.type === 'conversation_updated')!;
    const sample = { ...event.sample, changed_attributes: JSON.parse('[{"constructor": null}]') };
    const r = receive('conversa', sign('conversa', sample, { secret: 'k', timestamp: NOW_S }), { secrets: 'k', now: NOW_MS });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_payload', issues: [{ path: '(root)' }] } });
  });

  it('free-key objects (custom attributes) accept any key, "constructor" included', () => {
    const sample = { ...PLATFORMS.conversa.events[0].sample, custom_attributes: JSON.parse('{"constructor": null}') };
    const r = receive('conversa', sign('conversa', sample, { secret: 'k', timestamp: NOW_S }), { secrets: 'k', now: NOW_MS });
    expect(r).toMatchObject({ ok: true, event: { data: { custom_attributes: { constructor: null } } } });
  });

  it('a forged delivery that is not JSON answers invalid_signature, not invalid_json', () => {
    const forged = sign('conversa', '{"event":', { secret: 'forged', timestamp: NOW_S });
    expect(receive('conversa', forged, strict('conversa'))).toMatchObject({ ok: false, error: { code: 'invalid_signature' } });
  });
});

describe("receive(): invalid options are the receiver's mistake, typed invalid_options (500)", () => {
  const d = () => sign('horneross', PLATFORMS.horneross.events[1].sample, { secret: 'top-secret' });
  it.each([
    ['now: new Date(NaN)', { secrets: 'top-secret', now: new Date(NaN) }],
    ['now: NaN', { secrets: 'top-secret', now: NaN }],
    ['now beyond the Date range', { secrets: 'top-secret', now: 9e15 }],
    ['now as a string', { secrets: 'top-secret', now: '2025-01-01' }],
    ['a negative tolerance', { secrets: 'top-secret', toleranceSeconds: -1 }],
    ['an infinite tolerance', { secrets: 'top-secret', toleranceSeconds: Infinity }],
    ['a tolerance as a string', { secrets: 'top-secret', toleranceSeconds: '300' }],
    ['a secret that is not a string', { secrets: ['top-secret', 42] }],
    ['secrets as an object', { secrets: { value: 'top-secret' } }],
    ['a negative maxBodyBytes', { secrets: 'top-secret', maxBodyBytes: -1 }],
    ['maxDepth 0', { secrets: 'top-secret', maxDepth: 0 }],
    ['maxDepth 1001', { secrets: 'top-secret', maxDepth: 1001 }],
    ['a fractional maxDepth', { secrets: 'top-secret', maxDepth: 2.5 }],
    ['onInvalidPayload: drop', { secrets: 'top-secret', onInvalidPayload: 'drop' }],
    ['allowUnsigned: "yes"', { secrets: 'top-secret', allowUnsigned: 'yes' }],
    ['a tokenHeader that is not a header name', { secrets: 'top-secret', tokenHeader: 'X Token' }],
    ['options that are not an object', 'top-secret'],
  ])('%s', (_name, options) => {
    const r = receive('horneross', d(), options as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_options', status: 500 } });
    expect(JSON.stringify(r)).not.toContain('top-secret');
  });

  it('a Standard Webhooks secret that is not whsec_<base64> is invalid_options, not a 401 for every delivery', () => {
    const signed = sign('standard', { type: 'a.b' }, { secret: WHSEC, timestamp: NOW_S, deliveryId: 'msg_1' });
    expect(receive('standard', signed, { secrets: [WHSEC, 'whsec_not base64!'], now: NOW_MS })).toMatchObject({
      ok: false,
      error: { code: 'invalid_options' },
    });
    expect(receive('standard', signed, { secrets: [WHSEC], now: NOW_MS })).toMatchObject({ ok: true });
  });

  it('null and undefined options mean the defaults; empty secrets are ignored', () => {
    expect(receive('horneross', d(), null as never)).toMatchObject({ ok: false, error: { code: 'no_secret_configured' } });
    expect(receive('horneross', d(), { secrets: ['', 'top-secret'] })).toMatchObject({ ok: true });
    expect(receive('horneross', d(), { secrets: '' })).toMatchObject({ ok: false, error: { code: 'no_secret_configured' } });
  });
});

import { createHash, createHmac } from 'node:crypto';
import { PLATFORMS, PLATFORM_IDS, receive, sign, type HookEvent, type PlatformId } from '../../shared';
import { allEvents, NOW_MS, NOW_S, secretFor } from './helpers';

const options = (platform: PlatformId) => ({ secrets: [secretFor(platform)], now: NOW_MS });
function accept(platform: PlatformId, delivery: { headers?: Record<string, string>; body: string }): HookEvent {
  const r = receive(platform, delivery, options(platform));
  if (!r.ok) throw new Error(`${platform}: ${r.error.code} ${r.error.message}`);
  return r.event as HookEvent;
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('replayKey: the same for every replay of one signed delivery', () => {
  it('has the documented form per scheme', () => {
    const keys = Object.fromEntries(
      PLATFORM_IDS.map((p) => {
        const spec = PLATFORMS[p];
        const sample = spec.openEvents ? spec.anyEvent.sample : spec.events[0]!.sample;
        return [
          p,
          accept(p, sign(p, sample, { secret: secretFor(p), timestamp: NOW_S, deliveryId: p === 'standard' ? 'msg_42' : undefined }))
            .replayKey,
        ];
      }),
    );
    for (const p of ['conversa', 'inboundflow', 'horneross'] as const) expect(keys[p]).toMatch(/^sig:[A-Za-z0-9_-]{22}$/);
    const chatwoot = sign('conversa', PLATFORMS.conversa.events[0].sample, { secret: secretFor('conversa'), timestamp: NOW_S });
    const mac = createHmac('sha256', secretFor('conversa')).update(`${NOW_S}.${chatwoot.body}`).digest();
    expect(keys['conversa']).toBe(`sig:${mac.subarray(0, 16).toString('base64url')}`);
    for (const p of ['iris', 'modyo'] as const) expect(keys[p]).toMatch(/^body:[0-9a-f]{64}$/);
    expect(keys['standard']).toBe('webhook-id:msg_42');
  });

  it('differs between the catalog samples of a platform (distinct deliveries are distinct events)', () => {
    for (const platform of PLATFORM_IDS) {
      const keys = allEvents()
        .filter(([p]) => p === platform)
        .map(([, e]) => accept(platform, sign(platform, e.sample, { secret: secretFor(platform), timestamp: NOW_S })).replayKey);
      const distinctBodies = new Set(
        allEvents()
          .filter(([p]) => p === platform)
          .map(([, e]) => JSON.stringify(e.sample)),
      );
      expect(new Set(keys).size).toBe(distinctBodies.size);
    }
  });

  it('Chatwoot: a replay with a new (unsigned) X-Chatwoot-Delivery keeps its replayKey, though its deliveryId changes', () => {
    const d = sign('conversa', PLATFORMS.conversa.events[3].sample, {
      secret: secretFor('conversa'),
      timestamp: NOW_S,
      deliveryId: 'uuid-1',
    });
    const original = accept('conversa', d);
    const replay = accept('conversa', { ...d, headers: { ...d.headers, 'X-Chatwoot-Delivery': 'uuid-2' } });
    expect(original.deliveryId).toBe('uuid-1');
    expect(replay.deliveryId).toBe('uuid-2');
    expect(replay.replayKey).toBe(original.replayKey);
  });

  it('timestamped HMAC schemes: the sender signing the same body again at another time is another delivery (its own key)', () => {
    const body = PLATFORMS.conversa.events[0].sample;
    const a = accept('conversa', sign('conversa', body, { secret: secretFor('conversa'), timestamp: NOW_S }));
    const b = accept('conversa', sign('conversa', body, { secret: secretFor('conversa'), timestamp: NOW_S - 10 }));
    expect(a.replayKey).not.toBe(b.replayKey);
  });

  it.each(['inboundflow', 'horneross'] as const)(
    '%s: whitespace and escaping variants that verify through the re-serialised form share the key',
    (platform) => {
      const d = sign(
        platform,
        { ...PLATFORMS[platform].events[0].sample, note: 'https://x.example/á' },
        { secret: secretFor(platform), timestamp: NOW_S },
      );
      const original = accept(platform, d);
      expect(original.signatureForm).toBe('raw');
      for (const variant of [
        JSON.stringify(JSON.parse(d.body), null, 2),
        d.body.replace(/\//g, '\\/'),
        d.body.replace('á', '\\u00e1'),
        ` ${d.body}\n`,
      ]) {
        const replay = accept(platform, { headers: d.headers, body: variant });
        expect(replay).toMatchObject({ signatureForm: 'reserialized', replayKey: original.replayKey, data: original.data });
      }
    },
  );

  it('Horneross without an event id: every re-spaced copy is the same event by replayKey (deliveryId, a digest of the raw bytes, differs)', () => {
    const { id: _id, ...withoutId } = PLATFORMS.horneross.events[0].sample as Record<string, unknown>;
    const d = sign('horneross', withoutId, { secret: secretFor('horneross') });
    const a = accept('horneross', d);
    const b = accept('horneross', { headers: d.headers, body: JSON.stringify(withoutId, null, 1) });
    expect(a.deliveryId).toBe(`sha256:${sha256(d.body)}`);
    expect(b.deliveryId).not.toBe(a.deliveryId);
    expect(b.replayKey).toBe(a.replayKey);
  });

  it('Standard Webhooks: the signed webhook-id, so a retry signed at another time is a duplicate too', () => {
    const payload = { type: 'invoice.paid', data: { id: 'inv_1' } };
    const first = accept('standard', sign('standard', payload, { secret: secretFor('standard'), timestamp: NOW_S, deliveryId: 'msg_7' }));
    const retry = accept(
      'standard',
      sign('standard', payload, { secret: secretFor('standard'), timestamp: NOW_S - 60, deliveryId: 'msg_7' }),
    );
    expect(retry.replayKey).toBe(first.replayKey);
  });

  it('shared tokens and unsigned deliveries: a SHA-256 of the raw body (nothing of it is signed)', () => {
    const body = JSON.stringify(PLATFORMS.iris.events[0].sample);
    const iris = accept('iris', { headers: { 'X-Hookline-Token': secretFor('iris') }, body });
    expect(iris.replayKey).toBe(`body:${sha256(body)}`);
    expect(iris.deliveryId).toBe(`sha256:${sha256(body)}`);
    const unsigned = receive('conversa', { body: JSON.stringify(PLATFORMS.conversa.events[0].sample) }, { allowUnsigned: true });
    expect(unsigned).toMatchObject({ ok: true, event: { verified: false, replayKey: expect.stringMatching(/^body:[0-9a-f]{64}$/) } });
  });
});

describe('unsigned headers never override the signed body (InboundFlow)', () => {
  const sample = PLATFORMS.inboundflow.events[0].sample; // call.completed
  const d = () => sign('inboundflow', sample, { secret: secretFor('inboundflow'), timestamp: NOW_S });

  it('X-InboundFlow-Event naming another type is header_mismatch (400), in pass mode too', () => {
    const relabelled = { ...d(), headers: { ...d().headers, 'X-InboundFlow-Event': 'appointment.booked' } };
    for (const onInvalidPayload of ['reject', 'pass'] as const) {
      expect(receive('inboundflow', relabelled, { ...options('inboundflow'), onInvalidPayload })).toMatchObject({
        ok: false,
        error: { code: 'header_mismatch', status: 400 },
      });
    }
  });

  it('X-InboundFlow-Delivery-Id naming another delivery is header_mismatch', () => {
    const replay = { ...d(), headers: { ...d().headers, 'X-InboundFlow-Delivery-Id': 'a-new-id' } };
    expect(receive('inboundflow', replay, options('inboundflow'))).toMatchObject({ ok: false, error: { code: 'header_mismatch' } });
  });

  it('without those headers the body decides; an agreeing header (surrounding spaces aside) is fine', () => {
    const { 'X-InboundFlow-Event': _e, 'X-InboundFlow-Delivery-Id': _i, ...headers } = d().headers;
    expect(accept('inboundflow', { headers, body: d().body })).toMatchObject({ type: 'call.completed', deliveryId: sample['delivery_id'] });
    expect(accept('inboundflow', { headers: { ...d().headers, 'X-InboundFlow-Event': ' call.completed ' }, body: d().body })).toMatchObject(
      { type: 'call.completed' },
    );
  });

  it('a header is only a fallback, for a body that names no type itself', () => {
    const { event: _event, ...untyped } = sample as Record<string, unknown>;
    const signed = sign('inboundflow', untyped, { secret: secretFor('inboundflow'), timestamp: NOW_S });
    const r = receive(
      'inboundflow',
      { headers: { ...signed.headers, 'X-InboundFlow-Event': 'call.completed' }, body: signed.body },
      { ...options('inboundflow'), onInvalidPayload: 'pass' },
    );
    expect(r).toMatchObject({ ok: true, event: { type: 'call.completed', issues: [expect.objectContaining({ path: 'event' })] } });
  });
});

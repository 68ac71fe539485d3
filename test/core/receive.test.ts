import { createHmac } from 'node:crypto';
import { getPlatform, PLATFORMS, receive, sign, type HookError } from '../../shared';
import { allEvents, NOW_MS, NOW_S, secretFor } from './helpers';

const contact = { event: 'contact_created', id: 7, name: 'Ana <Admin> & Co', email: null, phone_number: null, identifier: null };

describe('receive(): sign → receive round trip', () => {
  it.each(allEvents().map(([p, e]) => [p, e.type, e] as const))('%s %s', (platform, type, event) => {
    const secret = secretFor(platform);
    const delivery = sign(platform, event.sample, { secret, timestamp: NOW_S });
    const result = receive(platform, delivery, { secrets: [secret], now: NOW_MS });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toMatchObject({ platform, verified: true, issues: [], known: !getPlatform(platform).openEvents });
    if (type !== '*') expect(result.event.type).toBe(type);
    expect(result.event.deliveryId.length).toBeGreaterThan(0);
    expect(Date.parse(result.event.occurredAt)).not.toBeNaN();
    expect(result.event.data).toEqual(JSON.parse(delivery.body));
  });

  it('types data by platform and event (compile-time discriminated union)', () => {
    const r = receive('conversa', sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 's', timestamp: NOW_S }), {
      secrets: 's',
      now: NOW_MS,
    });
    if (r.ok && r.event.type === 'message_created') {
      const messageType: string | number = r.event.data.message_type;
      const inbox: string = r.event.data.inbox.name;
      expect([messageType, inbox]).toEqual(['incoming', 'WhatsApp Ventas']);
      const conversationId: number = r.event.data.conversation.id;
      // @ts-expect-error the inbox name is typed as a string
      const notBoolean: boolean = r.event.data.inbox.name;
      expect([conversationId, notBoolean]).toEqual([41, 'WhatsApp Ventas']);
    } else throw new Error('expected message_created');
  });
});

describe('receive(): typed errors, never a throw', () => {
  const secret = 'k';
  const good = () =>
    sign('horneross', { id: 'evt_1', type: 'lead.captured', data: { conversationId: 'conv_1', contact: { email: 'a@b.c' } } }, { secret });
  const expectError = (r: ReturnType<typeof receive>, code: HookError['code'], status: number) => {
    expect(r).toMatchObject({ ok: false, error: { code, status } });
    if (!r.ok) {
      expect(r.error.message).not.toContain(secret === 'k' ? 'top-secret-value' : secret);
      expect(r.error.message.length).toBeGreaterThan(5);
    }
  };

  it('wrong signature → 401 invalid_signature', () => {
    expectError(
      receive('horneross', { ...good(), headers: { 'X-Horneross-Signature': 'a'.repeat(64) } }, { secrets: secret }),
      'invalid_signature',
      401,
    );
  });
  it('missing signature when a secret is set → 401 missing_signature', () => {
    expectError(receive('horneross', { body: good().body }, { secrets: secret }), 'missing_signature', 401);
  });
  it('malformed JSON (correctly signed) → 400 invalid_json', () => {
    const body = '{"type": "lead.captured", ';
    expectError(receive('horneross', sign('horneross', body, { secret }), { secrets: secret }), 'invalid_json', 400);
  });
  it('a JSON value that is not an object → 422 invalid_payload', () => {
    expectError(receive('horneross', sign('horneross', '[1,2]', { secret }), { secrets: secret }), 'invalid_payload', 422);
  });
  it('unknown event → 422 unknown_event; allowUnknownEvents passes it on as known: false', () => {
    const d = sign('horneross', { type: 'invoice.paid', data: {} }, { secret });
    expectError(receive('horneross', d, { secrets: secret }), 'unknown_event', 422);
    expect(receive('horneross', d, { secrets: secret, allowUnknownEvents: true })).toMatchObject({
      ok: true,
      event: { type: 'invoice.paid', known: false },
    });
  });
  it('no event type at all → 422 unknown_event', () => {
    expectError(receive('horneross', sign('horneross', { data: {} }, { secret }), { secrets: secret }), 'unknown_event', 422);
  });
  it('payload failing its schema → 422 invalid_payload with issues, or passed on with issues', () => {
    const d = sign('horneross', { type: 'lead.captured', data: { contact: {} } }, { secret });
    const rejected = receive('horneross', d, { secrets: secret });
    expectError(rejected, 'invalid_payload', 422);
    if (!rejected.ok) expect(rejected.error.issues).toEqual([expect.objectContaining({ path: 'data.conversationId' })]);
    const passed = receive('horneross', d, { secrets: secret, onInvalidPayload: 'pass' });
    expect(passed).toMatchObject({ ok: true, event: { issues: [expect.objectContaining({ path: 'data.conversationId' })] } });
  });
  it('oversized body → 413 body_too_large before any work', () => {
    expectError(
      receive('horneross', { ...good(), body: 'x'.repeat(2048) }, { secrets: secret, maxBodyBytes: 1024 }),
      'body_too_large',
      413,
    );
    expectError(
      receive('horneross', { ...good(), body: new Uint8Array(1025) }, { secrets: secret, maxBodyBytes: 1024 }),
      'body_too_large',
      413,
    );
  });
  it('missing timestamp header → 400 missing_header; stale → 401 timestamp_out_of_tolerance', () => {
    const d = sign('inboundflow', PLATFORMS.inboundflow.events[0].sample, { secret, timestamp: NOW_S - 301 });
    expectError(receive('inboundflow', d, { secrets: secret, now: NOW_MS }), 'timestamp_out_of_tolerance', 401);
    expect(receive('inboundflow', d, { secrets: secret, now: NOW_MS, toleranceSeconds: 600 }).ok).toBe(true);
    const { 'X-InboundFlow-Timestamp': _t, ...headers } = d.headers;
    expectError(receive('inboundflow', { headers, body: d.body }, { secrets: secret, now: NOW_MS }), 'missing_header', 400);
  });
  it('a body that is not raw bytes (an already parsed object) → 400 invalid_request', () => {
    expectError(
      receive('horneross', { body: { type: 'lead.captured' } as unknown as string }, { secrets: secret }),
      'invalid_request',
      400,
    );
    expectError(receive('horneross', undefined as never), 'invalid_request', 400);
  });
  it('unknown platform → unknown_platform; required signature without a secret → no_secret_configured', () => {
    expectError(receive('nope' as never, good()), 'unknown_platform', 500);
    expectError(receive('horneross', good()), 'no_secret_configured', 500);
  });
  it('never echoes the secret or the signature in an error', () => {
    const topSecret = 'top-secret-value';
    const d = sign('horneross', good().body, { secret: 'other' });
    const r = receive('horneross', d, { secrets: [topSecret] });
    expect(JSON.stringify(r)).not.toContain(topSecret);
    expect(JSON.stringify(r)).not.toContain(d.headers['X-Horneross-Signature']);
  });
});

describe('receive(): verification on the raw bytes', () => {
  it("verifies Chatwoot's Rails escaping (\\u003c) as sent; JSON.stringify of the parsed body would not match", () => {
    const d = sign('conversa', contact, { secret: 'cw', timestamp: NOW_S });
    expect(d.body).toContain('\\u003cAdmin\\u003e \\u0026 Co');
    const r = receive('conversa', d, { secrets: 'cw', now: NOW_MS });
    expect(r).toMatchObject({ ok: true, event: { signatureForm: 'raw', data: { name: 'Ana <Admin> & Co' } } });
    expect(JSON.stringify(JSON.parse(d.body))).not.toBe(d.body);
  });

  it('does not fall back to re-serialised JSON for Chatwoot, which signs its bytes', () => {
    const compact = JSON.stringify(contact);
    const sig = createHmac('sha256', 'cw').update(`${NOW_S}.${compact}`).digest('hex');
    const pretty = JSON.stringify(contact, null, 2);
    const r = receive(
      'conversa',
      { headers: { 'X-Chatwoot-Signature': `sha256=${sig}`, 'X-Chatwoot-Timestamp': String(NOW_S) }, body: pretty },
      { secrets: 'cw', now: NOW_MS },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_signature' } });
  });

  it.each([
    ['escaped slashes', (j: string) => j.replace(/\//g, '\\/')],
    ['pretty printing', (j: string) => JSON.stringify(JSON.parse(j), null, 2)],
    [
      '\\u escapes for non-ASCII',
      (j: string) => j.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ],
  ])('InboundFlow/Horneross sign JSON.stringify(body): a wire body with %s verifies via the re-serialised form', (_name, rewrite) => {
    for (const platform of ['inboundflow', 'horneross'] as const) {
      const sample = { ...PLATFORMS[platform].events[0].sample, note: 'https://x.example/á' };
      const signed = sign(platform, sample, { secret: 'k', timestamp: NOW_S });
      const wire = rewrite(signed.body);
      expect(wire).not.toBe(signed.body);
      const r = receive(platform, { headers: signed.headers, body: wire }, { secrets: 'k', now: NOW_MS });
      expect(r).toMatchObject({ ok: true, event: { signatureForm: 'reserialized' } });
    }
  });

  it('key order: a sender that re-orders keys verifies only on the raw bytes it signed', () => {
    const body = '{"type":"lead.captured","data":{"conversationId":"c","contact":{"email":"a@b"}},"2":"x","1":"y"}';
    const signed = sign('horneross', body, { secret: 'k' });
    expect(receive('horneross', signed, { secrets: 'k' })).toMatchObject({ ok: true, event: { signatureForm: 'raw' } });
    // V8 moves integer-like keys first, so JSON.stringify(JSON.parse(body)) differs: never verify that form for raw-signing senders.
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
  });

  it('accepts the body as a string, a Buffer or a Uint8Array view', () => {
    const d = sign('horneross', PLATFORMS.horneross.events[1].sample, { secret: 'k' });
    const bytes = Buffer.from(d.body);
    const padded = new Uint8Array(bytes.byteLength + 8);
    padded.set(bytes, 4);
    for (const body of [d.body, bytes, new Uint8Array(bytes), padded.subarray(4, 4 + bytes.byteLength)]) {
      expect(receive('horneross', { headers: d.headers, body }, { secrets: 'k' })).toMatchObject({ ok: true, event: { verified: true } });
    }
  });
});

describe('receive(): headers in any form', () => {
  const d = () =>
    sign('inboundflow', { ...PLATFORMS.inboundflow.events[2].sample, delivery_id: 'dlv-1' }, { secret: 'k', timestamp: NOW_S });
  const variants: [string, (h: Record<string, string>) => unknown][] = [
    ['lower case', (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))],
    ['upper case', (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]))],
    ['array values (Node IncomingHttpHeaders)', (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]]))],
    ['a Fetch Headers object', (h) => new Headers(h)],
    ["Zapier's Http- prefix", (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [`Http-${k}`, v]))],
  ];
  it.each(variants)('%s', (_name, transform) => {
    const delivery = d();
    const r = receive('inboundflow', { headers: transform(delivery.headers) as never, body: delivery.body }, { secrets: 'k', now: NOW_MS });
    expect(r).toMatchObject({ ok: true, event: { deliveryId: 'dlv-1', type: 'appointment.booked' } });
  });
});

describe('receive(): signature policy', () => {
  const unsignedChatwoot = () => sign('conversa', contact);
  it('without a secret, refuses unless allowUnsigned is set, then marks the event unverified', () => {
    expect(receive('conversa', unsignedChatwoot())).toMatchObject({ ok: false, error: { code: 'no_secret_configured', status: 500 } });
    expect(receive('conversa', unsignedChatwoot(), { allowUnsigned: true })).toMatchObject({
      ok: true,
      event: { verified: false, signatureForm: 'none' },
    });
  });
  it('with a secret, requires the signature unless allowUnsigned is set (Chatwoot < 4.12)', () => {
    expect(receive('conversa', unsignedChatwoot(), { secrets: 'cw' })).toMatchObject({ ok: false, error: { code: 'missing_signature' } });
    expect(receive('conversa', unsignedChatwoot(), { secrets: 'cw', allowUnsigned: true })).toMatchObject({
      ok: true,
      event: { verified: false },
    });
  });
  it('with allowUnsigned, a present but wrong signature is still rejected', () => {
    const forged = sign('conversa', contact, { secret: 'not-cw' });
    expect(receive('conversa', forged, { secrets: 'cw', allowUnsigned: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_signature' },
    });
  });
});

describe('receive(): delivery id and event time', () => {
  it('reads the delivery id from the header or body, else a stable SHA-256 of the raw body', () => {
    const iris = PLATFORMS.iris.events[0].sample;
    const body = JSON.stringify(iris);
    const a = receive('iris', { body }, { allowUnsigned: true });
    const b = receive('iris', { body }, { allowUnsigned: true });
    expect(a.ok && b.ok && a.event.deliveryId === b.event.deliveryId && a.event.deliveryId.startsWith('sha256:')).toBe(true);
    const modyo = receive(
      'modyo',
      { body: JSON.stringify(getPlatform('modyo').events.find((e) => e.type === 'entry_created_log')!.sample) },
      { allowUnsigned: true },
    );
    expect(modyo).toMatchObject({ ok: true, event: { deliveryId: expect.stringMatching(/^\d+$/) } });
    expect(
      receive('conversa', { headers: { 'x-chatwoot-delivery': 'uuid-1' }, body: JSON.stringify(contact) }, { allowUnsigned: true }),
    ).toMatchObject({ ok: true, event: { deliveryId: 'uuid-1' } });
  });

  it("normalises event times: Iris' 7 fraction digits, Chatwoot's float unix, Modyo offsets; falls back to receipt time", () => {
    const at = (platform: Parameters<typeof receive>[0], payload: object, headers = {}) => {
      const r = receive(
        platform,
        { headers, body: JSON.stringify(payload) },
        { now: NOW_MS, allowUnknownEvents: true, allowUnsigned: true },
      );
      return r.ok ? r.event.occurredAt : r.error.code;
    };
    expect(at('iris', { Event: 'INTERACTION_IN_CREATED_EVT', Created: '2025-06-25T12:09:31.8490000Z', Payload: {} })).toBe(
      '2025-06-25T12:09:31.849Z',
    );
    expect(at('conversa', { ...PLATFORMS.conversa.events[0].sample })).toBe('2025-07-27T23:30:02.722Z');
    expect(at('modyo', { ...PLATFORMS.modyo.events[0]!.sample, created_at: '2025-06-16T10:50:22.000-04:00' })).toBe(
      '2025-06-16T14:50:22.000Z',
    );
    expect(at('conversa', contact)).toBe(new Date(NOW_MS).toISOString());
    expect(at('conversa', contact, { 'X-Chatwoot-Timestamp': String(NOW_S - 5) })).toBe(new Date(NOW_MS - 5000).toISOString());
  });

  it("derives Modyo's compact event type as e_c + '_' + e_a", () => {
    const compact = getPlatform('modyo').events.find((e) => e.type === 'origination_task_response_completed_log')!.sample;
    expect(receive('modyo', { body: JSON.stringify(compact) }, { allowUnsigned: true })).toMatchObject({
      ok: true,
      event: { type: 'origination_task_response_completed_log' },
    });
  });
});

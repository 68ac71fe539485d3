import { Webhook } from 'standardwebhooks';
import { receive, sign, standardWebhooksKey, standardWebhooksSignature } from '../../shared';
import { NOW_MS, NOW_S, WHSEC } from './helpers';

const body = '{"type":"invoice.paid","data":{"id":"inv_1"}}';

describe('Standard Webhooks', () => {
  it('matches the spec test vector', () => {
    expect(standardWebhooksSignature(WHSEC, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('hands out a copy of the key bytes: changing it changes no later signature', () => {
    const before = standardWebhooksSignature(WHSEC, 'msg_k', 1614265330, body);
    standardWebhooksKey(WHSEC)!.fill(0);
    expect(standardWebhooksKey(WHSEC)).toEqual(Buffer.from(WHSEC.slice('whsec_'.length), 'base64'));
    expect(standardWebhooksSignature(WHSEC, 'msg_k', 1614265330, body)).toBe(before);
  });

  it("produces signatures the reference library accepts, and accepts the reference library's", () => {
    const signed = sign('standard', body, { secret: WHSEC, deliveryId: 'msg_1', timestamp: Math.floor(Date.now() / 1000) });
    expect(() => new Webhook(WHSEC).verify(signed.body, signed.headers)).not.toThrow();

    const ts = new Date();
    const refSig = new Webhook(WHSEC).sign('msg_2', ts, body);
    const result = receive(
      'standard',
      {
        headers: { 'webhook-id': 'msg_2', 'webhook-timestamp': String(Math.floor(ts.getTime() / 1000)), 'webhook-signature': refSig },
        body,
      },
      { secrets: WHSEC },
    );
    expect(result.ok).toBe(true);
  });

  it('accepts any matching entry of a space-separated list (sender-side rotation)', () => {
    const signed = sign('standard', body, { secret: WHSEC, deliveryId: 'msg_3', timestamp: NOW_S });
    const other = standardWebhooksSignature('whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', 'msg_3', NOW_S, body);
    const headers = { ...signed.headers, 'webhook-signature': `v1a,xyz ${other}  ${signed.headers['webhook-signature']}` };
    expect(receive('standard', { headers, body }, { secrets: WHSEC, now: NOW_MS }).ok).toBe(true);
  });

  it('accepts any of several configured secrets (receiver-side rotation)', () => {
    const signed = sign('standard', body, { secret: WHSEC, deliveryId: 'msg_4', timestamp: NOW_S });
    const r = receive('standard', { ...signed }, { secrets: ['whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', WHSEC], now: NOW_MS });
    expect(r.ok).toBe(true);
  });

  it.each([
    ['v1,<good>,junk', (sig: string) => `${sig},junk`],
    ['unpadded base64', (sig: string) => sig.replace(/=$/, '')],
    ['comma-joined list', (sig: string) => `v1,AAAA,${sig}`],
    ['v2 only', (sig: string) => sig.replace('v1,', 'v2,')],
  ])('rejects a malformed signature list: %s', (_name, mutate) => {
    const signed = sign('standard', body, { secret: WHSEC, deliveryId: 'msg_5', timestamp: NOW_S });
    const headers = { ...signed.headers, 'webhook-signature': mutate(signed.headers['webhook-signature']!) };
    const r = receive('standard', { headers, body }, { secrets: WHSEC, now: NOW_MS });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_signature', status: 401 } });
  });

  it.each(['1700000000abc', '1760000000000', '-1', ' '])('rejects a timestamp that is not unix seconds: %j', (ts) => {
    const signed = sign('standard', body, { secret: WHSEC, deliveryId: 'msg_6', timestamp: NOW_S });
    const r = receive('standard', { headers: { ...signed.headers, 'webhook-timestamp': ts }, body }, { secrets: WHSEC, now: NOW_MS });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['invalid_header', 'missing_header']).toContain(r.error.code);
  });

  it('checks the tolerance in both directions, inclusive at the edge', () => {
    const at = (offset: number) => {
      const signed = sign('standard', body, { secret: WHSEC, deliveryId: 'msg_7', timestamp: NOW_S + offset });
      return receive('standard', signed, { secrets: WHSEC, now: NOW_MS });
    };
    expect(at(-300).ok).toBe(true);
    expect(at(300).ok).toBe(true);
    expect(at(-301)).toMatchObject({ ok: false, error: { code: 'timestamp_out_of_tolerance' } });
    expect(at(301)).toMatchObject({ ok: false, error: { code: 'timestamp_out_of_tolerance' } });
  });

  it('verifies raw bytes that are not valid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"type":"x.y","data":{"b":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const sig = standardWebhooksSignature(WHSEC, 'msg_8', NOW_S, bytes);
    const r = receive(
      'standard',
      { headers: { 'webhook-id': 'msg_8', 'webhook-timestamp': String(NOW_S), 'webhook-signature': sig }, body: new Uint8Array(bytes) },
      { secrets: WHSEC, now: NOW_MS },
    );
    expect(r).toMatchObject({ ok: true, event: { verified: true, type: 'x.y' } });
  });
});

describe('HMAC hex schemes', () => {
  const chatwoot = (payload: object, secret = 'cw-secret') =>
    sign('conversa', { event: 'contact_created', id: 1, name: 'Ana', ...payload }, { secret, timestamp: NOW_S });

  it('accepts an uppercase hex digest (hex is decoded, not compared as text)', () => {
    const signed = chatwoot({});
    const [prefix, hex] = signed.headers['X-Chatwoot-Signature']!.split('=');
    const headers = { ...signed.headers, 'X-Chatwoot-Signature': `${prefix}=${hex!.toUpperCase()}` };
    expect(receive('conversa', { headers, body: signed.body }, { secrets: 'cw-secret', now: NOW_MS }).ok).toBe(true);
  });

  it('requires the documented sha256= prefix', () => {
    const signed = chatwoot({});
    const headers = { ...signed.headers, 'X-Chatwoot-Signature': signed.headers['X-Chatwoot-Signature']!.slice('sha256='.length) };
    expect(receive('conversa', { headers, body: signed.body }, { secrets: 'cw-secret', now: NOW_MS })).toMatchObject({
      ok: false,
      error: { code: 'invalid_signature' },
    });
  });

  it.each([
    ['truncated', (s: string) => s.slice(0, -2)],
    ['too long', (s: string) => `${s}00`],
    ['odd length', (s: string) => s.slice(0, -1)],
    ['non-hex', (s: string) => `${s.slice(0, -1)}z`],
    ['non-ASCII byte', (s: string) => `${s.slice(0, -1)}é`],
    ['empty after prefix', () => 'sha256='],
  ])('answers invalid_signature, never throws, for a %s signature', (_name, mutate) => {
    const signed = chatwoot({});
    const headers = { ...signed.headers, 'X-Chatwoot-Signature': mutate(signed.headers['X-Chatwoot-Signature']!) };
    expect(receive('conversa', { headers, body: signed.body }, { secrets: 'cw-secret', now: NOW_MS })).toMatchObject({
      ok: false,
      error: { code: 'invalid_signature', status: 401 },
    });
  });

  it('signs timestamp.body, not the body alone (the chatwoot#13809 mistake)', () => {
    const signed = chatwoot({});
    const { createHmac } = require('node:crypto') as typeof import('node:crypto');
    const bodyOnly = `sha256=${createHmac('sha256', 'cw-secret').update(signed.body).digest('hex')}`;
    const headers = { ...signed.headers, 'X-Chatwoot-Signature': bodyOnly };
    expect(receive('conversa', { headers, body: signed.body }, { secrets: 'cw-secret', now: NOW_MS }).ok).toBe(false);
  });

  it('requires the timestamp header that the signature covers', () => {
    const signed = chatwoot({});
    const { 'X-Chatwoot-Timestamp': _ts, ...headers } = signed.headers;
    expect(receive('conversa', { headers, body: signed.body }, { secrets: 'cw-secret', now: NOW_MS })).toMatchObject({
      ok: false,
      error: { code: 'missing_header', status: 400 },
    });
  });
});

describe('shared token (Iris, Modyo)', () => {
  const payload = { Event: 'INTERACTION_IN_CREATED_EVT', Created: '2025-06-25T12:09:31.8490000Z', Payload: {} };

  it('accepts the token in X-Hookline-Token, in Authorization: Bearer, or in a custom header', () => {
    const body = JSON.stringify(payload);
    expect(receive('iris', { headers: { 'x-hookline-token': 'tok' }, body }, { secrets: 'tok' }).ok).toBe(true);
    expect(receive('iris', { headers: { Authorization: 'Bearer tok' }, body }, { secrets: 'tok' }).ok).toBe(true);
    expect(receive('iris', { headers: { 'X-Iris-Key': 'tok' }, body }, { secrets: 'tok', tokenHeader: 'X-Iris-Key' }).ok).toBe(true);
  });

  it('rejects a wrong token of any length in constant time, and a missing one', () => {
    const body = JSON.stringify(payload);
    for (const token of ['tok2', 't', 'x'.repeat(500)]) {
      expect(receive('iris', { headers: { 'x-hookline-token': token }, body }, { secrets: 'tok' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_signature' },
      });
    }
    expect(receive('iris', { headers: {}, body }, { secrets: 'tok' })).toMatchObject({
      ok: false,
      error: { code: 'missing_signature', status: 401 },
    });
  });
});

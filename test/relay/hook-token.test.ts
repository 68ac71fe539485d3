import { createHmac } from 'node:crypto';
import { findEvent, HOOK_TOKEN_HEADER, hookToken, sign } from '../../shared';
import { api, post, relay, startSubscriber, until } from './support';

/** The per-hook token for receivers that cannot verify signatures (Make): returned once, sent on every fan-out. */
describe('hook token', () => {
  it('is derived from the secret: stable, distinct per hook, not the secret', () => {
    const a = 'whsec_' + Buffer.from('hook-token-test-secret-aaaaaaaaa').toString('base64');
    const b = 'whsec_' + Buffer.from('hook-token-test-secret-bbbbbbbbb').toString('base64');
    expect(hookToken(a)).toBe(hookToken(a));
    expect(hookToken(a)).not.toBe(hookToken(b));
    expect(hookToken(a)).toMatch(/^hlt_[A-Za-z0-9_-]{43}$/);
    expect(hookToken(a)).not.toContain(a.slice(6, 20));
    expect(() => hookToken('not a whsec secret!')).toThrow(TypeError);
  });

  it("is HMAC-SHA256 of its context under the secret's key bytes, the same however many other secrets were seen since (the per-secret cache)", () => {
    const key = Buffer.from('hook-token-cache-secret-cccccccc');
    const secret = `whsec_${key.toString('base64')}`;
    const expected = `hlt_${createHmac('sha256', key).update('hookline-token/v1').digest('base64url')}`;
    expect(hookToken(secret)).toBe(expected);
    for (let i = 0; i < 600; i++) hookToken(`whsec_${Buffer.from(`other-${i}`).toString('base64')}`);
    expect(hookToken(secret)).toBe(expected);
  });

  it('POST /hooks returns it once and every fan-out of that hook carries it', async () => {
    const subscriber = await startSubscriber();
    const r = await relay({ sources: [{ id: 'hx', platform: 'horneross', secrets: ['s3cret-horneross'] }] });
    try {
      const one = await api(r.url, 'POST', '/hooks', { url: `${subscriber.url}?n=1`, platform: 'horneross' });
      const two = await api(r.url, 'POST', '/hooks', { url: `${subscriber.url}?n=2`, platform: 'horneross' });
      expect(one.status).toBe(201);
      expect(one.json!['token']).toBe(hookToken(one.json!['secret'] as string));
      expect(two.json!['token']).not.toBe(one.json!['token']);
      const listed = await api(r.url, 'GET', '/hooks');
      expect(JSON.stringify(listed.json)).not.toContain(one.json!['token'] as string);

      const delivery = sign('horneross', findEvent('horneross', 'lead.captured')!.sample, { secret: 's3cret-horneross' });
      expect((await post(`${r.url}/in/hx`, delivery)).status).toBe(202);
      expect(await until(() => subscriber.received.length === 2)).toBe(true);
      const tokens = subscriber.received.map((d) => d.headers[HOOK_TOKEN_HEADER]).sort();
      expect(tokens).toEqual([one.json!['token'], two.json!['token']].sort());
    } finally {
      await r.close();
      await subscriber.close();
    }
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from '../cli/run-cli';
import { API_KEY, api, relay } from './support';

/** `hookline keys create|list|revoke` against a running relay, as an operator would use it. */
describe('hookline keys', () => {
  it('creates a scoped key shown once, lists it without the key, and revokes it', async () => {
    const r = await relay({ sources: [{ id: 'hx', platform: 'horneross', secrets: ['s'] }] });
    const env = { HOOKLINE_API_KEY: API_KEY };
    try {
      const created = await runCliAsync(
        ['keys', 'create', '--url', r.url, '--name', 'Zapier: sales', '--source', 'hx', '--platform', 'modyo'],
        env,
      );
      expect(created.status).toBe(0);
      const [summary, key] = created.stdout.trim().split('\n');
      expect(summary).toMatch(/^key_[0-9a-f]{16} \(Zapier: sales\): sources hx; platforms modyo$/);
      expect(key).toMatch(/^hlsk_/);
      expect(created.stderr).toMatch(/cannot show it again/);
      expect((await api(r.url, 'GET', '/me', undefined, key)).json).toMatchObject({
        kind: 'subscriber',
        name: 'Zapier: sales',
        scope: { sources: ['hx'], platforms: ['modyo'] },
      });

      const listed = await runCliAsync(['keys', 'list', '--url', r.url, '--json'], env);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'Zapier: sales', revokedAt: null })]);
      expect(listed.stdout).not.toContain(key!.slice(22));

      const id = summary!.split(' ')[0]!;
      const revoked = await runCliAsync(['keys', 'revoke', id, '--url', r.url, '--api-key', API_KEY]);
      expect(revoked).toMatchObject({ status: 0, stdout: `Revoked ${id}; its hooks are disabled.\n` });
      expect((await api(r.url, 'GET', '/me', undefined, key)).status).toBe(401);
    } finally {
      await r.close();
    }
  }, 60_000);

  it('says what is wrong: no scope, an unknown source, a subscriber key instead of the admin key, no key at all', async () => {
    const r = await relay();
    try {
      const sub = (await api(r.url, 'POST', '/keys', { name: 'z', scope: { platforms: ['iris'] } })).json!['key'] as string;
      const [noScope, unknown, notAdmin, noKey] = await Promise.all([
        runCliAsync(['keys', 'create', '--url', r.url, '--name', 'x'], { HOOKLINE_API_KEY: API_KEY }),
        runCliAsync(['keys', 'create', '--url', r.url, '--name', 'x', '--source', 'nope'], { HOOKLINE_API_KEY: API_KEY }),
        runCliAsync(['keys', 'list', '--url', r.url, '--api-key', sub]),
        runCliAsync(['keys', 'list', '--url', r.url], { HOOKLINE_API_KEY: '' }, mkdtempSync(join(tmpdir(), 'hookline-keys-'))),
      ]);
      expect([noScope.status, unknown.status, notAdmin.status, noKey.status]).toEqual([2, 2, 2, 2]);
      expect(noScope.stderr).toMatch(/at least one --source or --platform/);
      expect(unknown.stderr).toMatch(/No source nope/);
      expect(notAdmin.stderr).toMatch(/Only the admin key may do this/);
      expect(noKey.stderr).toMatch(/admin key/);
      for (const out of [noScope, unknown, notAdmin, noKey]) expect(out.stderr + out.stdout).not.toContain(API_KEY);
    } finally {
      await r.close();
    }
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import { API_KEY, api, startSubscriber, until } from './support';

const ROOT = join(__dirname, '../..');
const SECRET = 'crash-secret';
const sample = PLATFORMS.horneross.events[1].sample;

function startRelayProcess(db: string, config: string, port = 0): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'cli/index.ts'),
      'relay',
      '--port',
      String(port),
      '--db',
      db,
      '--config',
      config,
      '--allow-private-destinations',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, HOOKLINE_API_KEY: API_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`relay exited ${code}: ${out}`)));
  });
}

describe('relay crash safety (kill -9)', () => {
  it('delivers every delivery it acknowledged with 2xx after a kill -9 mid-burst and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-crash-'));
    const db = join(dir, 'relay.sqlite');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ sources: [{ id: 'hx', platform: 'horneross', secrets: [SECRET] }] }));
    const sub = await startSubscriber();
    let relay = await startRelayProcess(db, config);
    try {
      await api(relay.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
      const acknowledged = new Set<string>();
      let sent = 0;
      let killed = false;
      const lane = async () => {
        for (;;) {
          const seq = sent++;
          if (seq >= 400) return;
          if (seq === 150 && !killed) {
            killed = true;
            relay.child.kill('SIGKILL');
          }
          const d = sign('horneross', freshPayload('horneross', sample, seq), { secret: SECRET });
          try {
            const res = await fetch(`${relay.url}/in/hx`, { method: 'POST', headers: d.headers, body: d.body });
            const json = (await res.json()) as { id?: string };
            if (res.status === 202 && json.id) acknowledged.add(json.id);
          } catch {
            if (killed) return; // connection refused or reset after the kill: not acknowledged
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, lane));
      expect(killed).toBe(true);
      await new Promise((r) => (relay.child.exitCode !== null || relay.child.signalCode !== null ? r(null) : relay.child.once('exit', r)));
      expect(acknowledged.size).toBeGreaterThan(50);

      relay = await startRelayProcess(db, config);
      const gotAll = await until(() => [...acknowledged].every((id) => sub.received.some((x) => x.headers['webhook-id'] === id)), {
        tries: 1500,
      });
      const missing = [...acknowledged].filter((id) => !sub.received.some((x) => x.headers['webhook-id'] === id));
      expect(missing).toEqual([]);
      expect(gotAll).toBe(true);
    } finally {
      relay.child.kill('SIGKILL');
      await sub.close();
    }
  }, 90_000);
});

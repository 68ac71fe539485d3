import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { startSubscriber, until, type Subscriber } from '../relay/support';
import { ROOT } from './support';

/** The README's quick start, run as written on a fresh clone of this commit. */
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## What is in the box'));
const blocks = [...quickStart.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
const commands = (block: string) =>
  block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
const userShellEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'HOOKLINE_API_KEY' && k !== 'NODE_ENV'),
  );

/** The top-level JSON objects at the start of a text (curl -s prints its answers back to back). */
function leadingJsonObjects(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
    } else if (depth === 0 && !/\s/.test(c!)) {
      break;
    }
  }
  return out;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('README quick start on a fresh clone', () => {
  let clone: string;
  let subscriber: Subscriber;
  beforeAll(async () => {
    clone = join(mkdtempSync(join(tmpdir(), 'hookline-clone-')), 'hookline');
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
    subscriber = await startSubscriber();
  });
  afterAll(async () => subscriber?.close());

  it('has the commands this test runs: npm start and npm test, then the API calls and a signed send', () => {
    expect(blocks).toHaveLength(2);
    expect(commands(blocks[0]!)).toEqual(['npm start', 'npm test']);
    expect(blocks[1]).toContain('npm run hookline -- send horneross lead.captured');
    expect(blocks[1]).toContain('https://example.com/hook');
  });

  it('npm start serves the relay on 127.0.0.1:8787; the API calls and `npm run hookline -- send` work as written', async () => {
    // npm test, the block's second command, is CI's first step on the same commit.
    expect(await portInUse(8787)).toBe(false);
    // The test's subscriber stands in for https://example.com/hook on loopback, which the relay refuses
    // unless told to allow private destinations (local development); nothing else differs from the README.
    const relay = spawn('bash', ['-c', commands(blocks[0]!)[0]!], {
      cwd: clone,
      env: { ...userShellEnv(), HOOKLINE_ALLOW_PRIVATE_DESTINATIONS: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    relay.stdout!.on('data', (d) => (log += d));
    relay.stderr!.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((resolve) => relay.once('exit', (code) => resolve(code)));
    try {
      // The first start installs the dependencies from the lockfile and builds better-sqlite3.
      expect(
        await until(() => /Hookline relay listening on http:\/\/127\.0\.0\.1:8787/.test(log) || relay.exitCode !== null, {
          tries: 1200,
          everyMs: 500,
        }),
      ).toBe(true);
      expect(log).toMatch(/admin API key generated into \.hookline\/api-key/);
      const key = readFileSync(join(clone, '.hookline/api-key'), 'utf8').trim();
      expect(log).not.toContain(key);

      // Subscribers must be on loopback here: the example's https://example.com/hook becomes a local one.
      const script = `set -euo pipefail\n${blocks[1]!.replace('https://example.com/hook', subscriber.url)}`;
      const r = spawnSync('bash', ['-c', script], { cwd: clone, env: userShellEnv(), encoding: 'utf8', timeout: 300_000 });
      expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
      const [source, hook] = leadingJsonObjects(r.stdout) as [{ ingestUrl: string }, { secret: string; status: string }];
      expect(source.ingestUrl).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):8787\/in\/horneross$/);
      expect(hook).toMatchObject({ status: 'active', secret: expect.stringMatching(/^whsec_/) });
      expect(await until(() => subscriber.received.length === 1, { tries: 600, everyMs: 50 })).toBe(true);
      const delivered = new Webhook(hook.secret).verify(
        subscriber.received[0]!.body,
        subscriber.received[0]!.headers as Record<string, string>,
      );
      expect(delivered).toMatchObject({ platform: 'horneross', source: 'horneross', type: 'lead.captured' });
    } finally {
      if (relay.exitCode === null) process.kill(-relay.pid!, 'SIGTERM');
      await exited;
    }
  }, 900_000);
});

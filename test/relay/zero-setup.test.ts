import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { api } from './support';

const ROOT = join(__dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** `hookline relay` with no flags, no config and no HOOKLINE_API_KEY, in a fresh folder (only --port 0 so tests can run in parallel). */
function startBare(cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const env = { ...process.env };
  delete env['HOOKLINE_API_KEY'];
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'cli/index.ts'), 'relay', '--port', '0'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 30_000);
    // Resolves once the listening line (stdout) and the start-up note (stderr) have both arrived.
    const check = () => {
      const m = /^Hookline relay listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m && /admin API key/.test(out)) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited ${code}: ${out}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('relay zero-setup start (npm start)', () => {
  it('starts with no flags, generates a 0600 API key file (and a 0600 database in a 0700 directory) it never prints, reuses it, and stops cleanly on SIGTERM and SIGINT', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookline-zero-'));
    const first = await startBare(cwd);
    let key: string;
    try {
      const keyFile = join(cwd, '.hookline/api-key');
      expect(existsSync(join(cwd, '.hookline/relay.sqlite'))).toBe(true);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(cwd, '.hookline')).mode & 0o777).toBe(0o700);
      expect(statSync(join(cwd, '.hookline/relay.sqlite')).mode & 0o777).toBe(0o600);
      key = readFileSync(keyFile, 'utf8').trim();
      expect(key.length).toBeGreaterThanOrEqual(24);
      expect(first.output()).toContain('.hookline/api-key');
      expect(first.output()).not.toContain(key);
      expect((await api(first.url, 'GET', '/hooks', undefined, key)).status).toBe(200);
      expect((await api(first.url, 'GET', '/hooks', undefined, 'not-the-key')).status).toBe(401);
      first.child.kill('SIGTERM');
      expect(await exited(first.child)).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
    }

    const second = await startBare(cwd);
    try {
      expect(readFileSync(join(cwd, '.hookline/api-key'), 'utf8').trim()).toBe(key);
      expect((await api(second.url, 'GET', '/hooks', undefined, key)).status).toBe(200);
      expect(second.output()).not.toContain(key);
      second.child.kill('SIGINT');
      expect(await exited(second.child)).toBe(0);
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 90_000);
});

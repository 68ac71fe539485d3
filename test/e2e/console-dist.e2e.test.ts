import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built package (`npm run build`, which test:e2e runs first) carries the console: the bundled CLI
 * in dist/cli finds dist/console beside it and serves /console, from any working directory.
 */
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/index.js');

describe('the console in the built package', () => {
  it('is in dist/console and served by node dist/cli/index.js relay', async () => {
    expect(existsSync(join(ROOT, 'dist/console/console.json'))).toBe(true);
    const cwd = mkdtempSync(join(tmpdir(), 'hookline-dist-'));
    const child: ChildProcess = spawn(process.execPath, [CLI, 'relay', '--port', '0'], { cwd, env: { ...process.env, HOOKLINE_API_KEY: 'dist-console-key', HOOKLINE_CONSOLE_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 30_000);
        child.stdout!.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const page = await fetch(`${url}/console`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const script = /src="(console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const asset = await fetch(`${url}/${script}`);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(10_000);
      expect(out).not.toContain('no built console');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { relayRoutes } from '../../shared';
import { CONSOLE_MANIFEST, consoleCandidates, findConsoleDir } from '../../relay/console-assets';
import { CONSOLE_CSP } from '../../relay/routes/console';
import { buildConsole, type ConsoleBuild } from '../../scripts/console/build';
import { ROUTES } from '../../console/src/routes';
import type { Relay } from '../../relay';
import { API_KEY, relay } from '../relay/support';
import { builtConsole } from './support';

const ROOT = join(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** XML namespace names: identifiers that Preact and SVG carry as strings, never fetched. */
const NAMESPACES = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1999/xlink',
]);

describe('the built console', () => {
  let built: ConsoleBuild;
  beforeAll(async () => {
    built = await builtConsole();
  });

  it('has no outside URL in its bundle, style sheet, icon or page', () => {
    const found: string[] = [];
    for (const file of files(built.dir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>\\]+/gi))
        if (!NAMESPACES.has(m[0].replace(/[.,;]+$/, ''))) found.push(`${file}: ${m[0]}`);
      // Protocol-relative references and style sheet imports or urls would reach another host too.
      for (const m of text.matchAll(/(?:src|href)\s*=\s*["']\/\/[^"']*/gi)) found.push(`${file}: ${m[0]}`);
      for (const m of text.matchAll(/@import|url\(\s*(?!['"]?data:)/gi)) found.push(`${file}: ${m[0]}`);
    }
    expect(found).toEqual([]);
    const html = readFileSync(join(built.dir, 'index.html'), 'utf8');
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(m[1]).toMatch(/^console\/assets\/[A-Za-z0-9._-]+$/);
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('is small: Preact and the whole console in one script', () => {
    const js = built.files.find((f) => f.name.endsWith('.js'))!;
    const css = built.files.find((f) => f.name.endsWith('.css'))!;
    process.stdout.write(
      `console bundle: ${js.name} ${js.bytes} B (${js.gzipBytes} B gzip), ${css.name} ${css.bytes} B (${css.gzipBytes} B gzip)\n`,
    );
    expect(js.gzipBytes).toBeLessThan(40 * 1024);
    expect(css.gzipBytes).toBeLessThan(8 * 1024);
    // The core's zod catalog stays out: the console reads the catalog from the API.
    expect(readFileSync(join(built.dir, js.name), 'utf8')).not.toMatch(/ZodError|safeParse/);
  });

  it('calls only routes of the relay route table, by their name, method and path', () => {
    for (const [name, [method, path]] of Object.entries(ROUTES)) {
      const spec = (relayRoutes as Record<string, { method: string; path: string }>)[name];
      expect({ name, method, path }).toEqual({ name, method: spec?.method, path: spec?.path });
    }
  });
});

describe('the relay serving the console', () => {
  let r: Relay;
  beforeAll(async () => {
    r = await relay({ consoleDir: (await builtConsole()).dir });
  });
  afterAll(async () => {
    await r.close();
  });

  it('serves the page with a strict Content-Security-Policy and no framing, sniffing or referrer', async () => {
    const res = await request(`${r.url}/console`);
    const body = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'none'",
      "require-trusted-types-for 'script'",
    ]) {
      expect(CONSOLE_CSP).toContain(directive);
    }
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    expect(body).toContain('<div id="app">');
    const script = /src="console\/assets\/([^"]+)"/.exec(body)![1]!;
    const asset = await request(`${r.url}/console/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } });
    const zipped = Buffer.from(await asset.body.arrayBuffer());
    expect(asset.statusCode).toBe(200);
    expect(asset.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'gzip',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(gunzipSync(zipped).length).toBeGreaterThan(zipped.length);
    const again = await request(`${r.url}/console/assets/${script}`, { headers: { 'if-none-match': String(asset.headers['etag']) } });
    await again.body.dump();
    expect(again.statusCode).toBe(304);
    for (const path of ['/console/assets/nope.js', `/console/assets/..%2F${CONSOLE_MANIFEST}`, '/console/assets/%2e%2e%2findex.html']) {
      const res404 = await request(`${r.url}${path}`);
      await res404.body.dump();
      expect([400, 404]).toContain(res404.statusCode);
    }
  });

  it('answers other origins nothing that lets them read: no CORS headers, no preflight', async () => {
    const cross = await request(`${r.url}/hooks`, { headers: { origin: 'http://evil.example', authorization: `Bearer ${API_KEY}` } });
    await cross.body.dump();
    expect(cross.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(`${r.url}/hooks`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    await preflight.body.dump();
    expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    // A cookie is not a credential here: only the Authorization header is.
    const cookie = await request(`${r.url}/hooks`, { headers: { cookie: `key=${API_KEY}; authorization=Bearer ${API_KEY}` } });
    await cookie.body.dump();
    expect(cookie.statusCode).toBe(401);
  });

  it('answers 503 with a clear error where no console was built', async () => {
    const bare = await relay({ consoleDir: false });
    try {
      const res = await request(`${bare.url}/console`);
      expect(res.statusCode).toBe(503);
      expect(await res.body.json()).toMatchObject({ error: { code: 'console_not_built' } });
    } finally {
      await bare.close();
    }
  });
});

describe('where the relay finds the built console', () => {
  it('beside the bundled CLI of a built package (dist/cli → dist/console)', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'hookline-pkg-'));
    await buildConsole(join(pkg, 'dist', 'console'));
    expect(findConsoleDir(consoleCandidates(join(pkg, 'dist', 'cli'), {}))).toBe(join(pkg, 'dist', 'console'));
  });

  it('in build/console of a source tree, never the console/ sources themselves; HOOKLINE_CONSOLE_DIR first', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'hookline-tree-'));
    await buildConsole(join(tree, 'console-src-lookalike'));
    const fromRelay = consoleCandidates(join(ROOT, 'relay'), {});
    expect(fromRelay).toContain(join(ROOT, 'build', 'console'));
    expect(findConsoleDir([join(ROOT, 'console')])).toBeUndefined();
    expect(consoleCandidates(join(ROOT, 'relay'), { HOOKLINE_CONSOLE_DIR: join(tree, 'console-src-lookalike') })[0]).toBe(
      join(tree, 'console-src-lookalike'),
    );
  });

  it('npm start from a source tree: tsx cli/index.ts relay serves /console from build/console', async () => {
    await buildConsole(join(ROOT, 'build', 'console'));
    const cwd = mkdtempSync(join(tmpdir(), 'hookline-start-'));
    const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child: ChildProcess = spawn(process.execPath, ['--import', tsx, join(ROOT, 'cli/index.ts'), 'relay', '--port', '0'], {
      cwd,
      env: { ...process.env, HOOKLINE_API_KEY: API_KEY, HOOKLINE_CONSOLE_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
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
      const res = await request(`${url}/console`);
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toContain('console/assets/app-');
      expect(out).not.toContain('no built console');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

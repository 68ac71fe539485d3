import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { PLATFORM_IDS, getPlatform } from '../../shared';
import { requiredPackages } from '../../scripts/packages/bundle';
import { startMakeApiDouble } from '../make/make-api-double';
import { startPostgres, type PgCluster } from '../relay/postgres';
import { api, startSubscriber, until, type Subscriber } from '../relay/support';
import {
  extract,
  hookline,
  hooklineAsync,
  installRelayPackage,
  packed,
  ROOT,
  runtimes,
  startRelayProcess,
  tarball,
  type Installed,
  type Runtime,
} from './support';

const relayPackage = packed().find((p) => p.kind === 'relay')!;
const RUNTIMES = runtimes();
const installs = new Map<string, Installed>();
/** One `npm install --omit=dev <tgz>` per runtime, shared by the tests below. */
const installedOn = (rt: Runtime) =>
  installs.get(rt.label) ?? installs.set(rt.label, installRelayPackage(tarball(relayPackage), rt, 'folder')).get(rt.label)!;
const work = () => mkdtempSync(join(tmpdir(), 'hookline-installed-run-'));
const CATALOG_ROWS = PLATFORM_IDS.reduce((n, id) => n + (getPlatform(id).openEvents ? 1 : getPlatform(id).events.length), 0);

describe('the packed relay/CLI package (hookline)', () => {
  it('ships the bundles, a README and a license, with the npm packages the bundles import as its dependencies', () => {
    const dir = extract(tarball(relayPackage));
    const files = (d: string, base = ''): string[] =>
      readdirSync(join(d, base)).flatMap((f) => (statSync(join(d, base, f)).isDirectory() ? files(d, join(base, f)) : [join(base, f)]));
    const shipped = files(dir).sort();
    expect(shipped.filter((f) => !f.startsWith('dist/console/'))).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli/index.js',
      'dist/shared/index.d.ts',
      'dist/shared/index.js',
      'package.json',
    ]);
    // The web console, built beside the CLI bundle that serves it.
    expect(shipped.filter((f) => f.startsWith('dist/console/'))).toEqual([
      expect.stringMatching(/^dist\/console\/assets\/app-[A-Z0-9]+\.js$/),
      expect.stringMatching(/^dist\/console\/assets\/icon-[0-9a-f]+\.svg$/),
      expect.stringMatching(/^dist\/console\/assets\/style-[A-Z0-9]+\.css$/),
      'dist/console/console.json',
      'dist/console/index.html',
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'hookline', bin: { hookline: 'dist/cli/index.js' }, main: 'dist/shared/index.js' });
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    const imported = [
      ...new Set([...requiredPackages(join(dir, 'dist/cli/index.js')), ...requiredPackages(join(dir, 'dist/shared/index.js'))]),
    ].sort();
    expect([...Object.keys(manifest.dependencies), ...Object.keys(manifest.optionalDependencies ?? {})].sort()).toEqual(imported);
    expect(Object.keys(manifest.optionalDependencies ?? {})).toEqual(['better-sqlite3']); // Node 20's driver only
    expect(imported).toEqual(
      expect.arrayContaining(['better-sqlite3', 'better-sqlite3-napi', 'commander', 'fastify', 'kysely', 'pg', 'undici', 'zod']),
    );
    expect(readFileSync(join(dir, 'dist/cli/index.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('covers Node 20 and Node 24', () => {
    expect(RUNTIMES.map((r) => r.major)).toEqual([20, 24]);
  });
});

describe.each(RUNTIMES.map((rt) => [rt.label, rt] as const))('npm install --omit=dev <tgz> in an empty folder, on %s', (_label, rt) => {
  let inst: Installed;
  beforeAll(() => {
    inst = installedOn(rt);
  }, 900_000);

  it('installs the bin and the better-sqlite3 build the relay opens on this Node (13 via Node-API from 22 on, 12 on Node 20)', () => {
    expect(hookline(inst.bin, rt, ['--version'], work()).stdout.trim()).toBe(relayPackage.version);
    const driver = rt.major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
    const probe = execFileSync(
      'node',
      [
        '-e',
        `const D = require('${driver}'); const db = new D(':memory:'); console.log(db.prepare('select sqlite_version() v').get().v, process.versions.modules)`,
      ],
      { cwd: join(inst.packageDir, '..', '..'), env: rt.env, encoding: 'utf8' },
    );
    expect(probe.trim()).toMatch(/^3\.\d+\.\d+ \d+$/);
  });

  it('`hookline relay` starts with zero setup on SQLite: data in ./.hookline, a 0600 key file whose path it prints, never the key', async () => {
    const cwd = work();
    const env = { HOOKLINE_API_KEY: '' };
    const first = await startRelayProcess(inst.bin, rt, ['--port', '0'], cwd, env);
    let key = '';
    try {
      expect(existsSync(join(cwd, '.hookline/relay.sqlite'))).toBe(true);
      expect(statSync(join(cwd, '.hookline/api-key')).mode & 0o777).toBe(0o600);
      key = readFileSync(join(cwd, '.hookline/api-key'), 'utf8').trim();
      expect(first.output()).toContain('.hookline/api-key');
      expect(first.output()).not.toContain(key);
      expect((await api(first.url, 'GET', '/hooks', undefined, key)).status).toBe(200);
      expect((await api(first.url, 'GET', '/hooks', undefined, 'not-the-key')).status).toBe(401);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    const second = await startRelayProcess(inst.bin, rt, ['--port', '0'], cwd, env);
    try {
      expect(second.output()).toContain('read from .hookline/api-key');
      expect((await api(second.url, 'GET', '/hooks', undefined, key)).status).toBe(200);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('`hookline relay` serves the web console it ships at /console, from any folder', async () => {
    const cwd = work();
    const relay = await startRelayProcess(inst.bin, rt, ['--port', '0', '--db', join(cwd, 'relay.sqlite')], cwd, {
      HOOKLINE_API_KEY: 'installed-console-key',
      HOOKLINE_CONSOLE_DIR: '',
    });
    try {
      const page = await fetch(`${relay.url}/console`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const script = /src="(console\/assets\/app-[^"]+\.js)"/.exec(html)![1]!;
      const asset = await fetch(`${relay.url}/${script}`);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(10_000);
      expect(relay.output()).not.toContain('no built console');
    } finally {
      expect(await relay.stop('SIGTERM')).toBe(0);
    }
  });

  it('REST-hook round trip on loopback (SQLite file): subscribe, signed delivery, Standard Webhooks fan-out, forged 401, unsubscribe', async () => {
    const cwd = work();
    // The round trip's subscriber is on loopback, which the relay refuses unless told (local development).
    const relay = await startRelayProcess(
      inst.bin,
      rt,
      ['--port', '0', '--db', join(cwd, 'relay.sqlite'), '--allow-private-destinations'],
      cwd,
      { HOOKLINE_API_KEY: 'installed-relay-key-123' },
    );
    try {
      await restHookRoundTrip(inst.bin, rt, relay.url, 'installed-relay-key-123', cwd);
      expect(relay.output()).not.toContain('installed-relay-key-123');
    } finally {
      await relay.stop();
    }
  });

  it('every CLI command works from the installed bin', async () => {
    const cwd = work();
    const run = (...args: string[]) => hookline(inst.bin, rt, args, cwd, { MAKE_API_KEY: '' });
    const rows = JSON.parse(run('events', '--json').stdout) as unknown[];
    expect(rows).toHaveLength(CATALOG_ROWS);
    expect(run('events', 'horneross').stdout).toContain('lead.captured');
    expect(JSON.parse(run('sample', 'inboundflow', 'lead.created').stdout)).toEqual(
      getPlatform('inboundflow').events.find((e) => e.type === 'lead.created')!.sample,
    );
    expect(JSON.parse(run('schema', 'modyo', 'entry_published_log').stdout).anyOf).toHaveLength(2);

    const signed = run(
      'sign',
      'inboundflow',
      'call.completed',
      '--secret',
      'cli-secret',
      '--headers-out',
      join(cwd, 'h.json'),
      '--body-out',
      join(cwd, 'b.json'),
    );
    expect(signed.status).toBe(0);
    expect(signed.stdout).not.toContain('cli-secret');
    const ok = run(
      'verify',
      'inboundflow',
      '--secret',
      'cli-secret',
      '--headers-file',
      join(cwd, 'h.json'),
      '--body-file',
      join(cwd, 'b.json'),
    );
    expect([ok.status, JSON.parse(ok.stdout)]).toEqual([
      0,
      expect.objectContaining({ platform: 'inboundflow', type: 'call.completed', verified: true }),
    ]);
    const bad = run(
      'verify',
      'inboundflow',
      '--secret',
      'wrong-secret',
      '--headers-file',
      join(cwd, 'h.json'),
      '--body-file',
      join(cwd, 'b.json'),
    );
    expect([bad.status, JSON.parse(bad.stdout).error.code]).toEqual([1, 'invalid_signature']);

    const demo = run('demo', '--json');
    expect([demo.status, JSON.parse(demo.stdout).ok]).toEqual([0, true]);

    const out = join(cwd, 'make');
    expect(run('export', 'make', '--out', out).status).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.zip'))
        .sort(),
    ).toEqual(PLATFORM_IDS.map((p) => `hookline-${p}.zip`).sort());
    const make = await startMakeApiDouble('installed-make-key');
    try {
      const deployed = await hooklineAsync(
        inst.bin,
        rt,
        ['deploy', 'make', '--api-url', make.url, '--api-key', 'installed-make-key', '--platform', 'iris', '--json'],
        cwd,
      );
      expect(deployed.status).toBe(0);
      expect(JSON.parse(deployed.stdout)[0]).toMatchObject({ platform: 'iris', modules: expect.any(Array) });
    } finally {
      await make.close();
    }

    for (const command of ['events', 'sample', 'schema', 'sign', 'verify', 'send', 'demo', 'relay']) {
      const help = run(command, '--help');
      expect([command, help.status, help.stdout.includes(`Usage: hookline ${command}`)]).toEqual([command, 0, true]);
    }
    expect(run('export', 'make', '--help').stdout).toContain('Usage: hookline export make');
    expect(run('deploy', 'make', '--help').stdout).toContain('Usage: hookline deploy make');
    const usage = run('sample', 'nope', 'x');
    expect([usage.status, usage.stderr.includes('Unknown platform "nope"')]).toEqual([2, true]);
  });

  it('exports the core library, for require, import and TypeScript', () => {
    const dir = join(inst.packageDir, '..', '..');
    const script =
      "const { receive, sign, PLATFORMS } = require('hookline'); const d = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 's' }); const r = receive('conversa', d, { secrets: ['s'] }); console.log(r.ok && r.event.type)";
    expect(execFileSync('node', ['-e', script], { cwd: dir, env: rt.env, encoding: 'utf8' }).trim()).toBe('message_created');
    expect(
      execFileSync(
        'node',
        [
          '--input-type=module',
          '-e',
          "import { receive } from 'hookline'; import * as core from 'hookline/core'; console.log(typeof receive, typeof core.sign)",
        ],
        { cwd: dir, env: rt.env, encoding: 'utf8' },
      ).trim(),
    ).toBe('function function');
    writeFileSync(
      join(dir, 'check.ts'),
      "import { receive, type PlatformId } from 'hookline';\nconst p: PlatformId = 'conversa';\nconst r = receive(p, { headers: {}, body: '{}' }, { secrets: ['x'] });\nif (r.ok) { const n: number = r.event.type.length; void n; }\n",
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(
        'node',
        [
          tsc,
          '--noEmit',
          '--strict',
          '--module',
          'node16',
          '--moduleResolution',
          'node16',
          '--types',
          'node',
          '--typeRoots',
          join(ROOT, 'node_modules/@types'),
          'check.ts',
        ],
        { cwd: dir, env: rt.env, encoding: 'utf8', stdio: 'pipe' },
      ),
    ).not.toThrow();
  });
});

describe('on PostgreSQL, from the Node 20 install', () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => pg?.stop());

  it('`hookline relay --db postgres://…` runs the same REST-hook round trip', async () => {
    const rt = RUNTIMES[0]!;
    const inst = installedOn(rt);
    const cwd = work();
    const relay = await startRelayProcess(inst.bin, rt, ['--port', '0', '--db', pg.url, '--allow-private-destinations'], cwd, {
      HOOKLINE_API_KEY: 'installed-pg-key-1234',
    });
    try {
      expect(relay.output()).toContain(`database ${pg.url}`);
      await restHookRoundTrip(inst.bin, rt, relay.url, 'installed-pg-key-1234', cwd);
      expect(existsSync(join(cwd, '.hookline'))).toBe(false);
    } finally {
      await relay.stop();
    }
  });
});

describe('npm install -g <tgz> (into a temporary prefix), on the machine Node', () => {
  it('links a working hookline bin', async () => {
    const rt = RUNTIMES[0]!;
    const inst = installRelayPackage(tarball(relayPackage), rt, 'global');
    const cwd = work();
    expect(hookline(inst.bin, rt, ['--version'], cwd).stdout.trim()).toBe(relayPackage.version);
    expect(JSON.parse(hookline(inst.bin, rt, ['demo', '--json'], cwd).stdout).ok).toBe(true);
    const relay = await startRelayProcess(inst.bin, rt, ['--port', '0'], cwd, { HOOKLINE_API_KEY: '' });
    try {
      expect((await api(relay.url, 'GET', '/hooks', undefined, readFileSync(join(cwd, '.hookline/api-key'), 'utf8').trim())).status).toBe(
        200,
      );
    } finally {
      expect(await relay.stop()).toBe(0);
    }
  }, 900_000);
});

/** Subscribe a loopback hook, send a signed and a forged delivery with the installed `hookline send`, check the fan-out, unsubscribe. */
async function restHookRoundTrip(bin: string, rt: Runtime, url: string, key: string, cwd: string): Promise<void> {
  const subscriber: Subscriber = await startSubscriber();
  try {
    const source = await api(url, 'POST', '/sources', { id: 'hx', platform: 'horneross', secrets: ['hx-signing-secret'] }, key);
    expect(source.status).toBe(201);
    const ingestUrl = source.json!['ingestUrl'] as string;
    expect(ingestUrl).toBe(`${url}/in/hx`);
    const hook = await api(url, 'POST', '/hooks', { url: subscriber.url, source: 'hx', events: ['lead.captured'] }, key);
    expect(hook.status).toBe(201);
    const { id, secret } = hook.json as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);

    const sent = await hooklineAsync(
      bin,
      rt,
      ['send', 'horneross', 'lead.captured', '--url', ingestUrl, '--secret', 'hx-signing-secret', '--json'],
      cwd,
    );
    expect([sent.status, JSON.parse(sent.stdout).statuses]).toEqual([0, { 202: 1 }]);
    expect(await until(() => subscriber.received.length === 1, { tries: 600, everyMs: 50 })).toBe(true);
    const delivery = subscriber.received[0]!;
    const verified = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toMatchObject({
      platform: 'horneross',
      source: 'hx',
      type: 'lead.captured',
      data: expect.objectContaining({ type: 'lead.captured' }),
    });

    const forged = await hooklineAsync(
      bin,
      rt,
      ['send', 'horneross', 'lead.captured', '--url', ingestUrl, '--secret', 'not-the-secret', '--json'],
      cwd,
    );
    expect([forged.status, JSON.parse(forged.stdout).statuses]).toEqual([1, { 401: 1 }]);
    const rejections = await api(url, 'GET', '/rejections', undefined, key);
    expect(rejections.json!['rejections']).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'hx', status: 401, code: 'invalid_signature' })]),
    );

    expect((await api(url, 'DELETE', `/hooks/${id}`, undefined, key)).status).toBe(204);
    expect((await api(url, 'GET', `/hooks/${id}`, undefined, key)).status).toBe(404);
    expect((await api(url, 'GET', '/hooks', undefined, key)).json!['hooks']).toEqual([]);
    expect(JSON.stringify([sent, forged])).not.toMatch(/hx-signing-secret|not-the-secret/);
  } finally {
    await subscriber.close();
  }
}

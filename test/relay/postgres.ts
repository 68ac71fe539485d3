import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway PostgreSQL cluster from Debian's packages, on a free loopback port, run as `postgres`. */
export interface PgCluster {
  readonly url: string;
  /** Immediate shutdown of the server (SIGQUIT to its postmaster), as when the database host goes away. */
  halt(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().pop() : undefined;
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does it)');
  return join(root, version, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const asPostgres = (args: string[]) =>
  (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0]!, args.slice(1)]) as [string, string[]];

export async function startPostgres(): Promise<PgCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'hookline-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const [cmd, args] = asPostgres([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  execFileSync(cmd, args, { stdio: 'pipe' });
  const port = await freePort();
  const [pcmd, pargs] = asPostgres([
    join(bin, 'postgres'),
    '-D',
    data,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'max_connections=100',
    '-c',
    'fsync=on',
  ]);
  const server: ChildProcess = spawn(pcmd, pargs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 100 && !/ready to accept connections/.test(log); i++) await new Promise((r) => setTimeout(r, 100));
  if (!/ready to accept connections/.test(log)) {
    server.kill('SIGKILL');
    throw new Error(`PostgreSQL did not start: ${log.slice(-500)}`);
  }
  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async halt() {
      const pid = postmasterPid();
      process.kill(pid, 'SIGQUIT');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        let giveUp: NodeJS.Timeout | undefined;
        const exited = new Promise((r) => server.once('exit', r));
        // A fast shutdown, sent to the postmaster itself: runuser, when it is the child, does not pass SIGINT on.
        try {
          const pid = postmasterPid();
          // A pid file left by a crashed server may name a process that is not this cluster's.
          if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') throw new Error('not the postmaster');
          process.kill(pid, 'SIGINT');
        } catch {
          server.kill('SIGINT'); // no postmaster.pid (it is exiting already), or not this cluster's
        }
        // The timer is cleared once the server is gone: left pending, it would keep Jest's worker alive.
        await Promise.race([exited, new Promise((r) => (giveUp = setTimeout(r, 10_000)))]);
        clearTimeout(giveUp);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a bench as the packages ship: bundled by esbuild into one CommonJS file (as tsup bundles the core into the
 * `hookline` relay and every n8n package) and run by plain node, with nothing transpiled at run time. Under tsx
 * every module call goes through its interop getters and keepNames wrappers: the relay used about 1.7× the CPU
 * per request there, and receive() up to 1.2× on small deliveries.
 * The bench's load generator (bench/relay-load.ts) and fan-out subscriber (bench/relay-subscriber.ts) are bundled
 * alongside; their paths are handed over in BENCH_LOAD_SCRIPT and BENCH_SUBSCRIBER_SCRIPT.
 *
 *   tsx bench/run-bundled.ts bench/relay.bench.ts [args…]
 *   tsx bench/run-bundled.ts bench/receive.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'build', 'bench');

function bundle(entry: string): string {
  const outfile = join(OUT, `${basename(entry, '.ts')}.cjs`);
  buildSync({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error('usage: tsx bench/run-bundled.ts <bench entry> [args…]');
const script = bundle(entry);
const env = {
  ...process.env,
  BENCH_LOAD_SCRIPT: bundle('bench/relay-load.ts'),
  BENCH_SUBSCRIBER_SCRIPT: bundle('bench/relay-subscriber.ts'),
};
const run = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit', env });
process.exit(run.status ?? 1);

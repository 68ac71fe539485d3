/**
 * `tsx scripts/build-console.ts [--out <dir>]`: the web console into build/console/ (what `npm start`
 * serves from a source tree) or <dir> (`npm run build` writes dist/console/ beside the bundled CLI).
 * Prints every file's size, raw and gzipped.
 */
import { join, relative } from 'node:path';
import { buildConsole } from './console/build';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? process.argv[at + 1]! : join(__dirname, '..', 'build', 'console');
  const built = await buildConsole(out);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  for (const f of built.files)
    console.log(
      `${relative(process.cwd(), join(built.dir, f.name)).padEnd(48)} ${kb(f.bytes).padStart(9)}  ${kb(f.gzipBytes).padStart(8)} gzip`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

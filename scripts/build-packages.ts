/**
 * Builds every publishable npm package into build/stage/<package>/ and, with --pack, writes each
 * tarball into build/packages/ plus build/packages/index.json (name, version, kind, file, sizes).
 * `npm run build` and `npm run pack` run it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RootPackageJson } from './packages/manifests';
import { stageAll, type StagedPackage } from './packages/stage';

const ROOT = join(__dirname, '..');
const STAGE = join(ROOT, 'build/stage');
const PACKAGES = join(ROOT, 'build/packages');

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  readonly kind: StagedPackage['kind'];
  readonly platform?: string;
  readonly file: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

function pack(pkg: StagedPackage): PackedPackage {
  const out = execFileSync('npm', ['pack', '--pack-destination', PACKAGES, '--json', '--ignore-scripts'], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as {
    name: string;
    version: string;
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
  }[];
  return {
    name: info!.name,
    version: info!.version,
    kind: pkg.kind,
    platform: pkg.platform,
    file: info!.filename,
    size: info!.size,
    unpackedSize: info!.unpackedSize,
    entryCount: info!.entryCount,
  };
}

async function main(): Promise<void> {
  process.chdir(ROOT); // tsup (the core's type declarations) finds TypeScript from the working directory
  // The per-platform packages' sources are generated from the catalog and committed; never build stale ones.
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate.ts'), '--check'], { cwd: ROOT, stdio: 'inherit' });
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as RootPackageJson;
  const staged = await stageAll(ROOT, root, STAGE);
  if (!process.argv.includes('--pack')) {
    for (const s of staged) console.log(`built ${s.name} in ${s.dir}`);
    return;
  }
  rmSync(PACKAGES, { recursive: true, force: true });
  mkdirSync(PACKAGES, { recursive: true });
  const packed = staged.map(pack);
  writeFileSync(join(PACKAGES, 'index.json'), `${JSON.stringify(packed, null, 2)}\n`);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  for (const p of packed)
    console.log(
      `${p.file.padEnd(44)} ${kb(p.size).padStart(9)} packed, ${kb(p.unpackedSize).padStart(9)} unpacked, ${String(p.entryCount).padStart(3)} files`,
    );
  console.log(`${packed.length} packages in ${PACKAGES}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

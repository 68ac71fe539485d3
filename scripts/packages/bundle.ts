/**
 * esbuild bundles for the packages. The core (shared/) is built once per package as dist/shared/index.js;
 * every other bundle reaches it by a relative require, so nodes, credentials and the CLI share one copy.
 * npm packages are never bundled: the n8n bundles may import only what n8n provides (n8n-workflow, zod),
 * the relay/CLI bundle imports its real dependencies.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

const TARGET = 'node20';

/** Rewrites the sources' relative imports of the core (`../shared`, `../../shared`) to the built core, from where the bundle lands. */
function coreAt(requirePath: string): Plugin {
  return {
    name: 'hookline-core',
    setup(b) {
      b.onResolve({ filter: /^(\.\.\/)+shared$/ }, () => ({ path: requirePath, external: true }));
    },
  };
}

/** Leaves every npm package and Node built-in to require() at run time. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
  },
};

/** The core library: dist/shared/index.js. `root` is the repository root, where entry paths start. */
export async function bundleCore(root: string, outDir: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: { 'dist/shared/index': 'shared/index.ts' },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: TARGET,
    plugins: [externalPackages],
    logLevel: 'warning',
  });
}

/**
 * n8n node or credential entry files, each to its own file. `entries` maps an output path without extension
 * (e.g. dist/nodes/IrisTrigger/IrisTrigger.node) to its source; all outputs of one call sit at the same depth.
 */
export async function bundleN8nEntries(root: string, outDir: string, entries: Record<string, string>, coreRequire: string): Promise<void> {
  if (!Object.keys(entries).length) return;
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: TARGET,
    plugins: [coreAt(coreRequire), externalPackages],
    logLevel: 'warning',
  });
}

/** The CLI (relay, Make export and the rest) as dist/cli/index.js, runnable as the `hookline` bin. */
export async function bundleCli(root: string, outDir: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: { 'dist/cli/index': 'cli/index.ts' },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: TARGET,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [coreAt('../shared/index.js'), externalPackages],
    logLevel: 'warning',
  });
}

const BUILTINS = new Set(builtinModules);

/** The npm packages a built file requires (package names, not subpaths), Node built-ins left out. */
export function requiredPackages(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
    const spec = m[1]!;
    if (spec.startsWith('.') || spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!)) continue;
    names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return [...names].sort();
}

/** Every bare module specifier a built file requires, as written (e.g. zod/v4, node:crypto). */
export function requiredSpecifiers(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!).filter((s) => !s.startsWith('.')))].sort();
}

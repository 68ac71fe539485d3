/**
 * Assembles each publishable package in its own folder (build/stage/<package>/): package.json, README,
 * LICENSE and dist/. `npm pack` of that folder is the artifact.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build as tsup } from 'tsup';
import { PLATFORM_IDS, type PlatformId } from '../../shared';
import { buildConsole } from '../console/build';
import { bundleCli, bundleCore, bundleN8nEntries, requiredPackages, requiredSpecifiers } from './bundle';
import {
  ALL_PLATFORMS_PACKAGE,
  allPlatformsManifest,
  MIT_LICENSE,
  PLATFORM_PACKAGES_DIR,
  platformManifest,
  platformPackageName,
  RELAY_PACKAGE,
  relayManifest,
  triggerClass,
  actionClass,
  type Json,
  type RootPackageJson,
} from './manifests';
import { allPlatformsReadme, relayReadme } from './readmes';

export interface StagedPackage {
  readonly name: string;
  readonly dir: string;
  readonly kind: 'relay' | 'n8n-all' | 'n8n-platform';
  readonly platform?: PlatformId;
}

/** What an n8n bundle may require at run time: what n8n provides to community nodes, and node:crypto. */
export const N8N_RUNTIME_IMPORTS = new Set(['n8n-workflow', 'zod/v4', 'crypto', 'node:crypto']);

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

function writeCommon(dir: string, manifest: Json, readme: string): void {
  writeJson(join(dir, 'package.json'), manifest);
  writeFileSync(join(dir, 'README.md'), readme);
  writeFileSync(join(dir, 'LICENSE'), MIT_LICENSE('Hookline'));
}

/** Node and credential entry files under `srcRoot` (nodes/**\/*.node.ts, credentials/*.credentials.ts), keyed by output path. */
function n8nEntries(root: string, srcRoot: string): { nodes: Record<string, string>; credentials: Record<string, string> } {
  const entry = (suffix: string, sub: string) =>
    Object.fromEntries(
      files(join(srcRoot, sub))
        .filter((f) => f.endsWith(suffix))
        .map((f) => [join('dist', relative(srcRoot, f)).replace(/\.ts$/, ''), relative(root, f)]),
    );
  return { nodes: entry('.node.ts', 'nodes'), credentials: entry('.credentials.ts', 'credentials') };
}

const isIcon = (file: string) => /\.(svg|png)$/.test(file);
const isCodex = (file: string) => file.endsWith('.node.json');
const isOutputSchema = (file: string) => file.includes('/__schema__/');

/** Icons, codex files and static output schemas next to the built nodes, as `n8n-node build` copies them. */
function copyNodeAssets(
  fromNodes: string,
  toNodes: string,
  keep: (file: string) => boolean = (f) => isIcon(f) || isCodex(f) || isOutputSchema(f),
): void {
  for (const file of files(fromNodes)) {
    if (!keep(file)) continue;
    const target = join(toNodes, relative(fromNodes, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
}

/** Fails the build if an n8n bundle requires anything n8n does not provide. */
function assertN8nImports(dir: string): void {
  for (const file of files(join(dir, 'dist')).filter((f) => f.endsWith('.js'))) {
    const bad = requiredSpecifiers(file).filter((s) => !N8N_RUNTIME_IMPORTS.has(s));
    if (bad.length)
      throw new Error(
        `${relative(dir, file)} requires ${bad.join(', ')}: an n8n package may only import ${[...N8N_RUNTIME_IMPORTS].join(', ')}`,
      );
  }
}

async function stageN8nPackage(root: string, dir: string, srcRoot: string): Promise<void> {
  await bundleCore(root, dir);
  const { nodes, credentials } = n8nEntries(root, srcRoot);
  await bundleN8nEntries(root, dir, nodes, '../../shared/index.js');
  await bundleN8nEntries(root, dir, credentials, '../shared/index.js');
  assertN8nImports(dir);
}

export async function stageAllPlatforms(root: string, pkg: RootPackageJson, out: string): Promise<StagedPackage> {
  const dir = join(out, ALL_PLATFORMS_PACKAGE);
  await stageN8nPackage(root, dir, root);
  copyNodeAssets(join(root, 'nodes'), join(dir, 'dist/nodes'));
  writeCommon(dir, allPlatformsManifest(pkg), allPlatformsReadme(pkg));
  return { name: ALL_PLATFORMS_PACKAGE, dir, kind: 'n8n-all' };
}

export async function stagePlatform(root: string, pkg: RootPackageJson, out: string, platform: PlatformId): Promise<StagedPackage> {
  const name = platformPackageName(platform);
  const dir = join(out, name);
  const src = join(root, PLATFORM_PACKAGES_DIR, name);
  await stageN8nPackage(root, dir, src);
  const manifest = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')) as Json;
  if (JSON.stringify(manifest) !== JSON.stringify(platformManifest(pkg, platform)))
    throw new Error(`${name}: package.json is stale (npm run generate)`);
  // The package's own codex files; the icon and output schema of the catalog-generated trigger folder, the icon also for the action node.
  copyNodeAssets(join(src, 'nodes'), join(dir, 'dist/nodes'), isCodex);
  const trigger = triggerClass(platform);
  copyNodeAssets(join(root, 'nodes', trigger), join(dir, 'dist/nodes', trigger), (f) => isIcon(f) || isOutputSchema(f));
  copyNodeAssets(join(root, 'nodes', trigger), join(dir, 'dist/nodes', actionClass(platform)), isIcon);
  writeCommon(dir, manifest, readFileSync(join(src, 'README.md'), 'utf8'));
  return { name, dir, kind: 'n8n-platform', platform };
}

export async function stageRelay(root: string, pkg: RootPackageJson, out: string): Promise<StagedPackage> {
  const dir = join(out, RELAY_PACKAGE);
  await bundleCore(root, dir);
  await bundleCli(root, dir);
  // The web console, beside the bundled CLI: the relay finds dist/console from dist/cli (relay/console-assets.ts).
  await buildConsole(join(dir, 'dist', 'console'));
  await tsup({
    config: false,
    entry: { 'dist/shared/index': join(root, 'shared/index.ts') },
    outDir: dir,
    format: ['cjs'],
    dts: { only: true },
    silent: true,
  });
  const imports = [
    ...new Set([...requiredPackages(join(dir, 'dist/cli/index.js')), ...requiredPackages(join(dir, 'dist/shared/index.js'))]),
  ];
  if (imports.includes('n8n-workflow')) throw new Error('the relay/CLI bundle must not depend on n8n-workflow');
  writeCommon(dir, relayManifest(pkg, imports), relayReadme(pkg));
  return { name: RELAY_PACKAGE, dir, kind: 'relay' };
}

export async function stageAll(root: string, pkg: RootPackageJson, out: string): Promise<StagedPackage[]> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const staged = [await stageRelay(root, pkg, out), await stageAllPlatforms(root, pkg, out)];
  for (const platform of PLATFORM_IDS) staged.push(await stagePlatform(root, pkg, out, platform));
  return staged;
}

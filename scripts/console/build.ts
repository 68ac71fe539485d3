/**
 * Builds the web console (console/) into a folder the relay serves at /console: index.html, assets/
 * with content-hashed names, and console.json (the manifest the relay looks for). esbuild bundles
 * Preact and the app into one script; nothing is loaded from another host.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CONSOLE_MANIFEST, type ConsoleManifest } from '../../relay/console-assets';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'console');

export interface ConsoleBuild {
  readonly dir: string;
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly gzipBytes: number }[];
}

const hashed = (name: string, body: Buffer) => {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}-${createHash('sha256').update(body).digest('hex').slice(0, 10)}${name.slice(dot)}`;
};

export async function buildConsole(outDir: string): Promise<ConsoleBuild> {
  rmSync(outDir, { recursive: true, force: true });
  const assets = join(outDir, 'assets');
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: { app: join(SRC, 'src/main.tsx'), style: join(SRC, 'src/styles.css') },
    outdir: assets,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    // The console imports only types from shared/: anything else would pull zod into the bundle.
    plugins: [
      {
        name: 'types-only-core',
        setup: (b) =>
          b.onResolve({ filter: /\/shared(\/|$)/ }, (args) => ({
            errors: [{ text: `${args.importer} imports ${args.path} at run time; import type only` }],
          })),
      },
    ],
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => f.endsWith('.js'))!;
  const css = outputs.find((f) => f.endsWith('.css'))!;
  const iconBody = readFileSync(join(SRC, 'icon.svg'));
  const icon = hashed('icon.svg', iconBody);
  copyFileSync(join(SRC, 'icon.svg'), join(assets, icon));
  const html = readFileSync(join(SRC, 'index.html'), 'utf8').replace('%JS%', js).replace('%CSS%', css).replace('%ICON%', icon);
  writeFileSync(join(outDir, 'index.html'), html);
  const manifest: ConsoleManifest = { name: 'hookline-console', index: 'index.html', assets: [js, css, icon] };
  writeFileSync(join(outDir, CONSOLE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const size = (path: string, name: string) => {
    const body = readFileSync(path);
    return { name, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  };
  return {
    dir: outDir,
    files: [size(join(outDir, 'index.html'), 'index.html'), ...manifest.assets.map((f) => size(join(assets, f), `assets/${f}`))],
  };
}

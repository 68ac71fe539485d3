import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The file the console build writes beside its assets; its presence marks a built console folder. */
export const CONSOLE_MANIFEST = 'console.json';

export interface ConsoleManifest {
  readonly name: 'hookline-console';
  /** The page; references its assets by relative path. */
  readonly index: string;
  /** Every other file, content-hashed names. */
  readonly assets: readonly string[];
}

export interface ConsoleFile {
  readonly body: Buffer;
  /** Compressed on first request, then kept. */
  gzip(): Buffer;
  readonly type: string;
  readonly etag: string;
}

export interface ConsoleAssets {
  readonly dir: string;
  readonly index: ConsoleFile;
  readonly assets: ReadonlyMap<string, ConsoleFile>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Where a built console can be: beside the bundled CLI (`dist/cli/` → `dist/console/`, the npm package),
 * or `build/console/` of a source tree (`npm start` builds it there). HOOKLINE_CONSOLE_DIR goes first.
 */
export function consoleCandidates(from = __dirname, env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    env['HOOKLINE_CONSOLE_DIR'],
    join(from, '..', 'console'),
    join(from, '..', 'build', 'console'),
    join(from, '..', 'dist', 'console'),
  ].filter((d): d is string => typeof d === 'string' && d.length > 0);
}

export function findConsoleDir(candidates: readonly string[] = consoleCandidates()): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, CONSOLE_MANIFEST)));
}

function file(path: string): ConsoleFile {
  const body = readFileSync(path);
  let zipped: Buffer | undefined;
  return {
    body,
    gzip: () => (zipped ??= gzipSync(body, { level: 9 })),
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

/** Reads a built console into memory (a few files), so serving it never touches the file system. */
export function loadConsoleAssets(dir: string): ConsoleAssets {
  const manifest = JSON.parse(readFileSync(join(dir, CONSOLE_MANIFEST), 'utf8')) as ConsoleManifest;
  if (manifest.name !== 'hookline-console') throw new Error(`${join(dir, CONSOLE_MANIFEST)} is not a Hookline console manifest`);
  return {
    dir,
    index: file(join(dir, manifest.index)),
    assets: new Map(manifest.assets.map((name) => [name, file(join(dir, 'assets', name))])),
  };
}

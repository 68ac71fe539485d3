import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

function find(dir: string, suffix: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(find(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

// n8n loads each node and credential file with require(); they share one core bundle, reached by the
// relative path `../../shared`, which is the same from nodes/X/ in the source and dist/nodes/X/ in the build.
const n8nEntries = [...find('nodes', '.node.ts'), ...find('credentials', '.credentials.ts')];
const coreImport = /^(\.\.\/)+shared$/;

export default defineConfig([
  {
    entry: { 'shared/index': 'shared/index.ts' },
    format: ['cjs'],
    target: 'node20',
    dts: true,
    clean: true,
    noExternal: ['zod'],
    sourcemap: false,
  },
  {
    entry: { 'cli/index': 'cli/index.ts' },
    format: ['cjs'],
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Everything but the native SQLite binding (and pg's optional native client), which load from node_modules.
    noExternal: [/^(?!(better-sqlite3|pg-native)$)/],
    external: ['better-sqlite3', 'pg-native'],
    sourcemap: false,
  },
  ...(n8nEntries.length
    ? [
        {
          entry: Object.fromEntries(n8nEntries.map((f) => [f.replace(/\.ts$/, ''), f])),
          format: ['cjs' as const],
          target: 'node20' as const,
          external: ['n8n-workflow', coreImport],
          sourcemap: false,
          publicDir: undefined,
        },
      ]
    : []),
]);

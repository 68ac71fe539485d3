import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import rules of ARCHITECTURE.md: the core imports nothing of the layers above it, and no adapter
 * imports another (they meet only in the core's contracts). The CLI may use every layer it runs.
 */
const ROOT = join(__dirname, '..');

type Layer = 'shared' | 'relay' | 'n8n' | 'make' | 'zapier' | 'cli' | 'console';
const LAYERS: Record<Layer, { dirs: string[]; mayImport: Layer[]; packages: RegExp }> = {
  shared: { dirs: ['shared'], mayImport: ['shared'], packages: /^(zod\/v4|node:crypto)$/ },
  relay: {
    dirs: ['relay'],
    mayImport: ['shared', 'relay'],
    packages: /^(node:[a-z_]+|fastify|kysely|undici|ipaddr\.js|pg|better-sqlite3|better-sqlite3-napi|pino|prom-client|zod\/v4)$/,
  },
  n8n: { dirs: ['nodes', 'credentials'], mayImport: ['shared', 'n8n'], packages: /^(n8n-workflow|node:crypto)$/ },
  make: { dirs: ['make'], mayImport: ['shared', 'make'], packages: /^(node:[a-z_]+|fflate|undici)$/ },
  zapier: { dirs: ['zapier/src'], mayImport: ['shared', 'zapier'], packages: /^zapier-platform-core$/ },
  cli: { dirs: ['cli'], mayImport: ['shared', 'relay', 'make', 'cli'], packages: /^(node:[a-z_]+|commander|undici)$/ },
  // The web console runs in the browser: Preact, and the core's types only (checked below).
  console: { dirs: ['console'], mayImport: ['shared', 'console'], packages: /^preact(\/hooks)?$/ },
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function layerOf(file: string): Layer | undefined {
  const rel = relative(ROOT, file);
  return (Object.keys(LAYERS) as Layer[]).find((l) => LAYERS[l].dirs.some((d) => rel === d || rel.startsWith(`${d}/`)));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|require\(\s*'([^']+)'\s*\)/g;

describe('architecture: which folder may import which', () => {
  const all = (Object.keys(LAYERS) as Layer[]).flatMap((layer) =>
    LAYERS[layer].dirs.flatMap((d) => files(join(ROOT, d)).map((f) => [layer, f] as const)),
  );

  it('finds every layer', () => {
    for (const layer of Object.keys(LAYERS)) expect(all.some(([l]) => l === layer)).toBe(true);
  });

  it.each(all.map(([layer, file]) => [relative(ROOT, file), layer, file]))('%s (%s) keeps to its layer', (_rel, layer, file) => {
    const rules = LAYERS[layer as Layer];
    const code = readFileSync(file, 'utf8');
    const wrong: string[] = [];
    for (const m of code.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (spec.endsWith('/package.json')) continue; // a package's own version
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        if (!target || !rules.mayImport.includes(target)) wrong.push(`${spec} (${target ?? 'outside the layers'})`);
      } else if (!rules.packages.test(spec)) wrong.push(spec);
    }
    expect(wrong).toEqual([]);
  });

  it.each(all.filter(([layer]) => layer === 'console').map(([, file]) => [relative(ROOT, file), file]))(
    '%s imports only types from the core',
    (_rel, file) => {
      const code = readFileSync(file, 'utf8');
      const runtime = [...code.matchAll(/(?:^|\n)\s*import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => layerOf(resolve(dirname(file), spec)) === 'shared');
      expect(runtime).toEqual([]);
    },
  );
});

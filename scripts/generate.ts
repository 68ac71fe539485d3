/**
 * Writes every generated file from the catalog (`npm run generate`), or with `--check` lists the stale
 * ones and exits 1 (`npm run generate:check`; a test runs the same comparison).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATORS } from './generators';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const generator of GENERATORS) {
  for (const [rel, content] of generator.files(root)) {
    const path = join(root, rel);
    if (existsSync(path) && readFileSync(path, 'utf8') === content) continue;
    stale++;
    if (check) console.error(`stale (${generator.name}): ${rel}`);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      console.log(`wrote ${rel}`);
    }
  }
}
for (const generator of GENERATORS) {
  for (const rel of generator.leftovers?.(root) ?? []) {
    stale++;
    console.error(`left over (${generator.name}): ${rel} — no longer generated; delete it`);
  }
}
if (check && stale) {
  console.error(`${stale} generated file(s) are stale: run npm run generate`);
  process.exit(1);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFiles, Generator } from './types';

const FILE = '.prettierignore';
const BEGIN = '# --- generated files (npm run generate; generate:check compares them byte for byte) ---';
const END = '# --- end of generated files ---';

/**
 * Keeps prettier off the files the other generators write: they are checked against their generator's
 * exact output instead, so the list in `.prettierignore` is itself generated from them.
 */
export function prettierIgnoreGenerator(others: readonly Generator[]): Generator {
  return {
    name: 'prettier ignore list',
    files(root): GeneratedFiles {
      const generated = others.flatMap((g) => [...g.files(root).keys()]).filter((rel) => !rel.endsWith('.md'));
      const current = readFileSync(join(root, FILE), 'utf8');
      const start = current.indexOf(BEGIN);
      const end = current.indexOf(END);
      if (start < 0 || end < start) throw new Error(`${FILE} has no "${BEGIN}" … "${END}" block`);
      const block = [BEGIN, ...[...new Set(generated)].sort().map((rel) => `/${rel}`), END].join('\n');
      return new Map([[FILE, current.slice(0, start) + block + current.slice(end + END.length)]]);
    },
  };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The core is compiled into the n8n nodes, so it must keep to n8n's community-node runtime rules. */
const SHARED = join(__dirname, '../../shared');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const ALLOWED_IMPORTS = /^(\.{1,2}\/|zod\/v4$|node:crypto$)/;
const FORBIDDEN = [
  /\bprocess\./,
  /\bglobalThis\b/,
  /\bset(Timeout|Interval|Immediate)\s*\(/,
  /\bnew Function\b|\bFunction\s*\(/,
  /\beval\s*\(/,
  /__dirname|__filename/,
  /\brequire\s*\(/,
];

describe('core purity', () => {
  const sources = files(SHARED);

  it('finds the core sources', () => {
    expect(sources.length).toBeGreaterThan(15);
  });

  it.each(sources.map((f) => [relative(SHARED, f), f]))('%s imports only zod, node:crypto and the core itself', (_name, file) => {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/from\s+'([^']+)'/g)) expect(m[1]).toMatch(ALLOWED_IMPORTS);
  });

  it.each(sources.map((f) => [relative(SHARED, f), f]))('%s uses no process, globals, timers, Function, eval or fs', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const pattern of FORBIDDEN) expect(code).not.toMatch(pattern);
  });
});

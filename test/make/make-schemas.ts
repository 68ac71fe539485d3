import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** Make's own editor schemas, read in place (never copied into the repo). */
export const SCHEMA_DIR = resolve(__dirname, '../../../shared/make-schemas');

interface Mapping {
  readonly fileMatch: string[];
  readonly url: string;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '(?:.*/)?')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`(?:^|/)${escaped}$`);
}

export function loadMakeSchemas(): (path: string) => { schema: string; validate: ValidateFunction } | undefined {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  for (const file of readdirSync(SCHEMA_DIR)) {
    if (!file.endsWith('.json') || file === 'jsonValidation.json') continue;
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')), file);
  }
  const mapping = JSON.parse(readFileSync(join(SCHEMA_DIR, 'jsonValidation.json'), 'utf8')) as Mapping[];
  const rules = mapping.flatMap((m) =>
    m.fileMatch.map((glob) => ({ re: globToRegExp(glob), schema: basename(m.url), specific: glob.includes('/') })),
  );
  // The most specific pattern wins (the extension's endpoint overrides contain a folder).
  rules.sort((a, b) => Number(b.specific) - Number(a.specific));
  return (path) => {
    const rule = rules.find((r) => r.re.test(path));
    if (!rule) return undefined;
    const validate = ajv.getSchema(rule.schema);
    if (!validate) throw new Error(`Schema ${rule.schema} not loaded`);
    return { schema: rule.schema, validate };
  };
}

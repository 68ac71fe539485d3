import type { MakeParam } from '../../make/interface';

/** Lists where a bundle does not fit a Make interface (types per Make's interface docs). */
export function interfaceMismatches(params: readonly MakeParam[], value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path || '(root)'}: expected a collection`];
  const record = value as Record<string, unknown>;
  return params.flatMap((p) =>
    p.name === undefined || record[p.name] === undefined || record[p.name] === null
      ? []
      : paramMismatches(p, record[p.name], `${path}${p.name}`),
  );
}

function paramMismatches(p: MakeParam, v: unknown, path: string): string[] {
  const bad = (what: string) => [`${path}: expected ${what}, got ${JSON.stringify(v)?.slice(0, 60)}`];
  switch (p.type) {
    case 'text':
    case 'email':
    case 'url':
    case 'uuid':
    case 'time':
      return typeof v === 'string' ? [] : bad(p.type);
    case 'date':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? [] : bad('a date');
    case 'number':
      return typeof v === 'number' ? [] : bad('a number');
    case 'integer':
      return Number.isInteger(v) ? [] : bad('an integer');
    case 'uinteger':
      return Number.isInteger(v) && (v as number) >= 0 ? [] : bad('a positive integer');
    case 'boolean':
      return typeof v === 'boolean' ? [] : bad('a boolean');
    case 'collection':
      return interfaceMismatches((p.spec as MakeParam[] | undefined) ?? [], v, `${path}.`);
    case 'array':
      if (!Array.isArray(v)) return bad('an array');
      if (!p.spec) return [];
      return v.flatMap((item, i) =>
        Array.isArray(p.spec) ? interfaceMismatches(p.spec, item, `${path}[${i}].`) : paramMismatches(p.spec!, item, `${path}[${i}]`),
      );
    case 'any':
      return [];
    default:
      return [`${path}: unknown Make type ${p.type}`];
  }
}

/** Counts the declared interface leaves that hold a value in the bundle (shows the check covered real fields). */
export function coveredLeaves(params: readonly MakeParam[], value: unknown): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0;
  const record = value as Record<string, unknown>;
  return params.reduce((n, p) => {
    const v = p.name === undefined ? undefined : record[p.name];
    if (v === undefined || v === null) return n;
    return n + (p.type === 'collection' && Array.isArray(p.spec) ? coveredLeaves(p.spec, v) : 1);
  }, 0);
}

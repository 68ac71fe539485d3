/** Headers as adapters hand them over: a Fetch `Headers`, or a plain object in any case with string, array or number values. */
export type HeaderInput =
  | { get(name: string): string | null; forEach(cb: (value: string, key: string) => void): void }
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

export type HeaderGetter = (lowerCaseName: string) => string | undefined;

const HTTP_PREFIX = 'http-';

export function isFetchHeaders(h: HeaderInput): h is Extract<HeaderInput, { get(name: string): string | null }> {
  return typeof (h as { get?: unknown }).get === 'function' && typeof (h as { forEach?: unknown }).forEach === 'function';
}

function firstValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return firstValue(value[0]);
  return undefined;
}

function hasOnlyLowerCaseKeys(record: object): boolean {
  for (const key in record) if (key !== key.toLowerCase()) return false;
  return true;
}

/**
 * Case-insensitive header lookup. Zapier hands raw headers over as `Http-X-Name`, so a key with an
 * `Http-` prefix also answers for the name without it (a real unprefixed header wins).
 */
export function headerGetter(input: HeaderInput | null | undefined): HeaderGetter {
  if (input && typeof input === 'object' && !isFetchHeaders(input) && hasOnlyLowerCaseKeys(input)) {
    // Node's IncomingHttpHeaders (the common case) are already lower case: look up directly.
    const record = input as Record<string, unknown>;
    return (name) => firstValue(record[name]) ?? firstValue(record[HTTP_PREFIX + name]);
  }
  const map = new Map<string, string>();
  const prefixed = new Map<string, string>();
  const add = (key: string, value: unknown): void => {
    const v = firstValue(value);
    if (v === undefined) return;
    const k = key.toLowerCase();
    if (!map.has(k)) map.set(k, v);
    if (k.startsWith(HTTP_PREFIX) && !prefixed.has(k)) prefixed.set(k.slice(HTTP_PREFIX.length), v);
  };
  if (input && typeof input === 'object') {
    if (isFetchHeaders(input)) input.forEach((value, key) => add(key, value));
    else for (const key of Object.keys(input)) add(key, (input as Record<string, unknown>)[key]);
  }
  return (name) => map.get(name) ?? prefixed.get(name);
}

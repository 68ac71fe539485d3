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

const none: HeaderGetter = () => undefined;

/** A map from lower-case names (and names without Zapier's `Http-` prefix) to the first value given. */
function caseInsensitiveIndex(input: HeaderInput): HeaderGetter {
  const map = new Map<string, string>();
  const prefixed = new Map<string, string>();
  const add = (key: string, value: unknown): void => {
    const v = firstValue(value);
    if (v === undefined) return;
    const k = key.toLowerCase();
    if (!map.has(k)) map.set(k, v);
    if (k.startsWith(HTTP_PREFIX) && !prefixed.has(k)) prefixed.set(k.slice(HTTP_PREFIX.length), v);
  };
  if (isFetchHeaders(input)) input.forEach((value, key) => add(key, value));
  else for (const key of Object.keys(input)) add(key, (input as Record<string, unknown>)[key]);
  return (name) => map.get(name) ?? prefixed.get(name);
}

function hasOnlyLowerCaseKeys(record: object): boolean {
  for (const key in record) if (key !== key.toLowerCase()) return false;
  return true;
}

const own = Object.prototype.hasOwnProperty;
const ownValue = (record: Record<string, unknown>, name: string) => (own.call(record, name) ? firstValue(record[name]) : undefined);

/**
 * Case-insensitive header lookup. Zapier hands raw headers over as `Http-X-Name`, so a key with an
 * `Http-` prefix also answers for the name without it (a real unprefixed header wins).
 *
 * Node's IncomingHttpHeaders (the common case) are already lower case: a name is first looked up as an own
 * key directly. On a miss, a record with only lower-case keys is asked for the `http-` name too; any other
 * record gets a case-insensitive index, built once per getter.
 */
export function headerGetter(input: HeaderInput | null | undefined): HeaderGetter {
  if (!input || typeof input !== 'object') return none;
  if (isFetchHeaders(input)) return caseInsensitiveIndex(input);
  const record = input as Record<string, unknown>;
  let lowerCaseOnly: boolean | undefined;
  let index: HeaderGetter | undefined;
  return (name) => {
    const direct = ownValue(record, name);
    if (direct !== undefined) return direct;
    lowerCaseOnly ??= hasOnlyLowerCaseKeys(record);
    if (lowerCaseOnly) return ownValue(record, HTTP_PREFIX + name);
    index ??= caseInsensitiveIndex(input);
    return index(name);
  };
}

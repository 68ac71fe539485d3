import type { HeaderGetter } from './headers';
import type { Locator } from './spec';

function atPath(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function scalar(value: unknown): string | number | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

/** The first value the locators find, as a header string or a body scalar. */
export function locate(locators: readonly Locator[], header: HeaderGetter, body: unknown): string | number | undefined {
  for (const locator of locators) {
    let value: string | number | undefined;
    if ('header' in locator) value = scalar(header(locator.header.toLowerCase()));
    else if ('body' in locator) value = scalar(atPath(body, locator.body));
    else {
      const parts = locator.bodyJoin.map((path) => scalar(atPath(body, path)));
      value = parts.every((p) => p !== undefined) ? parts.join(locator.separator) : undefined;
    }
    if (value !== undefined) return value;
  }
  return undefined;
}

const NUMERIC = /^\d+(\.\d+)?$/;
const FRACTION = /(\.\d{3})\d+/;

/** Normalises unix seconds, unix milliseconds or an ISO 8601 string to an ISO string in UTC; undefined if unreadable. */
export function toIsoTime(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  if (typeof value === 'number' || NUMERIC.test(value)) {
    const n = Number(value);
    ms = n > 1e12 ? n : n * 1000;
  } else {
    ms = Date.parse(value.replace(FRACTION, '$1'));
  }
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

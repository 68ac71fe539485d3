import type { HeaderGetter } from './headers';
import type { Locator } from './spec';

type Found = string | number | undefined;
type Find = (header: HeaderGetter, body: unknown) => Found;

function atPath(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function scalar(value: unknown): Found {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

/** One locator as a function, with its header name lower-cased and its body path read directly. */
function compileOne(locator: Locator): Find {
  if ('header' in locator) {
    const name = locator.header.toLowerCase();
    return (header) => scalar(header(name));
  }
  if ('body' in locator) {
    const path = locator.body;
    if (path.length === 1) {
      const key = path[0]!;
      return (_header, body) => (body !== null && typeof body === 'object' ? scalar((body as Record<string, unknown>)[key]) : undefined);
    }
    return (_header, body) => scalar(atPath(body, path));
  }
  const paths = locator.bodyJoin;
  const separator = locator.separator;
  return (_header, body) => {
    let joined = '';
    for (let i = 0; i < paths.length; i++) {
      const part = scalar(atPath(body, paths[i]!));
      if (part === undefined) return undefined;
      joined = i === 0 ? String(part) : `${joined}${separator}${part}`;
    }
    return paths.length === 0 ? undefined : joined;
  };
}

/** The first value the locators find, as a header string or a body scalar. */
export function locate(locators: readonly Locator[], header: HeaderGetter, body: unknown): Found {
  for (const locator of locators) {
    const value = compileOne(locator)(header, body);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The answer of a checked locator when an unsigned header contradicts the signed value. */
export const CONFLICT: unique symbol = Symbol('conflict');

export interface CompiledLocators {
  /** The first value found in the signed places (body, signed headers), else in unsigned headers. */
  readonly find: Find;
  /**
   * Like `find`, but CONFLICT when an unsigned header carries a value that differs from the signed one:
   * a header the signature does not cover never overrides, nor silently disagrees with, the signed body.
   */
  readonly findChecked: (header: HeaderGetter, body: unknown) => Found | typeof CONFLICT;
}

function firstOf(finds: readonly Find[]): Find {
  if (finds.length === 0) return () => undefined;
  if (finds.length === 1) return finds[0]!;
  return (header, body) => {
    for (const find of finds) {
      const value = find(header, body);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/**
 * Compiles a platform's locators once, ordering them by trust: body paths and headers the signature covers
 * (in their declared order) first, headers it does not cover only as a fallback.
 */
export function compileLocators(locators: readonly Locator[], signedHeaders: readonly string[]): CompiledLocators {
  const isUnsignedHeader = (l: Locator) => 'header' in l && !signedHeaders.includes(l.header.toLowerCase());
  const trusted = firstOf(locators.filter((l) => !isUnsignedHeader(l)).map(compileOne));
  const unsigned = locators.filter(isUnsignedHeader).map(compileOne);
  const fallback = firstOf(unsigned);
  const find: Find = unsigned.length === 0 ? trusted : (header, body) => trusted(header, body) ?? fallback(header, body);
  const findChecked = (header: HeaderGetter, body: unknown): Found | typeof CONFLICT => {
    const value = trusted(header, body);
    if (value === undefined) return fallback(header, body);
    for (const other of unsigned) {
      const claimed = other(header, body);
      // Header values arrive trimmed (HTTP strips surrounding whitespace): compare the body value the same way.
      if (claimed !== undefined && String(claimed) !== String(value).trim()) return CONFLICT;
    }
    return value;
  };
  return { find, findChecked };
}

const NUMERIC = /^\d+(\.\d+)?$/;
const FRACTION = /(\.\d{3})\d+/;
/** `YYYY-MM-DDTHH:mm:ss[.fraction]Z`, the form most platforms send, with its fields in range (the day up to 31). */
const UTC_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z$/;
const DIGIT_0 = 0x30;
const DASH = 0x2d;

const digits = (text: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - DIGIT_0;
  return n;
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A UTC ISO string already in range, rewritten to toISOString's form without a Date: the fraction cut or
 * padded to milliseconds. Undefined for anything else (offsets, rolled-over days, other formats).
 */
function canonicalUtcIso(text: string): string | undefined {
  if (!UTC_ISO.test(text) || digits(text, 8, 2) > daysInMonth(digits(text, 0, 4), digits(text, 5, 2))) return undefined;
  // 'YYYY-MM-DDTHH:mm:ss' is 19 characters; then '.fraction' or nothing, then 'Z'.
  if (text.length === 24) return text;
  const fraction = text.length > 20 ? text.slice(20, -1) : '';
  const millis = fraction.length > 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0');
  return `${text.slice(0, 19)}.${millis}Z`;
}

/** Normalises unix seconds, unix milliseconds or an ISO 8601 string to an ISO string in UTC; undefined if unreadable. */
export function toIsoTime(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const canonical = typeof value === 'string' && value.charCodeAt(4) === DASH ? canonicalUtcIso(value) : undefined;
  if (canonical !== undefined) return canonical;
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

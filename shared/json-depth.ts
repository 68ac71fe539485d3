/**
 * A bound on JSON nesting, checked on the text before JSON.parse. V8 parses deep JSON iteratively, but what
 * comes after does not: JSON.stringify (the re-serialised signature form, the relay's storage), validators and
 * adapters recurse, and a 1 MiB `[[[[…` costs JSON.parse ~200 ms of allocation before it fails.
 */
export const DEFAULT_MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Index of the quote closing the string whose content starts at `from`, or the text's length when unterminated. */
function stringEnd(text: string, from: number): number {
  let quote = text.indexOf('"', from);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Whether `text` holds more than `limit` opening brackets in all (then the exact scan is needed). */
function hasMoreOpenersThan(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++count > limit) return true;
  return false;
}

/**
 * Whether the JSON text nests arrays and objects more than `limit` levels deep. Brackets inside strings do not
 * count. Linear, stops at the first level over the limit, never throws; on text that is not JSON it answers
 * for the nesting JSON.parse could build before failing (it never undercounts).
 */
export function exceedsDepth(text: string, limit: number = DEFAULT_MAX_DEPTH): boolean {
  // Typical bodies hold fewer brackets than the limit in all, which two native scans settle.
  if (text.length <= limit || !hasMoreOpenersThan(text, limit)) return false;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i + 1);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return false;
}

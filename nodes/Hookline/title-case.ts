/**
 * Title Case the way n8n's own lint rules check option and parameter names (they use the `title-case`
 * package, whose rules this follows; test/n8n/title-case.test.ts compares the two on every catalog label
 * and on generated phrases): every word capitalised except short function words in the middle, words
 * that already carry capitals (API, InboundFlow) left alone. n8n nodes may not import packages at run
 * time, hence this small copy of the rule rather than the package. Not the core's titleCase
 * (shared/event-wording.ts), which writes Zapier's and Make's headline style (acronyms up, "from" low).
 */
const MINOR_WORDS = new Set([
  'a',
  'ad',
  'an',
  'and',
  'as',
  'at',
  'because',
  'but',
  'by',
  'en',
  'for',
  'if',
  'in',
  'neither',
  'nor',
  'of',
  'on',
  'only',
  'or',
  'over',
  'per',
  'so',
  'some',
  'than',
  'that',
  'the',
  'to',
  'up',
  'upon',
  'v',
  'vs',
  'versus',
  'via',
  'when',
  'with',
  'without',
  'yet',
]);

/** A word separated by whitespace, a colon or a dash; separators are kept as they are. */
const TOKEN = /[^\s:–—-]+|./g;
const HAS_INNER_CAPITAL_OR_DOT = /.(?=[A-Z]|\..)/;
const FIRST_LETTER_OR_DIGIT = /[A-Za-z0-9\u00C0-\u00FF]/;

function isMinor(token: string): boolean {
  // Like a word-boundary match: punctuation around a word does not change what it is ("(on", "on,").
  return (token.toLowerCase().match(/[a-z0-9_]+/g) ?? []).some((word) => MINOR_WORDS.has(word));
}

export function n8nTitleCase(text: string): string {
  let out = '';
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const at = match.index;
    const edge = at === 0 || at + token.length === text.length;
    const looksLikeUrl = text.charAt(at + token.length) === ':' && !/\s/.test(text.charAt(at + token.length + 1));
    const keep = HAS_INNER_CAPITAL_OR_DOT.test(token) || (isMinor(token) && !edge) || looksLikeUrl;
    out += keep ? token : token.replace(FIRST_LETTER_OR_DIGIT, (c) => c.toUpperCase());
  }
  return out;
}

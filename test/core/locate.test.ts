import fc from 'fast-check';
import { headerGetter } from '../../shared';
import { compileLocators, CONFLICT, toIsoTime } from '../../shared/locate';

/** The normalisation as it was before the fast path: Date.parse of the fraction cut to milliseconds. */
function referenceIsoTime(value: string): string | undefined {
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoLike = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    zone: fc.constantFrom('Z', 'z', '+02:00', '-0530', ''),
  })
  .map(
    ({ year, month, day, hour, minute, second, fraction, zone }) =>
      `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction === undefined ? '' : `.${fraction}`}${zone}`,
  );

describe('toIsoTime', () => {
  it('gives what Date.parse gives for any ISO-like string, fast path or not (rolled-over days, hour 24, offsets)', () => {
    fc.assert(
      fc.property(isoLike, (text) => {
        expect(toIsoTime(text)).toBe(referenceIsoTime(text));
      }),
      { numRuns: 20000 },
    );
  });

  it('reads unix seconds, milliseconds and float seconds', () => {
    expect(toIsoTime(1753659002.722044)).toBe('2025-07-27T23:30:02.722Z');
    expect(toIsoTime('1753659002')).toBe('2025-07-27T23:30:02.000Z');
    expect(toIsoTime(1753659002722)).toBe('2025-07-27T23:30:02.722Z');
    expect(toIsoTime('not a time')).toBeUndefined();
    expect(toIsoTime(1e20)).toBeUndefined();
  });
});

describe('compileLocators', () => {
  const locators = [{ header: 'X-Event' }, { body: ['event'] }, { header: 'X-Signed-Type' }];
  const { find, findChecked } = compileLocators(locators, ['x-signed-type']);
  const at = (headers: Record<string, string>, body: unknown) => [
    find(headerGetter(headers), body),
    findChecked(headerGetter(headers), body),
  ];

  it('tries the body and signed headers before unsigned headers, whatever the declared order', () => {
    expect(at({ 'x-event': 'b' }, { event: 'a' })).toEqual(['a', CONFLICT]);
    expect(at({ 'x-signed-type': 's' }, {})).toEqual(['s', 's']);
    expect(at({ 'x-event': 'h', 'x-signed-type': 's' }, {})).toEqual(['s', CONFLICT]);
  });

  it('falls back to an unsigned header only when nothing signed says', () => {
    expect(at({ 'x-event': 'h' }, {})).toEqual(['h', 'h']);
    expect(at({ 'x-event': 'a' }, { event: 'a' })).toEqual(['a', 'a']);
    expect(at({}, { event: '' })).toEqual([undefined, undefined]);
  });

  it('joins body paths (Modyo e_c + e_a) only when every part is there', () => {
    const joined = compileLocators([{ bodyJoin: [['e_c'], ['e_a']], separator: '_' }], []);
    expect(joined.find(headerGetter({}), { e_c: 'user', e_a: 'login_log' })).toBe('user_login_log');
    expect(joined.find(headerGetter({}), { e_c: 'user' })).toBeUndefined();
  });
});

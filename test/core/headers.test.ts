import { headerGetter } from '../../shared';

describe('headerGetter', () => {
  it('reads lower-case records directly and any other case through an index', () => {
    expect(headerGetter({ 'x-a': '1' })('x-a')).toBe('1');
    expect(headerGetter({ 'X-A': '1' })('x-a')).toBe('1');
    expect(headerGetter({ 'x-a': ' 1 ', 'X-B': ['2', '3'], 'x-c': 4 })('x-b')).toBe('2');
    expect(headerGetter({ 'x-a': ' 1 ' })('x-a')).toBe('1');
    expect(headerGetter({ 'x-c': 4 })('x-c')).toBe('4');
  });

  it('prefers the exact lower-case key when two keys differ only by case', () => {
    expect(headerGetter({ 'X-A': 'upper', 'x-a': 'lower' })('x-a')).toBe('lower');
  });

  it("answers for Zapier's Http- prefix; a real unprefixed header wins", () => {
    expect(headerGetter({ 'Http-X-A': 'z' })('x-a')).toBe('z');
    expect(headerGetter({ 'Http-X-A': 'z', 'X-A': 'real' })('x-a')).toBe('real');
  });

  it('reads Fetch Headers, and never inherited members of a record', () => {
    expect(headerGetter(new Headers({ 'X-A': '1' }))('x-a')).toBe('1');
    expect(headerGetter({})('constructor')).toBeUndefined();
    expect(headerGetter({ 'x-a': undefined, 'x-b': null })('x-a')).toBeUndefined();
    expect(headerGetter(null)('x-a')).toBeUndefined();
  });
});

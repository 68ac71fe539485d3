import { perSecret } from '../../shared/per-secret';

describe('perSecret', () => {
  it('derives once per secret, null included, and derives again only after the bounded cache started over', () => {
    const calls: string[] = [];
    const derive = perSecret((secret) => {
      calls.push(secret);
      return secret === 'bad' ? null : `derived:${secret}`;
    });
    expect(derive('a')).toBe('derived:a');
    expect(derive('a')).toBe('derived:a');
    expect(derive('bad')).toBeNull();
    expect(derive('bad')).toBeNull();
    expect(calls).toEqual(['a', 'bad']);
    for (let i = 0; i < 300; i++) derive(`other-${i}`);
    expect(derive('a')).toBe('derived:a');
    expect(calls.filter((c) => c === 'a')).toHaveLength(2);
  });

  it('caches nothing for a secret whose derivation throws', () => {
    let attempts = 0;
    const derive = perSecret(() => {
      attempts++;
      throw new TypeError('malformed');
    });
    expect(() => derive('x')).toThrow(TypeError);
    expect(() => derive('x')).toThrow(TypeError);
    expect(attempts).toBe(2);
  });
});

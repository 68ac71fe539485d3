import { newId } from '../../relay/ids';

describe('newId', () => {
  it('time-ordered prefix, 12 random bytes, unique across many refills of the random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId('evt'));
    for (const id of ids) expect(id).toMatch(/^evt_[0-9a-z]{9}[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // The random parts differ too, not only the clock: no two share their 16 random characters.
    expect(new Set(ids.map((id) => id.slice(-16))).size).toBe(ids.length);
    const sorted = [...ids].sort((a, b) => a.slice(4, 13).localeCompare(b.slice(4, 13)));
    expect(sorted.map((id) => id.slice(4, 13))).toEqual(ids.map((id) => id.slice(4, 13)));
  });

  it('takes any count of random bytes, more than the pool holds too', () => {
    expect(newId('src', 18)).toMatch(/^src_[0-9a-z]{9}[A-Za-z0-9_-]{24}$/);
    expect(newId('big', 5000).length).toBe(4 + 9 + Math.ceil((5000 * 4) / 3));
  });
});

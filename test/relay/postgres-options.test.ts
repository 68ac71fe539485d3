import { postgresSession } from '../../relay/db/postgres-options';

describe("the PostgreSQL session's options", () => {
  const url = 'postgres://relay:p%40ss@127.0.0.1:5432/hookline';

  it('are the relay lock timeout alone when the operator sets none', () => {
    expect(postgresSession(url, 5000, {})).toEqual({ connectionString: url, options: '-c lock_timeout=5000' });
  });

  it("add the URL's options after the relay's and take them out of the URL (pg would let them replace the relay's)", () => {
    const s = postgresSession(`${url}?sslmode=disable&options=-c%20statement_timeout%3D9000&application_name=x`, 250, {});
    expect(s.options).toBe('-c lock_timeout=250 -c statement_timeout=9000');
    expect(new URL(s.connectionString).searchParams.has('options')).toBe(false);
    expect(Object.fromEntries(new URL(s.connectionString).searchParams)).toEqual({ sslmode: 'disable', application_name: 'x' });
    // The password survives the rewrite as it was written.
    expect(s.connectionString.startsWith('postgres://relay:p%40ss@127.0.0.1:5432/hookline?')).toBe(true);
  });

  it('read the options of a URL with no host, the socket given as ?host= (pg takes it; `new URL` does not)', () => {
    const s = postgresSession('postgres://relay@/hookline?host=/var/run/postgresql&options=-c%20a.b%3D1', 100, {});
    expect(s.options).toBe('-c lock_timeout=100 -c a.b=1');
    expect(s.connectionString).toBe('postgres://relay@/hookline?host=%2Fvar%2Frun%2Fpostgresql');
  });

  it('take the last of repeated options, as pg does, and drop the query when nothing else is in it', () => {
    const s = postgresSession(`${url}?options=-c%20a.b%3D1&options=-c%20a.b%3D2`, 100, {});
    expect(s).toEqual({ connectionString: url, options: '-c lock_timeout=100 -c a.b=2' });
  });

  it("add PGOPTIONS when the URL has none; the URL's options replace PGOPTIONS, as in libpq", () => {
    expect(postgresSession(url, 100, { PGOPTIONS: '-c work_mem=8MB' }).options).toBe('-c lock_timeout=100 -c work_mem=8MB');
    expect(postgresSession(`${url}?options=-c%20a.b%3D1`, 100, { PGOPTIONS: '-c work_mem=8MB' }).options).toBe(
      '-c lock_timeout=100 -c a.b=1',
    );
  });
});

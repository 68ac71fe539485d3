import fc from 'fast-check';
import type { Compilable } from 'kysely';
import { ReusedQueries } from '../../relay/db/reused-query';
import { compileOnly } from './compile-only';

/**
 * A reused statement is exactly what kysely compiles for the same values (SQL and parameters, in order), for the
 * shapes the relay reuses: multi-row inserts, updates with constants and nulls among their values, `in` and
 * `not in` lists, a limit.
 */
const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const maybeText = fc.option(text);
const int = fc.integer({ min: 0, max: 2 ** 40 });

describe.each(['sqlite', 'postgres'] as const)('reused statements (%s)', (dialect) => {
  const db = compileOnly(dialect);

  function agrees<V extends unknown[]>(key: (values: V) => string, build: (values: readonly unknown[], shape: V) => Compilable<unknown>) {
    const reused = new ReusedQueries();
    return (values: V) => {
      const fresh = build(values, values).compile();
      const again = reused.query(key(values), values, (v) => build(v, values));
      expect(again.sql).toBe(fresh.sql);
      expect(again.parameters).toEqual(fresh.parameters);
    };
  }

  it('a claim: a hook, a time, a limit and a not-in list of any length', () => {
    const check = agrees<unknown[]>(
      (v) => `due:${v.length - 3}`,
      ([hookId, at, limit, ...skip]) => {
        let q = db
          .selectFrom('deliveries')
          .select(['id', 'event_id'])
          .where('hook_id', '=', hookId as string)
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at as number);
        if (skip.length) q = q.where('id', 'not in', skip as number[]);
        return q.orderBy('next_attempt_at').limit(limit as number);
      },
    );
    fc.assert(
      fc.property(text, int, fc.integer({ min: 1, max: 64 }), fc.array(int, { maxLength: 8 }), (hook, at, limit, skip) =>
        check([hook, at, limit, ...skip]),
      ),
      { numRuns: 300 },
    );
  });

  it('an update whose shape depends on an outcome, with nulls and constants among its values', () => {
    type Shape = [string, number, number | null, number | null, string | null, number, boolean];
    const check = agrees<Shape>(
      ([, , retryAt, , , , delivered]) => `outcome:${retryAt !== null}:${delivered}`,
      (v, [, , retryAt, , , , delivered]) =>
        db
          .updateTable('deliveries')
          .set({
            status: v[0] as 'pending',
            attempts: v[1] as number,
            ...(retryAt !== null ? { next_attempt_at: v[2] as number } : {}),
            claimed_until: null,
            last_status: v[3] as number | null,
            last_error: v[4] as string | null,
            ...(delivered ? { delivered_at: v[5] as number } : {}),
          })
          .where('id', '=', v[5] as number)
          .where('status', '=', 'pending'),
    );
    fc.assert(
      fc.property(fc.tuple(text, int, fc.option(int), fc.option(int), maybeText, int, fc.boolean()), (values) => check(values as Shape)),
      { numRuns: 300 },
    );
  });

  it('a multi-row insert of any size', () => {
    const check = agrees<unknown[]>(
      (v) => `attempts:${v.length / 3}`,
      (v) =>
        db.insertInto('attempts').values(
          Array.from({ length: v.length / 3 }, (_, i) => ({
            delivery_id: v[i * 3] as number,
            attempt: 1,
            at: v[i * 3 + 1] as number,
            status: null,
            error: v[i * 3 + 2] as string | null,
            duration_ms: 0,
            response_excerpt: null,
          })),
        ),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(int, int, maybeText), { minLength: 1, maxLength: 6 }), (rows) => check(rows.flat())),
      { numRuns: 300 },
    );
  });

  it('compiles each shape once', () => {
    const reused = new ReusedQueries();
    const build = (v: readonly unknown[]) =>
      db
        .selectFrom('events')
        .select('id')
        .where('id', 'in', v as string[]);
    for (const ids of [['a'], ['b'], ['c', 'd'], ['e', 'f'], ['g']]) reused.query(`events:${ids.length}`, ids, build);
    expect(reused.size).toBe(2);
  });
});

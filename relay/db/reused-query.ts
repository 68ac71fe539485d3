import { CompiledQuery, type Compilable } from 'kysely';

/** Stands for the value at `index` in a shape's first build, to find where kysely puts it among the parameters. */
const SENTINEL_PREFIX = '\u0000hookline-value-';
const sentinel = (index: number) => `${SENTINEL_PREFIX}${index}`;
/** The index a parameter stands for, or -1 when it is a constant of the statement. */
const sentinelIndex = (p: unknown): number =>
  typeof p === 'string' && p.startsWith(SENTINEL_PREFIX) ? Number(p.slice(SENTINEL_PREFIX.length)) : -1;

type Placement = { readonly value: number } | { readonly constant: unknown };

/**
 * Hot statements kysely builds and compiles once per shape, then reuses with new values: building and compiling a
 * query cost the relay more CPU than SQLite took to run most of them. A shape's first build is given sentinel
 * values; where each lands in the compiled parameters is where later values go, so the SQL and the order of its
 * parameters are always kysely's own. `key` must name everything that changes the SQL besides values: list
 * lengths, optional clauses.
 */
export class ReusedQueries {
  private readonly shapes = new Map<string, { readonly sql: string; readonly placements: readonly Placement[] }>();

  query<R>(key: string, values: readonly unknown[], build: (values: readonly unknown[]) => Compilable<R>): CompiledQuery<R> {
    let shape = this.shapes.get(key);
    if (!shape) {
      const compiled = build(values.map((_, i) => sentinel(i))).compile();
      const placements = compiled.parameters.map((p): Placement => {
        const index = sentinelIndex(p);
        return index >= 0 ? { value: index } : { constant: p };
      });
      shape = { sql: compiled.sql, placements };
      this.shapes.set(key, shape);
    }
    const parameters = shape.placements.map((p) => ('value' in p ? values[p.value] : p.constant));
    return CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<R>;
  }

  /** How many shapes are compiled (for tests). */
  get size(): number {
    return this.shapes.size;
  }
}

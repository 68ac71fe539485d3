import type { CreateTableBuilder } from 'kysely';
import type { DbKind } from '../connect';

/** What a migration needs to know about the database it runs on: the one schema, spelled per dialect. */
export interface MigrationContext {
  readonly kind: DbKind;
  /** The column type of unix-millisecond times and other 64-bit integers. */
  readonly big: 'bigint' | 'integer';
  /** Adds an auto-incrementing integer primary key `id`. */
  readonly serialId: <T extends string>(table: CreateTableBuilder<T, never>) => CreateTableBuilder<T, 'id'>;
}

export function migrationContext(kind: DbKind): MigrationContext {
  return {
    kind,
    big: kind === 'postgres' ? 'bigint' : 'integer',
    serialId: (table) =>
      kind === 'postgres'
        ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  };
}

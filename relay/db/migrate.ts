import { Migrator } from 'kysely';
import type { Db } from './connect';
import { migrations } from './migrations';

export class MigrationError extends Error {}

function migrator({ kysely, kind }: Db): Migrator {
  return new Migrator({
    db: kysely,
    provider: { getMigrations: async () => migrations(kind) },
    // Migrations written on parallel branches (e.g. 002 landing after 003) touch different tables, so a
    // database that ran 003 first still takes 002.
    allowUnorderedMigrations: true,
  });
}

/** Runs every migration not yet applied (kysely's Migrator; its lock keeps concurrent starts apart). */
export async function migrate(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(`Migration ${failed ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationStatus {
  readonly current: boolean;
  readonly applied: number;
  readonly pending: readonly string[];
}

/** Whether every migration this build knows has been applied (GET /readyz). */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const all = await migrator(db).getMigrations();
  const pending = all.filter((m) => m.executedAt === undefined).map((m) => m.name);
  return { current: pending.length === 0, applied: all.length - pending.length, pending };
}

import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index';

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
    // Work on separate capabilities lands side by side: a migration stamped earlier than one already applied (each
    // touches its own tables) runs instead of the migrator refusing the whole database.
    allowUnorderedMigrations: true,
  });
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return result;
}

/** Names of the migrations this code knows that the database has not run (readiness: migrations current). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const infos = await createMigrator(db).getMigrations();
  return infos.filter((m) => !m.executedAt).map((m) => m.name);
}

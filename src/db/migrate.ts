import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>) {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`数据库迁移失败 (migration failed): ${failed?.migrationName ?? ''} ${(error as Error)?.message ?? error ?? ''}`);
  }
  return results?.map((r) => r.migrationName) ?? [];
}

// Kysely applies migrations in name order; list them the same way (index.ts is appended to in landing order).
export const migrationNames = () => Object.keys(migrations).sort();

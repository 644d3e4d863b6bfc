// Opening the configured database the way every entry point (server, CLI) must:
// embedded → lock the data directory first; then migrate.
import path from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { lockDataDir } from './db/lock.js';
import { migrateToLatest } from './db/migrate.js';

export async function openConfigured(config: Config): Promise<Database & { release: () => void }> {
  let release = () => {};
  if (!config.databaseUrl) release = lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pg'),
      timeZone: config.timeZone,
    });
    await migrateToLatest(database.db);
    return {
      ...database,
      release,
      close: async () => {
        await database.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

// `npm run db:import -- <file>`: load an export into DATABASE_URL (the usual case) or the embedded
// database. The target is migrated first and must be empty; the import is one transaction.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { formatCounts, importDatabase, PortableError, type Progress } from '../db/portable.js';
import { openConfigured } from '../runtime.js';

const printProgress = (p: Progress) => {
  if (p.rows === p.total || p.rows % 10_000 === 0) console.log(`  ${p.table}: ${p.rows}/${p.total}`);
};

async function main() {
  const arg = process.argv[2];
  if (!arg) throw new PortableError('用法 usage: npm run db:import -- <file.fqx.gz>');
  const file = path.resolve(arg);
  if (!existsSync(file)) throw new PortableError(`找不到文件 ${file} (no such file)`);
  const config = loadConfig();
  const database = await openConfigured(config);
  try {
    console.log(`导入 importing ${file} → ${database.kind === 'pglite' ? config.dataDir : 'DATABASE_URL'}`);
    const { tables } = await importDatabase(database.db, file, { onProgress: printProgress });
    console.log(`导入完成 (import complete)\n${formatCounts(tables)}`);
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  const known = e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof PortableError;
  console.error(`导入失败 (import failed): ${known ? e.message : ((e as Error).message ?? e)}`);
  process.exit(1);
});

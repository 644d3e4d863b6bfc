// `npm run db:export -- [file]`: the whole database (embedded or DATABASE_URL) to one portable file.
// Default file: fengqiao-<business date>.fqx.gz. Refuses to overwrite a file, and refuses to open the
// embedded database while the server holds it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { businessDate } from '../db/business-time.js';
import { exportDatabase, formatCounts, PortableError, type Progress } from '../db/portable.js';
import { openConfigured } from '../runtime.js';

const printProgress = (p: Progress) => {
  if (p.rows === p.total || p.rows % 10_000 === 0) console.log(`  ${p.table}: ${p.rows}/${p.total}`);
};

async function main() {
  const config = loadConfig();
  const file = path.resolve(process.argv[2] ?? `fengqiao-${businessDate(new Date(), config.timeZone)}.fqx.gz`);
  if (existsSync(file)) throw new PortableError(`文件 ${file} 已存在，不会覆盖 (${file} exists: it is not overwritten)`);
  const database = await openConfigured(config);
  try {
    console.log(`导出 exporting ${database.kind === 'pglite' ? config.dataDir : 'DATABASE_URL'} → ${file}`);
    const { tables } = await exportDatabase(database.db, file, { source: database.kind, onProgress: printProgress });
    console.log(`导出完成 (export complete): ${file}\n${formatCounts(tables)}`);
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  const known = e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof PortableError;
  console.error(`导出失败 (export failed): ${known ? e.message : ((e as Error).message ?? e)}`);
  process.exit(1);
});

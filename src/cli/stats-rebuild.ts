// `npm run stats:rebuild`: recompute every statistics row (case_stat_deltas) from the cases and their
// timelines, in one transaction, then compact them into the rollup again (case_stat_rollup). Run once after
// upgrading to the statistics migration, or to check the rollups.
import { loadConfig, ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { openConfigured } from '../runtime.js';
import { rebuild } from '../modules/stats/stats.rebuild.js';

async function main() {
  const database = await openConfigured(loadConfig());
  try {
    const r = await rebuild(database.db, database.timeZone);
    console.log(`统计已重建：${r.cases} 件案件，${r.rows} 条统计行，已汇总 ${r.folded} 行 (statistics rebuilt: ${r.cases} cases, ${r.rows} rows, ${r.folded} compacted)`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
    process.exit(1);
  },
);

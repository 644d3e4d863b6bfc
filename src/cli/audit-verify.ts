// `npm run audit:verify`: seal what is pending, then walk the audit hash chain and name the first broken row.
import { loadConfig, ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { openConfigured } from '../runtime.js';
import { seal, verify } from '../modules/audit/audit.service.js';

async function main() {
  const database = await openConfigured(loadConfig());
  try {
    const sealed = await seal(database.db);
    const s = await verify(database.db);
    console.log(`sealed now: ${sealed}; chain: ${s.sealed} links; unsealed rows: ${s.unsealed}`);
    if (s.ok) {
      console.log('审计链完整 (audit chain intact)');
      return 0;
    }
    console.error(`审计链在第 ${s.firstBroken!.seq} 环断开：审计记录 id ${s.firstBroken!.auditId} — ${s.firstBroken!.reason}`);
    console.error(`(audit chain broken at link ${s.firstBroken!.seq}: audit row id ${s.firstBroken!.auditId} — ${s.firstBroken!.reason})`);
    return 2;
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

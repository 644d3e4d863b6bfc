// `npm run keys:rotate`: after adding a new key to FQ_DATA_KEYS and making it FQ_DATA_KEY_ACTIVE,
// re-seal every value still under an older key. Then the old key can be removed from FQ_DATA_KEYS.
import { loadConfig, ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { openConfigured } from '../runtime.js';
import { createCipherSuite } from '../modules/personal/index.js';
import { rotateSealedColumns, rotateSealedFiles } from '../modules/personal/rotate.js';
import path from 'node:path';

async function main() {
  const config = loadConfig();
  const database = await openConfigured(config);
  try {
    const cipher = createCipherSuite(config.crypto);
    const n = await rotateSealedColumns(database.db, cipher, 500, (t, c, k) => console.log(`${t}.${c}: ${k} rows checked`));
    console.log(`已用密钥 ${cipher.activeKeyId} 重新加密 ${n} 个字段值 (re-sealed ${n} values with key ${cipher.activeKeyId})`);
    const files = await rotateSealedFiles(path.join(config.dataDir, 'files'), cipher);
    console.log(`已重新加密 ${files} 个加密文件 (re-sealed ${files} sealed files: key-person visit photos)`);
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
  process.exit(1);
});

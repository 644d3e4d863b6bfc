// The import CLI: refuses to open the embedded database while another process holds it, and through a
// running server it uploads, follows the job and prints the row-level report.
import './exceljs-utf8.js'; // before exceljs
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ExcelJS } from './exceljs-utf8.js';
import { testApp } from '../../../test/helpers.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';

const run = promisify(execFile);
const CLI = path.resolve('src/cli/import-register.ts');
const TSX = path.resolve('node_modules/.bin/tsx');

async function smallFile(dir: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(['姓名', '证件类型', '证件号码', '联系电话', '网格编码', '户籍类型']);
  ws.addRow(['巴特尔', '', '150821198805050019', '', '150826100001001', '户籍']);
  ws.addRow(['乌云', '', '150821198805050010', '', '150826100001001', '户籍']);
  const file = path.join(dir, '人口.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe('npm run import', () => {
  it('refuses to open the embedded database while another process holds it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fq-cli-'));
    try {
      writeFileSync(path.join(dir, 'fengqiao.lock'), String(process.pid)); // this test process: alive
      const file = await smallFile(dir);
      const env = { ...process.env, FQ_DATA_DIR: dir, DATABASE_URL: '', NODE_ENV: 'development' };
      const r = await run(TSX, [CLI, 'people', file, '--as', 'village'], { env }).then(() => null, (e: { code: number; stderr: string }) => e);
      expect(r?.code).toBe(1);
      expect(r?.stderr).toContain(`正被进程 ${process.pid} 使用`);
      expect(r?.stderr).toContain('go through the running server');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('goes through a running server: login, upload, progress, the report', async () => {
    const t = await testApp();
    const dir = mkdtempSync(path.join(tmpdir(), 'fq-cli-'));
    try {
      const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const file = await smallFile(dir);
      const r = await run(TSX, [CLI, 'people', file, '--url', url, '--user', 'village', '--password', DEMO_PASSWORD]).then(() => null, (e: { code: number; stdout: string }) => e);
      expect(r?.code).toBe(2); // the second ID has a wrong check character: nothing written
      expect(r?.stdout).toContain('第 3 行');
      expect(r?.stdout).toContain('证件号码');
      expect(r?.stdout).toContain('已写入 0');
      const ok = await run(TSX, [CLI, 'people', file, '--valid-only', '--url', url, '--user', 'village', '--password', DEMO_PASSWORD]);
      expect(ok.stdout).toContain('done');
      expect(ok.stdout).toContain('已写入 1');
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

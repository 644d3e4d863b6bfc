// PGlite has no lock of its own: our lock file makes a second process refuse the same data directory.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lockDataDir, DataDirLockedError } from '../src/db/lock.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fq-lock-'));
let holder: ChildProcess | undefined;
afterAll(() => {
  if (holder?.pid && holder.exitCode === null) holder.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startHolder(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/hold-lock.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout!.on('data', (d) => String(d).includes('locked') && resolve(p));
    p.on('error', reject);
    p.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe('data-directory lock', () => {
  it('a second process refuses the directory and says which process holds it', async () => {
    holder = await startHolder();
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(`进程 ${holder.pid}`);
    expect((err as Error).message).toContain('in use by process');
  });

  it('a second server on the same data directory refuses to start, saying why', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, FQ_DATA_DIR: dir, PORT: '0', DATABASE_URL: '' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('启动失败');
    expect(r.stderr).toContain(`data directory ${dir} is in use by process ${holder!.pid}`);
  });

  it('a lock left by a dead process is taken over', async () => {
    holder!.kill('SIGKILL');
    await new Promise((r) => holder!.once('exit', r));
    expect(existsSync(path.join(dir, 'fengqiao.lock'))).toBe(true);
    const release = lockDataDir(dir);
    release();
    expect(existsSync(path.join(dir, 'fengqiao.lock'))).toBe(false);
  });
});

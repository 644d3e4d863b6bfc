// Test builders: a fresh database per test file (cloned from the template), the app on it,
// an injected clock, and logins through the real API.
import { inject } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import type { Clock } from '../src/db/business-time.js';
import { TEMPLATE_DB, withDatabaseName } from './db-url.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';

export const TZ = 'Asia/Shanghai';
export const onPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

/** A fresh database with the migrated, demo-seeded template's contents. */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `fq_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('postgresTemplate') || TEMPLATE_DB}`);
    await admin.end();
    const db = await openDatabase({ url: withDatabaseName(url, name), timeZone: TZ, poolSize: 4 });
    return {
      ...db,
      close: async () => {
        await db.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const tar = readFileSync(inject('pgliteTemplate'));
  return openDatabase({ timeZone: TZ, loadDataDir: new Blob([tar]) });
}

/** A clock that only moves when a test moves it. */
export function testClock(start = new Date('2026-11-28T09:00:00+08:00')) {
  let t = start.getTime();
  const clock: Clock & { set(d: Date | string): void; advance(ms: number): void } = {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
  return clock;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ReturnType<typeof testClock>;
  filesDir: string;
  /** log in as a demo account; returns the cookie header to send */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function testApp(o: { demo?: boolean } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const clock = testClock();
  const filesDir = mkdtempSync(path.join(tmpdir(), 'fq-files-'));
  const app = await buildApp({ db: database.db, database, clock, version: 'test', demo: o.demo ?? true, filesDir });
  await app.ready();
  return {
    app,
    database,
    clock,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'fq_session')!;
      return `fq_session=${c.value}`;
    },
    filesDir,
    async close() {
      await app.close();
      await database.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A multipart/form-data body with one file, for app.inject. */
export function multipartFile(filename: string, content: Buffer | string, contentType = 'application/octet-stream', field = 'file') {
  const boundary = `----fq${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

// Builds one migrated, demo-seeded template per run. Each test file then clones it:
// PGlite loads the saved data directory; PostgreSQL uses CREATE DATABASE … TEMPLATE.
import type { TestProject } from 'vitest/node';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import { TEMPLATE_DB, withDatabaseName } from './db-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // One template per run (pid in the name), so two checkouts can run the suite on one server at once.
    const template = `${TEMPLATE_DB}_${process.pid}`;
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const db = await openDatabase({ url: withDatabaseName(url, template), timeZone: 'Asia/Shanghai', poolSize: 1 });
    await migrateToLatest(db.db);
    await seedDemo(db.db);
    await db.close();
    project.provide('postgresTemplate', template);
    project.provide('pgliteTemplate', '');
    return async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${template} with (force)`);
      await a.end();
    };
  }
  const db = await openDatabase({ timeZone: 'Asia/Shanghai' });
  await migrateToLatest(db.db);
  await seedDemo(db.db);
  const blob = await db.pglite!.dumpDataDir('gzip');
  await db.close();
  const dir = path.resolve('.fq-test');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `template-${process.pid}.tar.gz`);
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
}

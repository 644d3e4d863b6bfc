// A database of its own for one benchmark run on the PostgreSQL server (TEST_DATABASE_URL or the local one),
// dropped afterwards whatever happens.
import pg from 'pg';

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The address of database `name` on the same server. */
export const databaseUrl = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

/** Creates `<prefix>_<pid>`, runs `f` with its address, drops it. */
export async function withScratchDatabase<T>(prefix: string, f: (url: string, name: string) => Promise<T>): Promise<T> {
  const name = `${prefix}_${process.pid}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`create database ${name}`);
    return await f(databaseUrl(name), name);
  } finally {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

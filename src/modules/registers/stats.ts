// Counts per grid, village and town (like the seed's police station: houses, rented houses, people, floating
// people, units): grouped per grid in SQL within the caller's scope, rolled up to the children of one node.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inScopePaths } from '../../http/scope.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { notFound, text } from '../../http/errors.js';
import { visible } from './visible.js';

export const COUNTS = ['houses', 'rented', 'people', 'floating', 'establishments', 'keypersons'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;
const zero = (): Counts => ({ houses: 0, rented: 0, people: 0, floating: 0, establishments: 0, keypersons: 0 });

async function perGrid(db: Kysely<DB>, user: SessionUser, under: string) {
  const scoped = sql`${inScopePaths('r.path', user.scopePaths)} and r.path like ${under + '%'}`;
  const rows = await sql<{ path: string; houses: number; rented: number; people: number; floating: number; establishments: number; keypersons: number }>`
    select r.path,
      coalesce(h.n, 0) as houses, coalesce(h.rented, 0) as rented,
      coalesce(p.n, 0) as people, coalesce(p.floating, 0) as floating,
      coalesce(e.n, 0) as establishments, coalesce(k.n, 0) as keypersons
    from regions r
    left join (select grid_id, count(*) as n, count(*) filter (where rented) as rented from housing where ${visible('housing')} group by grid_id) h on h.grid_id = r.id
    left join (select grid_id, count(*) as n, count(*) filter (where registration = 'floating') as floating from people where ${visible('people')} group by grid_id) p on p.grid_id = r.id
    left join (select grid_id, count(*) as n from establishments where ${visible('establishments')} group by grid_id) e on e.grid_id = r.id
    left join (select grid_id, count(*) as n from keypersons where status = 'active' and ${visible('keypersons')} group by grid_id) k on k.grid_id = r.id
    where ${scoped} and (h.n is not null or p.n is not null or e.n is not null or k.n is not null)`.execute(db);
  return rows.rows;
}

export async function registerStats(db: Kysely<DB>, user: SessionUser, regionCode?: string) {
  const code = regionCode ?? user.regionCode ?? undefined;
  if (!code) throw notFound(text('请选择区域', 'choose a region'));
  const { node } = await resolve(db, code);
  const children = await db.selectFrom('regions').select(['id', 'code', 'name', 'level', 'path']).where('parentId', '=', node.id).where('status', '=', 'active').orderBy('code').execute();
  const grids = await perGrid(db, user, node.path);
  const seeKeypersons = user.permissions.includes('keyperson.read');
  const total = zero();
  const rows = children.map((c) => ({ code: c.code, name: c.name, level: c.level, ...zero() }));
  for (const g of grids) {
    const target = rows.find((_, i) => g.path.startsWith(children[i].path));
    for (const k of COUNTS) {
      const n = Number(g[k]);
      total[k] += n;
      if (target) target[k] += n;
    }
  }
  if (!seeKeypersons) {
    for (const r of rows) delete (r as Partial<Counts>).keypersons;
    delete (total as Partial<Counts>).keypersons;
  }
  return { region: { code: node.code, name: node.name, level: node.level }, total, children: rows.filter((r) => COUNTS.some((k) => (r as Partial<Counts>)[k])) };
}

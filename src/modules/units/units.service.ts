// Units: the office of each county, town and village, and departments attached to a county or town.
// A unit's jurisdiction is a set of region nodes (a 派出所 or 人民法庭 can span towns).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound, text } from '../../http/errors.js';
import { pathIds, scopeOf } from '../../http/scope.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';

export const UNIT_KINDS: Record<string, string> = {
  office: '综治中心/办公室',
  mediation_committee: '人民调解委员会',
  mediation_center: '矛盾纠纷调解中心',
  justice_bureau: '司法局',
  justice_office: '司法所',
  court: '人民法院',
  tribunal: '速裁庭/人民法庭',
  police_bureau: '公安局',
  police_station: '派出所',
  hr_bureau: '人社局',
  petition_bureau: '信访局',
  natural_resources: '自然资源局',
  health_commission: '卫健委',
  grid_team: '网格工作队',
  other: '其他',
};

/** Units the caller may see, optionally only those attached inside `regionCode`'s subtree. */
export async function listUnits(db: Kysely<DB>, user: SessionUser, regionCode?: string) {
  const scope = scopeOf(user);
  let q = db
    .selectFrom('units')
    .innerJoin('regions', 'regions.id', 'units.regionId')
    .select(['units.id', 'units.name', 'units.kind', 'units.parentId', 'units.status', 'regions.id as regionId', 'regions.code as regionCode', 'regions.name as regionName'])
    .select((eb) =>
      eb
        .selectFrom('unitJurisdictions')
        .innerJoin('regions as j', 'j.id', 'unitJurisdictions.regionId')
        .select(sql<string[]>`coalesce(array_agg(j.code order by j.code), '{}')`.as('codes'))
        .whereRef('unitJurisdictions.unitId', '=', 'units.id')
        .as('jurisdiction'),
    )
    .where('units.status', '=', 'active')
    .orderBy('regions.code')
    .orderBy('units.id');
  if (scope.kind === 'unit') {
    q = q.where((eb) => eb.or([eb('units.id', '=', scope.unitId), eb('units.parentId', '=', scope.unitId), eb('units.id', '=', eb.selectFrom('units as me').select('me.parentId').where('me.id', '=', scope.unitId))]));
  } else {
    const path = scope.kind === 'region' ? scope.path : (scope.villagePath ?? '/nowhere/');
    q = q.where((eb) => eb.or([eb('regions.path', 'like', `${path}%`), eb('regions.id', 'in', pathIds(path).length ? pathIds(path) : [0])]));
  }
  if (regionCode) {
    const { node } = await resolve(db, regionCode);
    const visible = scope.kind === 'unit' || node.path.startsWith(scope.kind === 'region' ? scope.path : (scope.villagePath ?? '/nowhere/')) ||
      pathIds(scope.kind === 'region' ? scope.path : scope.villagePath).includes(node.id);
    if (!visible) throw notFound(text(`区划 ${regionCode} 不存在`, `region ${regionCode} not found`));
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, kindName: UNIT_KINDS[r.kind] ?? r.kind, jurisdiction: r.jurisdiction ?? [] }));
}

export async function unitById(db: Kysely<DB>, user: SessionUser, id: number) {
  const all = await listUnits(db, user);
  const u = all.find((x) => x.id === id);
  if (!u) throw notFound(text('单位不存在', 'unit not found'));
  return u;
}

// Demo registers in the seed's places: standard addresses (小区 → 楼栋 → 单元 → 户室) in 西环社区's small grids and
// 蓝天社区's grids, houses (a quarter rented), the demo residents placed in them, shops and companies with invented
// contacts (phones sealed), and key persons of several categories with cadres and a visit each. Deterministic.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CipherSuite } from '../modules/personal/index.js';
import { nextDue } from '../modules/keypersons/keypersons.fields.js';
import { rng } from './people.js';

const PLACES: Record<string, string> = {
  '150826100001001001': '幸福小区', '150826100001001002': '团结巷', '150826100001001003': '建设平房区', '150826100001001004': '富民小区',
  '150826100001002001': '胜利巷', '150826100001002002': '新村一组', '150826100001002003': '新村二组', '150826100001002004': '育才小区',
  '150826100001003001': '和谐家园', '150826100001003002': '金穗小区', '150826100001003003': '长青巷', '150826100001003004': '光明平房区',
  '150826100001004001': '锦绣小区', '150826100001004002': '顺达巷', '150826100001004003': '丰泽小区', '150826100001004004': '康乐小区',
  '150825100001001': '蓝天小区', '150825100001002': '阳光嘉园',
};

export const DEMO_ESTABLISHMENTS: { grid: string; name: string; kind: string; contact: string }[] = [
  { grid: '150826100001001001', name: '幸福便民超市', kind: 'shop', contact: '王春梅' },
  { grid: '150826100001001002', name: '团结巷修车铺', kind: 'shop', contact: '李国庆' },
  { grid: '150826100001002001', name: '胜利巷清真餐馆', kind: 'shop', contact: '马德明' },
  { grid: '150826100001002004', name: '育才文具店', kind: 'shop', contact: '张欣怡' },
  { grid: '150826100001003001', name: '河套农资有限公司', kind: 'company', contact: '刘金山' },
  { grid: '150826100001003002', name: '金穗物业服务中心', kind: 'company', contact: '赵永红' },
  { grid: '150826100001004001', name: '锦绣社区老年协会', kind: 'organisation', contact: '孙玉兰' },
  { grid: '150826100001004003', name: '陕坝大妈志愿服务队', kind: 'organisation', contact: '陈桂兰' },
  { grid: '150825100001001', name: '蓝天药店', kind: 'shop', contact: '其其格' },
  { grid: '150825100001002', name: '巴音宝力格小学', kind: 'institution', contact: '巴特尔' },
];

/** The demo contacts' phones (the plaintext scans look for them). */
export function demoEstablishmentPhones(): string[] {
  const r = rng(77);
  return DEMO_ESTABLISHMENTS.map(() => `13${String(4 + Math.floor(r() * 6))}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`);
}

const KEYPERSONS: { category: string; risk: 'green' | 'yellow' | 'red'; attributes: Record<string, unknown>; facts: Record<string, unknown> }[] = [
  { category: 'correction', risk: 'yellow', attributes: { startDate: '2026-03-01', endDate: '2027-02-28' }, facts: { correctionType: '缓刑', crime: '危险驾驶罪' } },
  { category: 'correction', risk: 'green', attributes: { startDate: '2025-09-15', endDate: '2026-12-14' }, facts: { correctionType: '管制', crime: '寻衅滋事罪' } },
  { category: 'released', risk: 'yellow', attributes: { releaseDate: '2026-06-20', placement: '已安置' }, facts: { crime: '盗窃罪' } },
  { category: 'mental', risk: 'red', attributes: { guardian: '其母' }, facts: { dangerLevel: 3, diagnosis: '精神分裂症', medication: '间断服药' } },
  { category: 'mental', risk: 'green', attributes: { guardian: '其妻' }, facts: { dangerLevel: 1, medication: '规律服药' } },
  { category: 'drug', risk: 'yellow', attributes: { controlStatus: '在控' }, facts: { drugType: '冰毒', lastTest: '2026-10-12' } },
  { category: 'aids', risk: 'green', attributes: { followUp: '随访中' }, facts: { riskType: '高危行为' } },
  { category: 'youth_left_behind', risk: 'green', attributes: { guardian: '祖父母', schooling: '在校' }, facts: {} },
  { category: 'youth_idle', risk: 'yellow', attributes: { schooling: '辍学', helpMeasures: '职业技能培训' }, facts: {} },
  { category: 'youth_inmate_child', risk: 'green', attributes: { guardian: '其母', schooling: '在校' }, facts: {} },
  { category: 'petitioner', risk: 'red', attributes: { issue: '宅基地确权争议', lastPetition: '2026-09-03' }, facts: {} },
  { category: 'stability', risk: 'yellow', attributes: { controlStatus: '稳控' }, facts: { issue: '拆迁补偿群体诉求' } },
  { category: 'empty_nest', risk: 'green', attributes: { emergencyContact: '邻居' }, facts: { health: '高血压' } },
];

const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export async function seedRegisters(trx: Kysely<DB>, cipher: CipherSuite, now = new Date()) {
  const r = rng(31);
  const grids = await trx.selectFrom('regions').select(['id', 'code']).where('code', 'in', Object.keys(PLACES)).where('status', '=', 'active').execute();
  const gridId = new Map(grids.map((g) => [g.code, g.id]));
  const users = new Map((await trx.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  // the address tree, one batch per level; paths from the parents' in one statement per level
  type Node = { id: number; gridId: number; fullName: string };
  const level = async (kind: 'place' | 'building' | 'unit' | 'room', rows: { parent: Node | null; name: string; gridId: number }[]) => {
    if (rows.length === 0) return [] as Node[];
    const out = await trx.insertInto('addresses')
      .values(rows.map((x) => ({ parentId: x.parent?.id ?? null, kind, name: x.name, fullName: (x.parent?.fullName ?? '') + x.name, gridId: x.gridId })))
      .returning(['id', 'gridId', 'fullName']).execute();
    if (kind === 'place') await sql`update addresses set path = '/' || id || '/' where kind = 'place' and path = ''`.execute(trx);
    else await sql`update addresses c set path = p.path || c.id || '/' from addresses p where c.parent_id = p.id and c.kind = ${kind} and c.path = ''`.execute(trx);
    return out;
  };
  const places = await level('place', Object.entries(PLACES).filter(([code]) => gridId.has(code)).map(([code, name]) => ({ parent: null, name, gridId: gridId.get(code)! })));
  const buildings = await level('building', places.flatMap((p) => [1, 2].map((b) => ({ parent: p, name: `${b}号楼`, gridId: p.gridId }))));
  const units = await level('unit', buildings.flatMap((b) => [1, 2].map((u) => ({ parent: b, name: `${u}单元`, gridId: b.gridId }))));
  const rooms = await level('room', units.flatMap((u) => ['101', '102', '201', '202'].map((name) => ({ parent: u, name, gridId: u.gridId }))));
  const roomsByGrid = new Map<number, number[]>();
  for (const room of rooms) roomsByGrid.set(room.gridId, [...(roomsByGrid.get(room.gridId) ?? []), room.id]);
  // houses: one per room, about a quarter rented
  const houseRows = rooms.map((room) => ({ addressId: room.id, gridId: room.gridId, use: r() < 0.9 ? 'residential' : 'commercial', rented: r() < 0.25, area: 50 + Math.floor(r() * 80) }));
  const houses = await trx.insertInto('housing').values(houseRows).returning(['id', 'addressId', 'rented']).execute();
  const houseOf = new Map(houses.map((h) => [h.addressId, { id: h.id, rented: h.rented }]));
  // residents: placed in rooms of their grid (or of their big grid's first small grid), with household numbers
  const people = await trx.selectFrom('people').innerJoin('regions', 'regions.id', 'people.gridId').select(['people.id', 'people.registration', 'people.gridId', 'regions.code']).orderBy('people.id').execute();
  let hh = 1;
  for (const [i, p] of people.entries()) {
    const rooms = roomsByGrid.get(p.gridId);
    if (!rooms) continue;
    const addressId = rooms[i % rooms.length];
    const house = houseOf.get(addressId)!;
    await trx.updateTable('people').set({ addressId, householdNo: `XH${String(hh++).padStart(5, '0')}`, householdRelation: '户主' }).where('id', '=', p.id).execute();
    if (p.registration === 'floating') {
      if (!house.rented) await trx.updateTable('housing').set({ rented: true }).where('id', '=', house.id).execute();
      house.rented = true;
      await trx.insertInto('housingTenants').values({ housingId: house.id, personId: p.id }).execute();
    } else {
      await trx.updateTable('housing').set({ ownerPersonId: p.id }).where('id', '=', house.id).execute();
    }
  }
  // establishments with sealed contact phones
  const phones = demoEstablishmentPhones();
  for (const [i, e] of DEMO_ESTABLISHMENTS.entries()) {
    const grid = gridId.get(e.grid);
    if (!grid) continue;
    await trx.insertInto('establishments').values({
      name: e.name, kind: e.kind, gridId: grid, addressId: roomsByGrid.get(grid)?.[0] ?? null, contactName: e.contact,
      contactPhoneSealed: cipher.encrypt(phones[i]), contactPhoneIndex: cipher.blindIndex('phone', phones[i]), employees: 1 + Math.floor(r() * 30),
    }).execute();
  }
  // key persons: residents of 西环社区, one per default category, the grid worker and the village secretary as cadres
  const xihuan = people.filter((p) => p.code.startsWith('150826100001001') || p.code.startsWith('150826100001002'));
  const cats = new Map((await trx.selectFrom('keypersonCategories').select(['code', 'visitDays']).execute()).map((c) => [c.code, c.visitDays]));
  const today = ymd(now);
  for (const [i, k] of KEYPERSONS.entries()) {
    const p = xihuan[i % xihuan.length];
    if (!p || !cats.has(k.category)) continue;
    const lastVisitOn = addDays(today, -(3 + Math.floor(r() * 20)));
    const row = await trx.insertInto('keypersons').values({
      personId: p.id, categoryCode: k.category, gridId: p.gridId, risk: k.risk, attributes: JSON.stringify(k.attributes),
      factsSealed: Object.keys(k.facts).length ? cipher.encrypt(JSON.stringify(k.facts)) : null,
      lastVisitOn, nextDueOn: nextDue(lastVisitOn, cats.get(k.category)!, k.risk), createdBy: users.get('grid') ?? null,
    }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    if (!row) continue;
    for (const u of ['grid', 'village']) if (users.has(u)) await trx.insertInto('keypersonCadres').values({ keypersonId: row.id, userId: users.get(u)! }).execute();
    if (users.has('grid'))
      await trx.insertInto('keypersonVisits').values({ keypersonId: row.id, visitedOn: lastVisitOn, visitorId: users.get('grid')!, findingsSealed: cipher.encrypt('入户走访，本人在家，情况稳定'), photos: '[]', createdAt: now }).execute();
  }
}

// Demo data: Bayannur's real region codes, the seed report's places, invented grids and people.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { createIn } from '../modules/regions/regions.service.js';
import { hashPassword } from '../modules/auth/auth.service.js';
import { around, rectPolygon, split, type Rect } from './geometry.js';
import { createCipherSuite, devKeyring, type CipherSuite } from '../modules/personal/index.js';
import { demoPeople, seedPeople } from './people.js';
import { seedStaffPhones } from './phones.js';
import { seedRegisters } from './registers.js';

/** The demo residents' grids: the 16 small grids of 西环社区 and 蓝天社区's two big grids. */
export const DEMO_PEOPLE_GRIDS = [
  ...[1, 2, 3, 4].flatMap((b) => [1, 2, 3, 4].map((s) => `150826100001${String(b).padStart(3, '0')}${String(s).padStart(3, '0')}`)),
  '150825100001001',
  '150825100001002',
];
export const DEMO_PEOPLE_COUNT = 60;

export const DEMO_PASSWORD = 'Fq@demo2026';

const COUNTIES: [string, string][] = [
  ['150802', '临河区'],
  ['150821', '五原县'],
  ['150822', '磴口县'],
  ['150823', '乌拉特前旗'],
  ['150824', '乌拉特中旗'],
  ['150825', '乌拉特后旗'],
  ['150826', '杭锦后旗'],
];

const BIG_GRID_NAMES = ['西环一', '西环二', '西环三', '西环四'];
const SMALL_GRID_NAMES = ['幸福小区', '团结巷', '建设平房区', '富民小区', '胜利巷', '新村一组', '新村二组', '育才小区', '和谐家园', '金穗小区', '长青巷', '光明平房区', '锦绣小区', '顺达巷', '丰泽小区', '康乐小区'];

export async function isEmpty(db: Kysely<DB>) {
  const r = await db.selectFrom('regions').select('id').limit(1).executeTakeFirst();
  return r === undefined;
}

export async function seedDemo(db: Kysely<DB>, cipher: CipherSuite = createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' })) {
  await db.transaction().execute(async (trx) => {
    const add = (parentCode: string | undefined, code: string, name: string, rect?: Rect, nudge = 0) =>
      createIn(trx, { parentCode, code, name, geometry: rect ? rectPolygon(rect, nudge) : undefined });

    await add(undefined, '150800', '巴彦淖尔市');
    for (const [code, name] of COUNTIES) await add('150800', code, name);

    // 杭锦后旗 陕坝镇 西环社区: 4 big grids × 4 small grids, and micro grids (楼幢单元) in one small grid
    await add('150826', '150826100', '陕坝镇', around(107.145, 40.885, 0.05, 0.035));
    const xihuan = around(107.125, 40.884, 0.016, 0.012);
    await add('150826100', '150826100001', '西环社区', xihuan);
    await add('150826100', '150826100002', '东环社区', around(107.165, 40.884, 0.016, 0.012));
    const bigs = split(xihuan, 2, 2);
    for (let b = 0; b < bigs.length; b++) {
      const bigCode = `150826100001${String(b + 1).padStart(3, '0')}`;
      await add('150826100001', bigCode, `${BIG_GRID_NAMES[b]}网格`, bigs[b]);
      const smalls = split(bigs[b], 2, 2);
      for (let s = 0; s < smalls.length; s++) {
        const smallCode = `${bigCode}${String(s + 1).padStart(3, '0')}`;
        await add(bigCode, smallCode, `${SMALL_GRID_NAMES[b * 4 + s]}网格`, smalls[s]);
        if (b === 0 && s === 0) {
          const micros = split(smalls[s], 2, 1);
          for (let m = 0; m < micros.length; m++)
            await add(smallCode, `${smallCode}${String(m + 1).padStart(3, '0')}`, `${m + 1}号楼`, micros[m]);
        }
      }
    }
    // south-west of 陕坝镇, so the county's map on the dashboard shows its towns side by side
    await add('150826', '150826101', '头道桥镇', around(107.0, 40.8, 0.045, 0.035), 0.004);

    // 乌拉特后旗 巴音宝力格镇 蓝天社区
    await add('150825', '150825100', '巴音宝力格镇', around(107.075, 41.085, 0.04, 0.03));
    const lantian = around(107.07, 41.083, 0.012, 0.009);
    await add('150825100', '150825100001', '蓝天社区', lantian);
    const ltBigs = split(lantian, 2, 1);
    for (let b = 0; b < ltBigs.length; b++) await add('150825100001', `150825100001${String(b + 1).padStart(3, '0')}`, `蓝天${b + 1}网格`, ltBigs[b]);

    // 临河区 新华街道 华海尚都社区
    await add('150802', '150802003', '新华街道', around(107.41, 40.76, 0.03, 0.02));
    const huahai = around(107.405, 40.758, 0.01, 0.007);
    await add('150802003', '150802003001', '华海尚都社区', huahai);
    const hhBigs = split(huahai, 1, 2);
    for (let b = 0; b < hhBigs.length; b++) await add('150802003001', `150802003001${String(b + 1).padStart(3, '0')}`, `华海${b + 1}网格`, hhBigs[b]);

    // 乌拉特中旗 海流图镇, one village
    await add('150824', '150824100', '海流图镇', around(108.52, 41.57, 0.05, 0.035));
    await add('150824100', '150824100001', '乌兰嘎查', around(108.5, 41.56, 0.015, 0.012));

    await seedAccounts(trx);
    await seedPeople(trx, cipher, demoPeople(DEMO_PEOPLE_GRIDS, DEMO_PEOPLE_COUNT));
    await seedStaffPhones(trx, cipher);
    await seedRegisters(trx, cipher);
  });
}

async function seedAccounts(trx: Kysely<DB>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const regionRow = (code: string) => trx.selectFrom('regions').select(['id', 'path']).where('code', '=', code).where('status', '=', 'active').executeTakeFirstOrThrow();
  const region = async (code: string) => (await regionRow(code)).id;

  // units: the office of every county, town and village seeded, and 杭锦后旗's departments
  const unitIds = new Map<string, number>();
  const unit = async (key: string, name: string, kind: string, regionCode: string, parent?: string, jurisdiction: string[] = []) => {
    const { id } = await trx
      .insertInto('units')
      .values({ name, kind, regionId: await region(regionCode), parentId: parent ? unitIds.get(parent)! : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds.set(key, id);
    for (const code of jurisdiction.length ? jurisdiction : [regionCode])
      await trx.insertInto('unitJurisdictions').values({ unitId: id, regionId: await region(code) }).execute();
  };
  const offices = await trx.selectFrom('regions').select(['code', 'name', 'level']).where('level', 'in', ['county', 'town', 'village']).where('status', '=', 'active').orderBy('code').execute();
  for (const o of offices) {
    const name = o.level === 'county' ? `${o.name}社会治理中心` : o.level === 'town' ? `${o.name}综治中心` : `${o.name}${o.name.endsWith('社区') ? '居委会' : '村委会'}`;
    await unit(`office:${o.code}`, name, 'office', o.code);
  }
  await unit('justice', '杭锦后旗司法局', 'justice_bureau', '150826');
  await unit('justice_sb', '陕坝司法所', 'justice_office', '150826100', 'justice');
  await unit('mediation_center', '杭锦后旗矛盾纠纷多元化解中心', 'mediation_center', '150826', 'justice');
  await unit('court', '杭锦后旗人民法院', 'court', '150826');
  await unit('tribunal', '杭锦后旗人民法院速裁庭', 'tribunal', '150826', 'court');
  await unit('public_security', '杭锦后旗公安局', 'police_bureau', '150826');
  await unit('police_sb', '陕坝派出所', 'police_station', '150826100', 'public_security', ['150826100', '150826101']);
  await unit('hr', '杭锦后旗人力资源和社会保障局', 'hr_bureau', '150826');
  await unit('petition', '杭锦后旗信访局', 'petition_bureau', '150826');
  await unit('land', '杭锦后旗自然资源局', 'natural_resources', '150826');
  await unit('health', '杭锦后旗卫生健康委员会', 'health_commission', '150826');
  await unit('committee_xh', '西环社区人民调解委员会', 'mediation_committee', '150826100001', 'office:150826100001');

  type R = { role: string; region?: string; unit?: string };
  const accounts: [string, string, string, R[]][] = [
    ['admin', '系统管理员', '150826', [{ role: 'sys_admin', region: '150826' }]],
    ['secadmin', '安全管理员', '150826', [{ role: 'sec_admin', region: '150826' }]],
    ['auditor', '审计员', '150826', [{ role: 'auditor', region: '150826' }]],
    ['leader', '王建国（杭锦后旗领导）', '150826', [{ role: 'leader', region: '150826' }]],
    ['dispatcher', '李晓燕（旗社会治理中心）', '150826', [{ role: 'dispatcher', region: '150826', unit: 'office:150826' }]],
    ['town', '张志强（陕坝镇综治中心）', '150826100', [{ role: 'town_staff', region: '150826100', unit: 'office:150826100' }]],
    ['village', '刘秀英（西环社区书记）', '150826100001', [
      { role: 'village_staff', region: '150826100001', unit: 'office:150826100001' },
      { role: 'mediator', unit: 'committee_xh' },
    ]],
    ['grid', '赵丽华（西环一网格员）', '150826100001', [{ role: 'grid_worker', region: '150826100001' }]],
    ['grid2', '孙海军（蓝天社区网格员）', '150825100001', [{ role: 'grid_worker', region: '150825100001' }]],
    ['volunteer', '陈桂兰（陕坝大妈）', '150826100001', [{ role: 'volunteer', region: '150826100001' }]],
    ['dept', '周明（杭锦后旗司法局）', '150826', [{ role: 'dept_handler', unit: 'justice' }]],
    ['mediator', '吴淑芬（人民调解员）', '150826', [{ role: 'mediator', unit: 'mediation_center' }]],
    ['judge', '郑法官（速裁庭）', '150826', [{ role: 'judge', unit: 'tribunal' }]],
    ['police', '马警官（陕坝派出所）', '150826100', [{ role: 'police', unit: 'police_sb' }]],
  ];
  const ids = new Map<string, number>();
  for (const [username, displayName, home, roles] of accounts) {
    const { id } = await trx.insertInto('users').values({ username, displayName, passwordHash, homeRegionId: await region(home) }).returning('id').executeTakeFirstOrThrow();
    ids.set(username, id);
    for (const r of roles) {
      const unitId = r.unit ? unitIds.get(r.unit)! : null;
      const regionId = r.region
        ? await region(r.region)
        : (await trx.selectFrom('units').select('regionId').where('id', '=', unitId!).executeTakeFirstOrThrow()).regionId;
      await trx.insertInto('userRoles').values({ userId: id, role: r.role, regionId, unitId }).execute();
    }
  }
  const members: [string, string, 'grid_leader' | 'grid_worker' | 'police' | 'volunteer'][] = [
    ['150826100001001', 'village', 'grid_leader'],
    ['150826100001001', 'grid', 'grid_worker'],
    ['150826100001002', 'grid', 'grid_worker'],
    ['150826100001001', 'police', 'police'],
    ['150826100001001', 'volunteer', 'volunteer'],
    ['150825100001001', 'grid2', 'grid_worker'],
  ];
  for (const [code, username, duty] of members)
    await trx.insertInto('gridMembers').values({ regionId: await region(code), userId: ids.get(username)!, duty }).execute();
}

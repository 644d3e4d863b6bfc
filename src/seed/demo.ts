// Demo data: Bayannur's real region codes, the seed report's places, invented grids and people.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { createIn } from '../modules/regions/regions.service.js';
import { hashPassword } from '../modules/auth/auth.service.js';
import { insertUser } from '../modules/auth/auth.repo.js';
import { around, rectPolygon, split, type Rect } from './geometry.js';

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

export async function seedDemo(db: Kysely<DB>) {
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
        await add(bigCode, smallCode, `${SMALL_GRID_NAMES[b * 4 + s]}网格`, smalls[s], (s % 2 ? 1 : -1) * 0.0008);
        if (b === 0 && s === 0) {
          const micros = split(smalls[s], 2, 1);
          for (let m = 0; m < micros.length; m++)
            await add(smallCode, `${smallCode}${String(m + 1).padStart(3, '0')}`, `${m + 1}号楼`, micros[m]);
        }
      }
    }
    await add('150826', '150826101', '头道桥镇');

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
  });
}

async function seedAccounts(trx: Kysely<DB>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const region = async (code: string) =>
    (await trx.selectFrom('regions').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const accounts: [string, string, string[], string][] = [
    ['admin', '系统管理员', ['sys_admin'], '150826'],
    ['secadmin', '安全管理员', ['sec_admin'], '150826'],
    ['auditor', '审计员', ['auditor'], '150826'],
    ['leader', '王建国（杭锦后旗领导）', ['leader'], '150826'],
    ['dispatcher', '李晓燕（旗社会治理中心）', ['dispatcher'], '150826'],
    ['town', '张志强（陕坝镇综治中心）', ['town_staff'], '150826100'],
    ['village', '刘秀英（西环社区书记）', ['village_staff', 'mediator'], '150826100001'],
    ['grid', '赵丽华（西环一网格员）', ['grid_worker'], '150826100001001'],
    ['grid2', '孙海军（蓝天社区网格员）', ['grid_worker'], '150825100001001'],
    ['volunteer', '陈桂兰（陕坝大妈）', ['volunteer'], '150826100001001'],
    ['dept', '周明（杭锦后旗司法局）', ['dept_handler'], '150826'],
    ['mediator', '吴淑芬（人民调解员）', ['mediator'], '150826'],
    ['judge', '郑法官（速裁庭）', ['judge'], '150826'],
    ['police', '马警官（陕坝派出所）', ['police'], '150826100'],
  ];
  const ids = new Map<string, number>();
  for (const [username, displayName, roles, code] of accounts)
    ids.set(username, (await insertUser(trx, { username, displayName, passwordHash, roles, regionId: await region(code) })).id);
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

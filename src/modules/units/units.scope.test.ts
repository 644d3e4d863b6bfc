// Which units a caller sees (DOMAIN §1): territorial roles their region's subtree and its ancestors, grid
// workers their community, functional roles their own unit with its parent and children. Outside → 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { call, signIn } from '../../../test/identity-helpers.js';

interface Unit {
  id: number;
  name: string;
  kind: string;
  kindName: string;
  parentId: number | null;
  regionCode: string;
  jurisdiction: string[];
}

let t: TestApp;
const cookies = new Map<string, string>();
const units = (account: string, region?: string) => call(t, { url: `/api/units${region ? `?region=${region}` : ''}`, as: cookies.get(account)! });
const names = async (account: string, region?: string) => ((await units(account, region)).json() as Unit[]).map((u) => u.name);

const ACCOUNTS = ['dispatcher', 'leader', 'town', 'village', 'grid', 'grid2', 'volunteer', 'dept', 'mediator', 'judge', 'police', 'admin', 'secadmin'];

beforeAll(async () => {
  t = await testApp();
  for (const a of ACCOUNTS) cookies.set(a, await signIn(t, a));
});
afterAll(() => t.close());

const COUNTY_UNITS = ['杭锦后旗社会治理中心', '杭锦后旗司法局', '陕坝司法所', '杭锦后旗矛盾纠纷多元化解中心', '杭锦后旗人民法院', '杭锦后旗人民法院速裁庭', '杭锦后旗公安局', '陕坝派出所', '杭锦后旗人力资源和社会保障局', '杭锦后旗信访局', '杭锦后旗自然资源局', '杭锦后旗卫生健康委员会'];
const URAD_REAR = ['乌拉特后旗社会治理中心', '巴音宝力格镇综治中心', '蓝天社区居委会'];
const XIHUAN = ['西环社区居委会', '西环社区人民调解委员会'];

describe('territorial scope', () => {
  it("the dispatcher lists 杭锦后旗's units and departments, with kinds and jurisdictions", async () => {
    const res = await units('dispatcher', '150826');
    expect(res.statusCode).toBe(200);
    const list = res.json() as Unit[];
    expect(list.map((u) => u.name)).toEqual(expect.arrayContaining([...COUNTY_UNITS, '陕坝镇综治中心', '头道桥镇综治中心', ...XIHUAN]));
    expect(list.every((u) => u.regionCode.startsWith('150826'))).toBe(true);
    const byName = new Map(list.map((u) => [u.name, u]));
    expect(byName.get('陕坝派出所')).toMatchObject({ kind: 'police_station', kindName: '派出所', regionCode: '150826100', jurisdiction: ['150826100', '150826101'] });
    expect(byName.get('杭锦后旗人民法院速裁庭')).toMatchObject({ kind: 'tribunal', parentId: byName.get('杭锦后旗人民法院')!.id });
    expect(byName.get('陕坝司法所')!.parentId).toBe(byName.get('杭锦后旗司法局')!.id);
    expect(byName.get('杭锦后旗信访局')!.jurisdiction).toEqual(['150826']);
    const kinds = new Set(list.map((u) => u.kind));
    for (const k of ['justice_bureau', 'justice_office', 'court', 'tribunal', 'police_bureau', 'police_station', 'hr_bureau', 'petition_bureau', 'natural_resources', 'health_commission'])
      expect(kinds, k).toContain(k);
    expect(await names('dispatcher', '150826100')).toEqual(expect.arrayContaining(['陕坝镇综治中心', '陕坝司法所', '陕坝派出所', ...XIHUAN]));
    expect(await names('dispatcher', '150826100')).not.toContain('杭锦后旗公安局');
  });

  it('a town sees its own units and its ancestors’, nothing of another county', async () => {
    const all = await names('town');
    expect(all).toEqual(expect.arrayContaining(['陕坝镇综治中心', '陕坝司法所', '陕坝派出所', ...XIHUAN, '东环社区居委会', ...COUNTY_UNITS]));
    expect(all).not.toContain('头道桥镇综治中心');
    for (const n of URAD_REAR) expect(all).not.toContain(n);
    expect((await units('town', '150825')).statusCode).toBe(404);
    expect((await units('town', '150825100001')).statusCode).toBe(404);
    expect((await units('town', '150826101')).statusCode).toBe(404);
    expect(await names('town', '150826')).toEqual(expect.arrayContaining(COUNTY_UNITS));
  });

  it('ids outside the scope answer 404, as if they did not exist', async () => {
    const lantian = ((await units('grid2')).json() as Unit[]).find((u) => u.name === '蓝天社区居委会')!;
    const res = await call(t, { url: `/api/units/${lantian.id}`, as: cookies.get('town')! });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await call(t, { url: '/api/units/99999999', as: cookies.get('town')! })).statusCode).toBe(404);
    const own = await call(t, { url: `/api/units/${lantian.id}`, as: cookies.get('grid2')! });
    expect(own.json()).toMatchObject({ name: '蓝天社区居委会', regionCode: '150825100001' });
    expect((await units('dispatcher', '150899')).statusCode).toBe(404);
  });
});

describe('functional and grid scope', () => {
  it('a 司法局 handler sees its unit and children, not 公安局; an out-of-scope id → 404', async () => {
    const list = (await units('dept')).json() as Unit[];
    expect(list.map((u) => u.name).sort()).toEqual(['杭锦后旗司法局', '杭锦后旗矛盾纠纷多元化解中心', '陕坝司法所'].sort());
    const dispatcherList = (await units('dispatcher')).json() as Unit[];
    const police = dispatcherList.find((u) => u.name === '杭锦后旗公安局')!;
    expect((await call(t, { url: `/api/units/${police.id}`, as: cookies.get('dept')! })).statusCode).toBe(404);
  });

  it("the 派出所's officer sees its station and the bureau above it; a judge the 速裁庭 and its court", async () => {
    expect((await names('police')).sort()).toEqual(['杭锦后旗公安局', '陕坝派出所'].sort());
    expect((await names('judge')).sort()).toEqual(['杭锦后旗人民法院', '杭锦后旗人民法院速裁庭'].sort());
  });

  it('a grid worker in 蓝天社区 sees no 西环社区 unit; one in 西环社区 does', async () => {
    const lantian = await names('grid2');
    expect(lantian).toEqual(expect.arrayContaining(URAD_REAR));
    for (const n of [...XIHUAN, '陕坝镇综治中心', '杭锦后旗司法局']) expect(lantian).not.toContain(n);
    expect((await units('grid2', '150826100001')).statusCode).toBe(404);
    const xihuan = await names('grid');
    expect(xihuan).toEqual(expect.arrayContaining(XIHUAN));
    for (const n of URAD_REAR) expect(xihuan).not.toContain(n);
  });
});

describe('property', () => {
  it('for any (account, region code), every unit returned lies in the caller’s visible set and the region’s subtree', async () => {
    const regions = await t.database.db.selectFrom('regions').select(['id', 'code', 'path']).execute();
    const all = await t.database.db.selectFrom('units').innerJoin('regions', 'regions.id', 'units.regionId').select(['units.id', 'units.parentId', 'regions.path']).execute();
    const me = new Map<string, { scopeKind: string; unitId: number | null; regionCode: string | null }>();
    for (const a of ACCOUNTS) me.set(a, (await call(t, { url: '/api/auth/me', as: cookies.get(a)! })).json().user);
    const pathOf = (code: string | null) => regions.find((r) => r.code === code)?.path ?? '/nowhere/';
    // the visible set, from the rules in DOMAIN §1 (not from the code under test)
    const visible = (a: string) => {
      const u = me.get(a)!;
      if (u.scopeKind === 'unit') {
        const mine = all.find((x) => x.id === u.unitId)!;
        return new Set(all.filter((x) => x.id === mine.id || x.parentId === mine.id || x.id === mine.parentId).map((x) => x.id));
      }
      const p = pathOf(u.regionCode);
      return new Set(all.filter((x) => x.path.startsWith(p) || p.startsWith(x.path)).map((x) => x.id));
    };
    const codes = [...regions.map((r) => r.code), '150826999', '150899'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ACCOUNTS), fc.constantFrom(...codes), async (account, code) => {
        const res = await units(account, code);
        const node = regions.find((r) => r.code === code);
        const see = visible(account);
        if (!node) return res.statusCode === 404;
        const u = me.get(account)!;
        const scopePath = pathOf(u.regionCode);
        const reachable = u.scopeKind === 'unit' || node.path.startsWith(scopePath) || scopePath.startsWith(node.path);
        if (!reachable) return res.statusCode === 404;
        if (res.statusCode !== 200) return false;
        const got = (res.json() as Unit[]).map((x) => x.id);
        const want = all.filter((x) => see.has(x.id) && x.path.startsWith(node.path)).map((x) => x.id);
        expect(got.sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
        return true;
      }),
      { numRuns: 60, seed: 20261128 },
    );
  });
});

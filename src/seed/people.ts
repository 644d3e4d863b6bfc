// Invented residents for the demo: names from common surnames and given names, ID numbers generated with
// a valid checksum from the place's real area code and an invented birth date (never a real person's),
// phone numbers random. Deterministic, so every demo database holds the same people.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { fakeResidentId, type CipherSuite } from '../modules/personal/index.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '海燕', '丽华', '玉兰', '国庆', '淑芬', '永红', '春梅', '文博', '子涵', '一鸣', '欣怡', '浩然', '雨桐', '宏伟', '凤英', '金山', '晓东', '红霞', '德明', '翠花', '振华'];
const MONGOLIAN = ['巴特尔', '其其格', '娜仁花', '额尔敦·巴雅尔', '阿拉坦·苏和', '乌云·其木格', '斯琴图雅', '宝音·达来'];

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoPerson {
  name: string;
  idNumber: string;
  phone: string;
  gridCode: string;
  registration: 'registered' | 'floating';
}

export function demoPeople(gridCodes: string[], count: number, seed = 20261128): DemoPerson[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const seen = new Set<string>();
  const out: DemoPerson[] = [];
  while (out.length < count) {
    const name = r() < 0.12 ? pick(MONGOLIAN) : pick(SURNAMES) + pick(GIVEN);
    const year = 1940 + Math.floor(r() * 66);
    const birth = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const idNumber = fakeResidentId(r, { areaCode: '150826', birth });
    if (seen.has(idNumber)) continue;
    seen.add(idNumber);
    const phone = `1${pick(['35', '37', '38', '39', '50', '52', '58', '77', '86', '89'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
    out.push({ name, idNumber, phone, gridCode: gridCodes[out.length % gridCodes.length], registration: r() < 0.25 ? 'floating' : 'registered' });
  }
  return out;
}

export async function seedPeople(trx: Kysely<DB>, cipher: CipherSuite, people: DemoPerson[]) {
  const grids = await trx.selectFrom('regions').select(['id', 'code']).where('code', 'in', [...new Set(people.map((p) => p.gridCode))]).where('status', '=', 'active').execute();
  const gridId = new Map(grids.map((g) => [g.code, g.id]));
  for (let i = 0; i < people.length; i += 200) {
    await trx
      .insertInto('people')
      .values(
        people.slice(i, i + 200).map((p) => ({
          name: p.name,
          idType: 'resident_id',
          idNumberSealed: cipher.encrypt(p.idNumber),
          idNumberIndex: cipher.blindIndex('id_number', p.idNumber),
          phoneSealed: cipher.encrypt(p.phone),
          phoneIndex: cipher.blindIndex('phone', p.phone),
          gridId: gridId.get(p.gridCode)!,
          registration: p.registration,
        })),
      )
      .execute();
  }
}

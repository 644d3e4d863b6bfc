// Every ID number here is computed by the test itself (invented birth date + sequence), never a real person's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkForeignPermanentResidence,
  checkHkMacaoTaiwanResidencePermit,
  checkIdDocument,
  checkPersonName,
  checkPhone,
  checkResidentId,
  checkUnmaskReason,
  fakeResidentId,
  mod11_2CheckChar,
  parseResidentId,
} from './validate.js';

/** ISO 7064 MOD 11-2 stated independently: Σ aᵢ·2^(17−i) over all 18 characters (X = 10) ≡ 1 (mod 11). */
const satisfiesMod11_2 = (n: string) =>
  [...n].reduce((sum, c, i) => sum + (c === 'X' ? 10 : Number(c)) * (2 ** (17 - i) % 11), 0) % 11 === 1;
/** Complete 17 characters with the check character found by trying all 11. */
const complete = (first17: string) => first17 + [...'0123456789X'].find((c) => satisfiesMod11_2(first17 + c));
/** A wrong check character for the same 17 characters. */
const spoil = (valid: string) => valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
const seeded = (seed: number) => () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
const NOW = new Date('2025-06-01T04:00:00Z');

describe('resident ID numbers (GB 11643)', () => {
  const valid = complete('15082619850312071'); // 翁牛特旗, invented birth date and sequence

  it('agrees with an independent statement of MOD 11-2', () => {
    for (let i = 0; i < 200; i++) {
      const first17 = '1508261990' + String(i * 7919).padStart(7, '0').slice(0, 7);
      expect(first17 + mod11_2CheckChar(first17)).toBe(complete(first17));
    }
    expect(() => mod11_2CheckChar('123')).toThrow();
  });

  it('accepts valid numbers, with a lower-case x and surrounding spaces', () => {
    expect(checkResidentId(valid, { now: NOW })).toBeNull();
    const withX = ['1508261985031207', '1508261975061501', '1508262001091103', '1508261960020202', '1508261999123101']
      .flatMap((p) => [...'0123456789'].map((d) => complete(p + d)))
      .find((n) => n.endsWith('X'))!;
    expect(withX).toBeDefined();
    expect(checkResidentId(withX, { now: NOW })).toBeNull();
    expect(checkResidentId(withX.toLowerCase(), { now: NOW })).toBeNull();
    expect(checkResidentId(` ${valid} `, { now: NOW })).toBeNull();
  });

  it('rejects a wrong check character, length, characters and area code', () => {
    expect(checkResidentId(spoil(valid), { now: NOW })?.en).toMatch(/check character/);
    expect(checkResidentId(spoil(valid), { now: NOW })?.zh).toMatch(/校验位/);
    expect(checkResidentId(valid.slice(0, 17), { now: NOW })?.en).toMatch(/18 characters/);
    expect(checkResidentId(valid.slice(0, 16) + 'X' + valid[17], { now: NOW })?.en).toMatch(/17 digits/);
    expect(checkResidentId(complete('99082619850312071'), { now: NOW })?.en).toMatch(/area code/);
    expect(checkResidentId('', { now: NOW })).not.toBeNull();
  });

  it('rejects impossible, too early and future birth dates', () => {
    expect(checkResidentId(complete('15082619850230071'), { now: NOW })?.en).toMatch(/not a valid date/);
    expect(checkResidentId(complete('15082619851301071'), { now: NOW })?.en).toMatch(/not a valid date/);
    expect(checkResidentId(complete('15082619010229071'), { now: NOW })?.en).toMatch(/not a valid date/); // 1901 no leap year
    expect(checkResidentId(complete('15082620000229071'), { now: NOW })).toBeNull(); // 2000 leap year
    expect(checkResidentId(complete('15082618991231071'), { now: NOW })?.en).toMatch(/before 1900/);
    expect(checkResidentId(complete('15082620250602071'), { now: NOW })?.en).toMatch(/future/);
    expect(checkResidentId(complete('15082620250601071'), { now: NOW })).toBeNull(); // born today
  });

  it('reads the birth date and sex', () => {
    expect(parseResidentId(valid, { now: NOW })).toEqual({ number: valid, areaCode: '150826', birthDate: '1985-03-12', sex: 'male' });
    expect(parseResidentId(complete('15082619850312072'), { now: NOW })?.sex).toBe('female');
    expect(parseResidentId(spoil(valid), { now: NOW })).toBeNull();
  });

  it('fakeResidentId always passes checkResidentId (property) and honours the options', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2147483646 }), fc.constantFrom('150826', '150402', '110105', '652101'), (seed, areaCode) => {
        const n = fakeResidentId(seeded(seed), { areaCode });
        return checkResidentId(n) === null && satisfiesMod11_2(n) && n.startsWith(areaCode);
      }),
      { numRuns: 500 },
    );
    const n = fakeResidentId(seeded(7), { areaCode: '150826100001', birth: '1990-05-17', sex: 'female' });
    expect(n.slice(0, 14)).toBe('15082619900517');
    expect(parseResidentId(n)?.sex).toBe('female');
    expect(fakeResidentId(seeded(7), { areaCode: '150826', birth: new Date('1970-01-02'), sex: 'male' }).slice(6, 14)).toBe('19700102');
    expect(() => fakeResidentId(Math.random, { areaCode: '99' })).toThrow(/area code/);
    expect(() => fakeResidentId(Math.random, { areaCode: '150826', birth: '1990-02-30' })).toThrow(/birth date/);
  });
});

describe('other ID documents', () => {
  it('港澳台居民居住证: 810000 / 820000 / 830000 with the same checksum', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      const n = complete(prefix + '19880808123');
      expect(checkHkMacaoTaiwanResidencePermit(n, { now: NOW })).toBeNull();
      expect(checkHkMacaoTaiwanResidencePermit(spoil(n), { now: NOW })?.en).toMatch(/check character/);
      expect(checkResidentId(n, { now: NOW })?.en).toMatch(/residence permit/);
    }
    expect(checkHkMacaoTaiwanResidencePermit(complete('15082619880808123'), { now: NOW })?.en).toMatch(/starts with 810000/);
    expect(checkHkMacaoTaiwanResidencePermit(complete('81000019881308123'), { now: NOW })?.en).toMatch(/birth date/);
  });

  it('外国人永久居留身份证: 15-character 2017 format and 18-character 2023 format', () => {
    expect(checkForeignPermanentResidence('USA150082010100', { now: NOW })).toBeNull();
    expect(checkForeignPermanentResidence('usa150082010100', { now: NOW })).toBeNull();
    expect(checkForeignPermanentResidence('US1150082010100', { now: NOW })?.en).toMatch(/3 letters/);
    const n2023 = complete('91184019790214001'); // 9 + province 11 + nationality 840 + birth + sequence
    expect(checkForeignPermanentResidence(n2023, { now: NOW })).toBeNull();
    expect(checkForeignPermanentResidence(spoil(n2023), { now: NOW })?.en).toMatch(/check character/);
    expect(checkForeignPermanentResidence(complete('81184019790214001'), { now: NOW })?.en).toMatch(/starts with 9/);
    expect(checkForeignPermanentResidence('12345', { now: NOW })?.en).toMatch(/15 or 18/);
  });

  it('checkIdDocument dispatches by type', () => {
    const rid = complete('15082619850312071');
    expect(checkIdDocument({ type: 'resident_id', number: rid }, { now: NOW })).toBeNull();
    expect(checkIdDocument({ type: 'resident_id', number: spoil(rid) }, { now: NOW })).not.toBeNull();
    expect(checkIdDocument({ type: 'hmt_residence', number: complete('82000019880808123') }, { now: NOW })).toBeNull();
    expect(checkIdDocument({ type: 'foreign_permanent', number: 'CAN310087050101' }, { now: NOW })).toBeNull();
    expect(checkIdDocument({ type: 'passport', number: 'e1234567x' })).toBeNull();
    expect(checkIdDocument({ type: 'passport', number: 'E12-34' })?.en).toMatch(/passport/);
    expect(checkIdDocument({ type: 'other', number: '军字第 123 号' })).toBeNull();
    expect(checkIdDocument({ type: 'other', number: 'x' })).not.toBeNull();
    expect(checkIdDocument({ type: 'driver' as never, number: 'x' })?.en).toMatch(/unknown document type/);
  });
});

describe('phones', () => {
  const value = (s: string) => {
    const c = checkPhone(s);
    return c.ok ? c.value : c.problem.en;
  };
  it('normalises mobiles and landlines', () => {
    expect(value('13812345678')).toBe('13812345678');
    expect(value(' 138 1234 5678 ')).toBe('13812345678');
    expect(value('138-1234-5678')).toBe('13812345678');
    expect(value('+86 138 1234 5678')).toBe('13812345678');
    expect(value('+86-13812345678')).toBe('13812345678');
    expect(value('008613812345678')).toBe('13812345678');
    expect(value('8613812345678')).toBe('13812345678');
    expect(value('１３８１２３４５６７８')).toBe('13812345678');
    expect(value('0478-8123456')).toBe('0478-8123456');
    expect(value('04788123456')).toBe('0478-8123456');
    expect(value('(0478) 8123456')).toBe('0478-8123456');
    expect(value('010-62345678')).toBe('010-62345678');
    expect(value('02162345678')).toBe('021-62345678');
    expect(value('+86 10 62345678')).toBe('010-62345678');
    expect(value('+86 478 8123456')).toBe('0478-8123456');
    expect(value('0478-8123456-801')).toBe('0478-8123456-801');
    expect(value('0478-8123456转801')).toBe('0478-8123456-801');
  });
  it('rejects malformed numbers', () => {
    expect(value('12812345678')).toMatch(/mobile/);
    expect(value('1381234567')).toMatch(/mobile/);
    expect(value('138123456789')).toMatch(/mobile/);
    expect(value('8123456')).toMatch(/area code/);
    expect(value('0478-0123456')).toMatch(/area code/);
    expect(value('0478-812345')).toMatch(/area code/);
    expect(value('abc')).toMatch(/invalid phone/);
    expect(checkPhone('abc')).toMatchObject({ ok: false, problem: { zh: expect.stringContaining('电话') } });
  });
});

describe('names', () => {
  const value = (s: string) => {
    const c = checkPersonName(s);
    return c.ok ? c.value : c.problem.en;
  };
  it('accepts Chinese names, names with · and its look-alikes, and Latin names', () => {
    expect(value('张三')).toBe('张三');
    expect(value(' 欧阳小明 ')).toBe('欧阳小明');
    expect(value('阿依古丽·买买提')).toBe('阿依古丽·买买提');
    for (const dot of ['•', '．', 'ㆍ', '・']) expect(value(`阿依古丽${dot}买买提`)).toBe('阿依古丽·买买提');
    expect(value('巴特尔 · 其木格')).toBe('巴特尔·其木格');
    expect(value('John  Smith')).toBe('John Smith');
    expect(value("Jean-Pierre O'Brien")).toBe("Jean-Pierre O'Brien");
    expect(value('郑〇')).toBe('郑〇');
  });
  it('rejects digits, bad dots, other symbols and wrong lengths', () => {
    expect(value('张3')).toMatch(/digits/);
    expect(value('·买买提')).toMatch(/start or end/);
    expect(value('买买提·')).toMatch(/start or end/);
    expect(value('阿依古丽··买买提')).toMatch(/··/);
    expect(value('张')).toMatch(/2–40/);
    expect(value('张'.repeat(41))).toMatch(/2–40/);
    expect(value('张@三')).toMatch(/only Chinese/);
    expect(value('张三😀')).toMatch(/only Chinese/);
  });
});

describe('unmask reasons', () => {
  it('need a few words', () => {
    expect(checkUnmaskReason('  核实走访对象身份  ')).toEqual({ ok: true, value: '核实走访对象身份' });
    expect(checkUnmaskReason('看看').ok).toBe(false);
    expect(checkUnmaskReason('1234').ok).toBe(false);
  });
});

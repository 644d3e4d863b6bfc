import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIDDEN, maskAddress, maskFields, maskHidden, maskIdNumber, maskName, maskPhone, maskText } from './mask.js';

/** Characters of `masked` that are not '*' must be the input's characters at the same places. */
const revealed = (input: string, masked: string) => {
  const a = [...input];
  const b = [...masked];
  expect(b.length).toBe(a.length);
  return b.filter((c, i) => {
    if (c !== '*') expect(c).toBe(a[i]);
    return c !== '*';
  }).length;
};

describe('ID numbers', () => {
  it('keeps the first 6 and last 4 of 18 characters', () => {
    expect(maskIdNumber('150826199001011234')).toBe('150826********1234');
    expect(maskIdNumber(' 15082619900101123x ')).toBe('150826********123X');
  });
  it('masks the other document formats sensibly', () => {
    expect(maskIdNumber('150826900101123')).toBe('150826*****1123'); // first-generation 15 digits
    expect(maskIdNumber('USA150082010100')).toBe('USA********0100'); // 2017 permanent residence
    expect(maskIdNumber('E12345678')).toBe('E1****678'); // passport
    expect(maskIdNumber('AB1234')).toBe('A****4');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });
  it('never reveals more than 6 + 4 characters, and never the birth date (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const m = maskIdNumber(id);
        expect(revealed(id, m)).toBe(10);
        expect(m.slice(6, 14)).toBe('********');
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map((s) => s.replace(/\s/g, '').toUpperCase()), (s) => {
        const n = revealed(s, maskIdNumber(s));
        expect(n).toBeLessThanOrEqual(10);
        if (s.length > 0) expect(n).toBeLessThan(s.length);
      }),
    );
  });
});

describe('phones', () => {
  it('masks mobiles and landlines', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('+86 138****5678');
    expect(maskPhone('0478-8123456')).toBe('0478-***3456');
    expect(maskPhone('04788123456')).toBe('0478-***3456');
    expect(maskPhone('010-62345678')).toBe('010-****5678');
    expect(maskPhone('0478-8123456-801')).toBe('0478-***3456-***');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('95588123')).toBe('****8123');
  });
  it('never reveals more than 7 digits of a mobile (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (p) => {
        const m = maskPhone(p);
        expect(revealed(p, m)).toBe(7);
        expect(m.slice(3, 7)).toBe('****');
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), (s) => {
        const m = maskPhone(s);
        expect((m.match(/\d/g) ?? []).length).toBeLessThanOrEqual(8); // a landline shows its area code and last 4
      }),
    );
  });
});

describe('names', () => {
  it('keeps the surname, or the first character of each part', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小明')).toBe('李**');
    expect(maskName('欧阳小明')).toBe('欧阳**');
    expect(maskName('司马光')).toBe('司马*');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('阿依古丽·买买提')).toBe('阿***·买**');
    expect(maskName('阿依古丽•买买提')).toBe('阿***·买**');
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName('张')).toBe('*');
  });
  it('reveals at most one character per part, two for a compound surname (property)', () => {
    const part = fc.string({ unit: fc.constantFrom(...'张王李赵欧阳小明古丽买提巴特尔'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), (parts) => {
        const name = parts.join('·');
        const m = maskName(name);
        const n = revealed(name, m) - (parts.length - 1); // the '·' separators stay
        if (parts.length > 1) expect(n).toBeLessThanOrEqual(parts.length);
        else expect(n).toBeLessThanOrEqual(Math.min(2, name.length - 1));
      }),
    );
  });
});

describe('addresses', () => {
  it('keeps up to the village or community and masks the house number', () => {
    expect(maskAddress('内蒙古自治区赤峰市翁牛特旗乌丹镇东城社区幸福小区3号楼2单元501室')).toBe(
      '内蒙古自治区赤峰市翁牛特旗乌丹镇东城社区幸福小区*号楼*单元***室',
    );
    expect(maskAddress('翁牛特旗乌丹镇白音套海嘎查12号')).toBe('翁牛特旗乌丹镇白音套海嘎查**号');
    expect(maskAddress('乌丹镇新地村五组三十八号')).toBe('乌丹镇新地村*组***号');
    expect(maskAddress('乌丹镇全宁路18号')).toBe('乌丹镇全宁路**号');
    expect(maskAddress('全宁路18号B座')).toBe('全宁路**号*座');
  });
  it('never shows a digit after the village level (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789号楼室单元路AB-'), maxLength: 20 }), (rest) => {
        const m = maskAddress('乌丹镇东城社区' + rest);
        expect(m.startsWith('乌丹镇东城社区')).toBe(true);
        expect(m.slice('乌丹镇东城社区'.length)).not.toMatch(/[0-9A-Z]/);
      }),
    );
  });
});

describe('free text and hidden facts', () => {
  it('masks ID numbers and phones inside text', () => {
    expect(maskText('当事人 150826199001011234，电话 13812345678，座机 0478-8123456。')).toBe(
      '当事人 150826********1234，电话 138****5678，座机 0478-***3456。',
    );
    expect(maskText('邻里纠纷已调解')).toBe('邻里纠纷已调解');
    expect(maskHidden('吸毒史')).toBe(HIDDEN);
  });
});

describe('maskFields', () => {
  it('masks the named fields of a copy and leaves the rest', () => {
    const person = {
      id: 7,
      name: '欧阳小明',
      idNumber: '150826199001011234',
      phone: '13812345678',
      phones: ['13812345678', '0478-8123456'],
      address: '乌丹镇东城社区3号楼',
      health: '慢性病',
      note: null as string | null,
    };
    const m = maskFields(person, { name: 'name', idNumber: 'id', phone: 'phone', phones: 'phone', address: 'address', health: 'hidden', note: 'text' });
    expect(m).toEqual({
      id: 7,
      name: '欧阳**',
      idNumber: '150826********1234',
      phone: '138****5678',
      phones: ['138****5678', '0478-***3456'],
      address: '乌丹镇东城社区*号楼',
      health: HIDDEN,
      note: null,
    });
    expect(person.name).toBe('欧阳小明');
  });
});

import { describe, expect, it } from 'vitest';
import { checkCode, childLevel, isWellFormedCode, levelOfCode, nextChildCode } from './regions.codes.js';
import { nest } from './regions.service.js';

describe('region codes (DOMAIN §2)', () => {
  it('knows the level below each level, and nothing below a micro grid', () => {
    expect(childLevel('city')).toBe('county');
    expect(childLevel('county')).toBe('town');
    expect(childLevel('village')).toBe('grid_big');
    expect(childLevel('grid_small')).toBe('grid_micro');
    expect(childLevel('grid_micro')).toBeNull();
  });

  it('recognises well-formed codes by length', () => {
    for (const c of ['150800', '150826100', '150826100001', '150826100001001', '150826100001001001', '150826100001001001001'])
      expect(isWellFormedCode(c)).toBe(true);
    for (const c of ['15082', '1508261', '15082610000', 'abcdef', '150826 100', ''])
      expect(isWellFormedCode(c)).toBe(false);
  });

  it('tells city from county codes by their ending', () => {
    expect(levelOfCode('150800')).toBe('city');
    expect(levelOfCode('150826')).toBe('county');
    expect(levelOfCode('150826100001001')).toBe('grid_big');
    expect(levelOfCode('1508')).toBeNull();
  });

  it('accepts codes that extend the parent code by the right number of digits', () => {
    expect(checkCode('150800', 'city', null)).toBeNull();
    expect(checkCode('150826', 'county', '150800')).toBeNull();
    expect(checkCode('150826100', 'town', '150826')).toBeNull();
    expect(checkCode('150826100001', 'village', '150826100')).toBeNull();
    expect(checkCode('150826100001001001001', 'grid_micro', '150826100001001001')).toBeNull();
  });

  it('refuses wrong lengths, foreign prefixes, zero own parts and bad city/county endings', () => {
    expect(checkCode('15082610', 'town', '150826')?.en).toMatch(/9 digits/);
    expect(checkCode('150825100', 'town', '150826')?.en).toMatch(/parent's code/);
    expect(checkCode('150826000', 'town', '150826')?.en).toMatch(/000/);
    expect(checkCode('150826', 'city', null)?.en).toMatch(/ends in 00/);
    expect(checkCode('150900', 'county', '150800')?.en).toMatch(/cannot end in 00/);
    expect(checkCode('150926', 'county', '150800')?.en).toMatch(/starts with/);
    expect(checkCode('15a826100', 'town', '150826')?.en).toMatch(/digits only/);
  });

  it('assigns the next free child code', () => {
    expect(nextChildCode('150826100', 'village', [])).toBe('150826100001');
    expect(nextChildCode('150826100', 'village', ['150826100001', '150826100003'])).toBe('150826100002');
    expect(nextChildCode('150800', 'county', ['150801', '150802'])).toBe('150803');
  });
});

describe('tree operations', () => {
  it('nests flat rows under their parents', () => {
    const rows = [
      { id: 1, code: '150826', name: '杭锦后旗', level: 'county' as const, parentId: 9 },
      { id: 2, code: '150826100', name: '陕坝镇', level: 'town' as const, parentId: 1 },
      { id: 3, code: '150826100001', name: '西环社区', level: 'village' as const, parentId: 2 },
      { id: 4, code: '150826101', name: '头道桥镇', level: 'town' as const, parentId: 1 },
    ];
    const t = nest(rows, 1);
    expect(t.code).toBe('150826');
    expect(t.children.map((c) => c.name)).toEqual(['陕坝镇', '头道桥镇']);
    expect(t.children[0].children[0].name).toBe('西环社区');
  });
});

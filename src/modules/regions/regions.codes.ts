// Levels and codes of the region and grid tree (DOMAIN §2). Pure functions, no I/O.
import type { RegionLevel } from '../../db/schema.js';

export const LEVELS: { level: RegionLevel; zh: string; en: string; codeLength: number }[] = [
  { level: 'city', zh: '市/盟', en: 'city', codeLength: 6 },
  { level: 'county', zh: '旗县区', en: 'county', codeLength: 6 },
  { level: 'town', zh: '苏木镇/街道', en: 'town', codeLength: 9 },
  { level: 'village', zh: '嘎查村/社区', en: 'village', codeLength: 12 },
  { level: 'grid_big', zh: '大网格', en: 'big grid', codeLength: 15 },
  { level: 'grid_small', zh: '小网格', en: 'small grid', codeLength: 18 },
  { level: 'grid_micro', zh: '微网格', en: 'micro grid', codeLength: 21 },
];
export const LEVEL_NAMES = LEVELS.map((l) => l.level) as [RegionLevel, ...RegionLevel[]];
export const GRID_LEVELS: RegionLevel[] = ['grid_big', 'grid_small', 'grid_micro'];

export const levelInfo = (level: RegionLevel) => LEVELS.find((l) => l.level === level)!;
export const levelIndex = (level: RegionLevel) => LEVELS.findIndex((l) => l.level === level);

/** The level directly below, or null under a micro grid (nothing may go there). */
export function childLevel(level: RegionLevel): RegionLevel | null {
  const i = levelIndex(level);
  return i + 1 < LEVELS.length ? LEVELS[i + 1].level : null;
}

/** A well-formed code of any level: 6, 9, 12, 15, 18 or 21 digits. */
export function isWellFormedCode(code: string): boolean {
  return /^\d+$/.test(code) && [6, 9, 12, 15, 18, 21].includes(code.length);
}

/** Levels a well-formed code may belong to, from its shape. */
export function levelOfCode(code: string): RegionLevel | null {
  if (!isWellFormedCode(code)) return null;
  if (code.length === 6) return code.endsWith('00') ? 'city' : 'county';
  return LEVELS.find((l) => l.codeLength === code.length)!.level;
}

export interface CodeProblem {
  zh: string;
  en: string;
}

/** Is `code` a valid code for a node of `level` under a parent with `parentCode`? */
export function checkCode(code: string, level: RegionLevel, parentCode: string | null): CodeProblem | null {
  const len = levelInfo(level).codeLength;
  if (!/^\d+$/.test(code)) return { zh: '代码只能由数字组成', en: 'code must be digits only' };
  if (code.length !== len)
    return { zh: `${levelInfo(level).zh}代码应为 ${len} 位`, en: `a ${level} code has ${len} digits` };
  if (level === 'city') {
    if (!code.endsWith('00') || code.endsWith('0000'))
      return { zh: '市级代码应以 00 结尾（GB/T 2260）', en: 'a city code ends in 00 (GB/T 2260)' };
    return null;
  }
  if (level === 'county') {
    if (code.endsWith('00')) return { zh: '旗县区代码不能以 00 结尾', en: 'a county code cannot end in 00' };
    if (parentCode && code.slice(0, 4) !== parentCode.slice(0, 4))
      return { zh: `旗县区代码应以上级代码前四位 ${parentCode.slice(0, 4)} 开头`, en: `a county code starts with its city's ${parentCode.slice(0, 4)}` };
    return null;
  }
  if (parentCode === null) return { zh: '该级别必须有上级', en: `a ${level} needs a parent` };
  if (!code.startsWith(parentCode))
    return { zh: `代码应以上级代码 ${parentCode} 开头`, en: `code must start with the parent's code ${parentCode}` };
  if (code.endsWith('000')) return { zh: '本级序号不能为 000', en: 'the own part of the code cannot be 000' };
  return null;
}

/** The next free child code under `parentCode`, given the child codes already used. */
export function nextChildCode(parentCode: string, level: RegionLevel, used: string[]): string | null {
  if (level === 'county') {
    const prefix = parentCode.slice(0, 4);
    for (let n = 1; n < 100; n++) {
      const c = prefix + String(n).padStart(2, '0');
      if (!used.includes(c)) return c;
    }
    return null;
  }
  const taken = new Set(used);
  for (let n = 1; n < 1000; n++) {
    const c = parentCode + String(n).padStart(3, '0');
    if (!taken.has(c)) return c;
  }
  return null;
}

/** Materialised path helpers: '/1/5/23/' lists the ids from the root down to the node itself. */
export const childPath = (parentPath: string | null, id: number) => `${parentPath ?? '/'}${id}/`;

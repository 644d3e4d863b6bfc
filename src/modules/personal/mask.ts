// Masking of personal data for display (DOMAIN §6): every response shows masked values unless the caller used the
// unmask call (permission + reason + audit row). Masks keep the length of the value and reveal only the characters
// the rules below allow; masked characters become '*'.
import { normalizeIdNumber, normalizePersonName } from './validate.js';

const STAR = '*';
const stars = (n: number) => STAR.repeat(Math.max(0, n));
/** Keep `head` leading and `tail` trailing characters (code points), mask the rest. */
function keepEnds(s: string, head: number, tail: number): string {
  const cs = [...s];
  if (head + tail >= cs.length) return stars(cs.length);
  return cs.slice(0, head).join('') + stars(cs.length - head - tail) + (tail ? cs.slice(cs.length - tail).join('') : '');
}

/**
 * ID numbers: 18 characters (resident ID, HMT residence permit, 2023 permanent residence ID) → first 6 + last 4
 * (150826********1234); 15 digits (first-generation resident ID) → first 6 + last 4; 15 characters starting with
 * letters (2017 permanent residence ID) → first 3 + last 4; 8–14 characters (passports …) → first 2 + last 3;
 * 4–7 → first 1 + last 1; shorter → all masked.
 */
export function maskIdNumber(s: string): string {
  const n = normalizeIdNumber(s);
  const len = [...n].length;
  if (len >= 16) return keepEnds(n, 6, 4);
  if (len === 15) return /^\d{15}$/.test(n) ? keepEnds(n, 6, 4) : keepEnds(n, 3, 4);
  if (len >= 8) return keepEnds(n, 2, 3);
  if (len >= 4) return keepEnds(n, 1, 1);
  return stars(len);
}

/**
 * Phones: mobile 13812345678 → 138****5678 (a +86 prefix is kept as "+86 "); landline 0478-8123456 → 0478-***3456
 * (area code shown, local number masked but for its last 4; extension masked); anything else: last 4 shown when
 * at least 8 characters, otherwise all masked.
 */
export function maskPhone(s: string): string {
  const t = s.normalize('NFKC').trim();
  const compact = t.replace(/[\s\-()（）]/g, '');
  const mobile = /^(\+86|0086)?(1[3-9]\d)(\d{4})(\d{4})$/.exec(compact);
  if (mobile) return `${mobile[1] ? '+86 ' : ''}${mobile[2]}****${mobile[4]}`;
  const land = /^\(?(0(?:10|2\d|[3-9]\d{2}))\)?[\s-]?(\d{3,4})[\s-]?(\d{4})(?:(?:[\s-]|转|#)(\d{1,6}))?$/.exec(t);
  if (land) return `${land[1]}-${stars(land[2].length)}${land[3]}${land[4] ? '-' + stars(land[4].length) : ''}`;
  const cs = [...compact];
  return cs.length >= 8 ? keepEnds(compact, 0, 4) : stars(cs.length);
}

/** Common two-character (compound) surnames: the surname stays visible. */
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '端木', '西门', '南宫', '独孤', '闻人', '澹台', '公冶', '申屠', '太史', '钟离', '呼延', '万俟', '赫连',
];

/**
 * Names: the surname stays, the rest is masked — 张三 → 张*, 李小明 → 李**, 欧阳小明 → 欧阳** (compound surnames,
 * when the name is longer than the surname); names with '·' or spaces: each part keeps its first character
 * (阿依古丽·买买提 → 阿***·买**, John Smith → J*** S****). A single character is masked completely.
 */
export function maskName(s: string): string {
  const n = normalizePersonName(s);
  if (/[·\s]/.test(n)) return n.split(/([·\s])/).map((p) => (p === '·' || /^\s$/.test(p) ? p : keepEnds(p, 1, 0))).join('');
  const cs = [...n];
  if (cs.length <= 1) return stars(cs.length);
  const head = cs.length > 2 && COMPOUND_SURNAMES.includes(cs.slice(0, 2).join('')) ? 2 : 1;
  return keepEnds(n, head, 0);
}

/** Village / community level (and the levels above as fallbacks): the address is shown up to the end of these. */
const VILLAGE_LEVEL = /(社区居民委员会|居民委员会|村民委员会|社区居委会|居委会|村委会|社区|嘎查|村)/;
const TOWN_LEVEL = /(街道办事处|街道|镇|乡|苏木)/;
const HOUSE_NUMBER = /[0-9０-９A-Za-zＡ-Ｚａ-ｚ〇零一二三四五六七八九十百甲乙丙丁]/gu;

/**
 * Addresses: kept up to the village/community (社区, 村, 嘎查, 居委会 …), or else the town (镇, 乡, 街道, 苏木);
 * after that every digit, letter and Chinese numeral is masked — 东城社区幸福小区3号楼2单元501室 →
 * 东城社区幸福小区*号楼*单元***室. Without either level all numbers are masked.
 */
export function maskAddress(s: string): string {
  const t = s.normalize('NFC').trim();
  const m = VILLAGE_LEVEL.exec(t) ?? TOWN_LEVEL.exec(t);
  const cut = m ? m.index + m[0].length : 0;
  return t.slice(0, cut) + t.slice(cut).replace(HOUSE_NUMBER, STAR);
}

/** ID numbers (15/18 characters) and phone numbers found inside free text. */
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15}|[A-Za-z]{3}\d{12})(?![0-9A-Za-z])/g;
const PHONE_IN_TEXT = /(?<!\d)((?:\+86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0(?:10|2\d|[3-9]\d{2})-\d{7,8})(?!\d)/g;

/** Free text (notes, descriptions): ID numbers and phone numbers inside it are masked, the rest is kept. */
export function maskText(s: string): string {
  return s.replace(ID_IN_TEXT, (id) => maskIdNumber(id)).replace(PHONE_IN_TEXT, (p) => maskPhone(p));
}

/** Sensitive facts (criminal, correction, drug, health, religion …): hidden completely, length included. */
export const HIDDEN = '******';
export const maskHidden = (_s: string): string => HIDDEN;

export type MaskKind = 'id' | 'phone' | 'name' | 'address' | 'text' | 'hidden';
const MASKERS: Record<MaskKind, (s: string) => string> = {
  id: maskIdNumber,
  phone: maskPhone,
  name: maskName,
  address: maskAddress,
  text: maskText,
  hidden: maskHidden,
};
export const mask = (kind: MaskKind, value: string): string => MASKERS[kind](value);

/**
 * A copy of `obj` with the named fields masked. null/undefined stay as they are; arrays are masked element by
 * element; other non-string values are masked as their string form (so nothing named escapes unmasked).
 */
export function maskFields<T extends object>(obj: T, spec: { [K in keyof T]?: MaskKind }): T {
  const out: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  for (const [field, kind] of Object.entries(spec) as [string, MaskKind | undefined][]) {
    if (!kind || !(field in out)) continue;
    const v = out[field];
    if (v === null || v === undefined) continue;
    out[field] = Array.isArray(v) ? v.map((x) => (x == null ? x : mask(kind, String(x)))) : mask(kind, String(v));
  }
  return out as T;
}

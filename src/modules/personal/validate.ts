// Validators for personal data (DOMAIN §6): resident ID numbers (GB 11643, ISO 7064 MOD 11-2), the other ID
// documents (港澳台居民居住证, 外国人永久居留身份证, passports), phones and names with '·'.
// Problems are bilingual Text; "check…" functions that normalise return a Checked result.
import { text, type Text } from '../../http/errors.js';

export type Checked<T = string> = { ok: true; value: T } | { ok: false; problem: Text };
const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (zh: string, en: string): { ok: false; problem: Text } => ({ ok: false, problem: text(zh, en) });

// ---------- ID numbers ----------

/** Trim, drop inner spaces, NFKC (full-width digits → ASCII), upper-case (a lower-case x is accepted as X). */
export const normalizeIdNumber = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function mod11_2CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('mod11_2CheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Province-level codes that appear in mainland resident ID numbers (GB/T 2260). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
]);
const HMT_PREFIXES = ['810000', '820000', '830000'];

/** Today's date as YYYYMMDD in China (birth dates are civil dates there). */
const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
function todayYmd(now: Date): string {
  // one formatter for the process: building one per call cost ~150 µs, most of a 100k-row import's validation
  const p = CHINA_DAY.format(now);
  return p.replace(/-/g, '');
}

function checkBirth(ymd: string, now: Date): Text | null {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (!/^\d{8}$/.test(ymd) || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d)
    return text(`出生日期 ${ymd} 不是有效日期`, `birth date ${ymd} is not a valid date`);
  if (ymd < '19000101') return text(`出生日期 ${ymd} 早于 1900 年`, `birth date ${ymd} is before 1900`);
  if (ymd > todayYmd(now)) return text(`出生日期 ${ymd} 晚于今天`, `birth date ${ymd} is in the future`);
  return null;
}

/** Shared 18-character rules: digits + check char, birth date at 7–14, MOD 11-2 checksum. */
function check18(n: string, zhName: string, enName: string, now: Date): Text | null {
  if (n.length !== 18) return text(`${zhName}应为 18 位（当前 ${n.length} 位）`, `${enName} must have 18 characters (has ${n.length})`);
  if (!/^\d{17}[\dX]$/.test(n))
    return text(`${zhName}只能是 17 位数字加 1 位数字或 X`, `${enName} must be 17 digits followed by a digit or X`);
  const birth = checkBirth(n.slice(6, 14), now);
  if (birth) return birth;
  if (mod11_2CheckChar(n.slice(0, 17)) !== n[17])
    return text(`${zhName}校验位错误，请核对号码`, `${enName} check character is wrong; please check the number`);
  return null;
}

export interface CheckOptions {
  /** Clock for the "birth date not in the future" rule; defaults to now. */
  now?: Date;
}

/** 居民身份证号码 (GB 11643-1999): null when valid, otherwise the problem. */
export function checkResidentId(s: string, opts: CheckOptions = {}): Text | null {
  const n = normalizeIdNumber(s);
  if (n.length === 18 && HMT_PREFIXES.includes(n.slice(0, 6)))
    return text('该号码是港澳台居民居住证号码，请选择对应证件类型', 'this is a Hong Kong/Macao/Taiwan residence permit number; choose that document type');
  if (n.length === 18 && /^\d{2}/.test(n) && !PROVINCES.has(n.slice(0, 2)))
    return text(`身份证号码的地区码 ${n.slice(0, 6)} 无效`, `area code ${n.slice(0, 6)} is not a valid area code`);
  return check18(n, '身份证号码', 'resident ID number', opts.now ?? new Date());
}

/** Facts that a valid resident ID number carries. */
export function parseResidentId(s: string, opts: CheckOptions = {}): { number: string; areaCode: string; birthDate: string; sex: 'male' | 'female' } | null {
  if (checkResidentId(s, opts)) return null;
  const n = normalizeIdNumber(s);
  return {
    number: n,
    areaCode: n.slice(0, 6),
    birthDate: `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`,
    sex: Number(n[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** 港澳台居民居住证: 18 characters like the resident ID, starting 810000 (HK), 820000 (Macao) or 830000 (Taiwan). */
export function checkHkMacaoTaiwanResidencePermit(s: string, opts: CheckOptions = {}): Text | null {
  const n = normalizeIdNumber(s);
  if (n.length === 18 && !HMT_PREFIXES.includes(n.slice(0, 6)))
    return text('港澳台居民居住证号码应以 810000、820000 或 830000 开头', 'a Hong Kong/Macao/Taiwan residence permit number starts with 810000, 820000 or 830000');
  return check18(n, '港澳台居民居住证号码', 'residence permit number', opts.now ?? new Date());
}

/**
 * 外国人永久居留身份证. 2017 edition: 15 characters, 3-letter nationality code + 12 digits (format only; that
 * edition has no public checksum rule). 2023 edition: 18 characters starting with 9 (9 + province 2 + nationality
 * 3 + birth date 8 + sequence 3 + check), MOD 11-2 checksum like the resident ID.
 */
export function checkForeignPermanentResidence(s: string, opts: CheckOptions = {}): Text | null {
  const n = normalizeIdNumber(s);
  if (n.length === 15) {
    if (/^[A-Z]{3}\d{12}$/.test(n)) return null;
    return text('15 位外国人永久居留身份证号码应为 3 个字母加 12 位数字', 'a 15-character permanent residence ID number is 3 letters followed by 12 digits');
  }
  if (n.length === 18) {
    if (n[0] !== '9') return text('18 位外国人永久居留身份证号码应以 9 开头', 'an 18-character permanent residence ID number starts with 9');
    return check18(n, '外国人永久居留身份证号码', 'permanent residence ID number', opts.now ?? new Date());
  }
  return text('外国人永久居留身份证号码应为 15 位或 18 位', 'a permanent residence ID number has 15 or 18 characters');
}

export const ID_DOCUMENT_TYPES = ['resident_id', 'hmt_residence', 'foreign_permanent', 'passport', 'other'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** Any supported ID document; passports: 5–20 letters/digits; other: 2–40 visible characters. */
export function checkIdDocument(doc: { type: IdDocumentType; number: string }, opts: CheckOptions = {}): Text | null {
  const n = normalizeIdNumber(doc.number);
  switch (doc.type) {
    case 'resident_id':
      return checkResidentId(n, opts);
    case 'hmt_residence':
      return checkHkMacaoTaiwanResidencePermit(n, opts);
    case 'foreign_permanent':
      return checkForeignPermanentResidence(n, opts);
    case 'passport':
      return /^[A-Z0-9]{5,20}$/.test(n) ? null : text('护照号码应为 5–20 位字母或数字', 'a passport number is 5–20 letters or digits');
    case 'other':
      return /^[^\p{C}]{2,40}$/u.test(n) ? null : text('证件号码应为 2–40 个可见字符', 'a document number is 2–40 visible characters');
    default:
      return text(`未知证件类型 ${String((doc as { type: unknown }).type)}`, `unknown document type ${String((doc as { type: unknown }).type)}`);
  }
}

/**
 * A valid-checksum resident ID number for demo data. The area code is the real one of the place, but the birth
 * date (random 1940–2015 unless given) and the sequence are invented by `rng`: the result is random and made up,
 * and is not looked up anywhere. (Any 18-character number could coincide with a real one by chance, so demo
 * databases must be treated as demo data.) `rng` returns numbers in [0, 1), like Math.random.
 */
export function fakeResidentId(
  rng: () => number,
  opts: { areaCode: string; birth?: string | Date; sex?: 'male' | 'female' },
): string {
  const area = opts.areaCode.slice(0, 6);
  if (!/^\d{6}$/.test(area) || !PROVINCES.has(area.slice(0, 2))) throw new Error(`fakeResidentId: invalid area code ${opts.areaCode}`);
  const int = (lo: number, hi: number) => lo + Math.min(hi - lo, Math.floor(rng() * (hi - lo + 1)));
  let ymd: string;
  if (opts.birth instanceof Date) ymd = opts.birth.toISOString().slice(0, 10).replace(/-/g, '');
  else if (opts.birth) ymd = opts.birth.replace(/-/g, '');
  else {
    const day = int(Date.UTC(1940, 0, 1) / 86_400_000, Date.UTC(2015, 11, 31) / 86_400_000);
    ymd = new Date(day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  }
  if (checkBirth(ymd, new Date())) throw new Error(`fakeResidentId: invalid birth date ${String(opts.birth)}`);
  let seq = int(1, 999);
  const wantOdd = opts.sex ? opts.sex === 'male' : undefined;
  if (wantOdd !== undefined && (seq % 2 === 1) !== wantOdd) seq = seq === 999 ? 998 : seq + 1;
  const first17 = area + ymd + String(seq).padStart(3, '0');
  return first17 + mod11_2CheckChar(first17);
}

// ---------- phones ----------

/**
 * Mainland mobile (1[3-9] + 9 digits) → "13812345678"; landline with area code → "0478-8123456"
 * (010/02x have 3-digit area codes, the others 4; local numbers 7–8 digits; optional extension → "-801").
 * Spaces, dashes, brackets and a +86 / 0086 prefix are accepted and removed.
 */
export function checkPhone(s: string): Checked {
  let t = s.normalize('NFKC').trim().replace(/[\s()（）]/g, '');
  let international = false;
  const m = /^(\+86|0086)-?/.exec(t);
  if (m) {
    t = t.slice(m[0].length);
    international = true;
  } else if (/^861[3-9]\d{9}$/.test(t)) t = t.slice(2);
  const digitsOnly = t.replace(/-/g, '');
  if (/^1[3-9]\d{9}$/.test(digitsOnly)) return ok(digitsOnly);
  if (international && !t.startsWith('0')) t = '0' + t;
  const land = /^(0(?:10|2\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:(?:-|转|ext\.?|#|x)(\d{1,6}))?$/i.exec(t);
  if (land) return ok(`${land[1]}-${land[2]}${land[3] ? '-' + land[3] : ''}`);
  if (/^1\d*$/.test(digitsOnly)) return bad('手机号码应为 1 开头的 11 位数字（第二位 3–9）', 'a mobile number is 11 digits starting with 1[3-9]');
  return bad('电话号码格式错误：手机号 11 位，固定电话需带区号（如 0478-8123456）', 'invalid phone: a mobile has 11 digits, a landline needs its area code (e.g. 0478-8123456)');
}

/** Phone as used for the blind index: NFKC, no spaces/dashes/brackets, no +86/0086 prefix. */
export function normalizePhone(s: string): string {
  const c = checkPhone(s);
  if (c.ok) return c.value.replace(/-/g, '');
  return s.normalize('NFKC').replace(/[\s\-()（）]/g, '').replace(/^(\+86|0086)/, '');
}

// ---------- names ----------

/** Look-alikes of the middle dot '·' (U+00B7) found in names typed on different keyboards. */
const DOT_LOOKALIKES = /[•．ㆍ・‧･]/g;

/** NFC, trim, look-alike dots → '·', no spaces around '·', single spaces. */
export const normalizePersonName = (s: string): string =>
  s.normalize('NFC').replace(DOT_LOOKALIKES, '·').trim().replace(/\s*·\s*/g, '·').replace(/\s+/g, ' ');

/** Names: 2–40 characters of Chinese, letters, spaces and '·' (Mongolian, Uyghur … names written in Chinese). */
export function checkPersonName(s: string): Checked {
  const n = normalizePersonName(s);
  if (/\p{Nd}/u.test(n)) return bad('姓名不能包含数字', 'a name cannot contain digits');
  const len = [...n].length;
  if (len < 2 || len > 40) return bad('姓名应为 2–40 个字符', 'a name has 2–40 characters');
  if (n.startsWith('·') || n.endsWith('·')) return bad('姓名不能以“·”开头或结尾', "a name cannot start or end with '·'");
  if (n.includes('··')) return bad('姓名中不能有连续的“·”', "a name cannot contain '··'");
  // letters (any script, with combining marks), spaces, '·', and - or ' between letters (Jean-Pierre, O'Brien)
  if (!/^[\p{L}\u3007][\p{L}\p{M}\u3007]*(?:[ ·'-][\p{L}\u3007][\p{L}\p{M}\u3007]*)*$/u.test(n))
    return bad('姓名只能包含汉字、字母、空格和“·”', "a name may contain only Chinese characters, letters, spaces and '·'");
  return ok(n);
}

// ---------- unmask reasons ----------

/** The reason given for an unmask request (recorded in the audit row): 4–200 characters with some letters. */
export function checkUnmaskReason(s: string): Checked {
  const r = s.normalize('NFC').trim().replace(/\s+/g, ' ');
  if ([...r].length < 4 || [...r].length > 200 || !/\p{L}.*\p{L}/u.test(r))
    return bad('查看完整信息须填写事由（4–200 字）', 'viewing unmasked data needs a reason (4–200 characters)');
  return ok(r);
}

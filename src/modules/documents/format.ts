// Chinese formats for printed documents: Beijing-time dates (2026年11月28日 09:30) and the numbering of official
// documents (一、二、… 十一、). Printed times are always Beijing time, whatever the server's own zone.

const BEIJING = 'Asia/Shanghai';
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BEIJING,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function beijingParts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of partsFormat.formatToParts(d)) {
    if (p.type in out) out[p.type as keyof typeof out] = p.value;
  }
  return out;
}

/** 2026年11月28日 (Beijing date). */
export function formatDateCn(d: Date): string {
  const p = beijingParts(d);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年11月28日 09:30 (Beijing time). */
export function formatDateTimeCn(d: Date): string {
  const p = beijingParts(d);
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}

/** The Beijing calendar year, e.g. for 〔2026〕 in a document number. */
export function beijingYear(d: Date): number {
  return Number(beijingParts(d).year);
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九; other numbers are written with Arabic digits. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** 一、 二、 … as used before first-level headings and fields. */
export const fieldNumber = (n: number): string => `${chineseNumeral(n)}、`;

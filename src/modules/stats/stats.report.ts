// Monthly / quarterly report of a region (统计月报/季报) as Excel (tables) and PDF (tables and a bar chart drawn
// with pdfkit, Noto Sans SC), from the same figures as the API (stats.service.ts → stats.metrics.ts).
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { OfficialPdf, REGULAR, SIZE, GREY } from '../documents/pdf.js';
import { drawTable } from '../documents/pdf-table.js';
import { AppError, text } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { breakdown, overview, series, type StatsCtx } from './stats.service.js';
import { LABELS, type Rate } from './stats.metrics.js';

export interface ReportQuery {
  region?: string;
  /** YYYY-MM or YYYY-Qn */
  period: string;
  unratedAsSatisfied?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The days of a month or quarter, and how its report names it. */
export function reportPeriod(p: string) {
  const month = /^(\d{4})-(\d{2})$/.exec(p);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return { kind: 'month' as const, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}`, label: `${y}年${m}月`, name: '月报', trend: 'day' as const };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(p);
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    const m0 = (q - 1) * 3 + 1;
    return { kind: 'quarter' as const, from: `${y}-${pad(m0)}-01`, to: `${y}-${pad(m0 + 2)}-${pad(lastDay(y, m0 + 2))}`, label: `${y}年第${q}季度`, name: '季报', trend: 'month' as const };
  }
  throw new AppError('VALIDATION', text('统计期须为月份（2026-12）或季度（2026-Q4）', 'the period is a month (2026-12) or a quarter (2026-Q4)'), { fields: [{ path: 'period', message: 'YYYY-MM or YYYY-Qn' }] });
}

export const pct = (r: Rate) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`);
const num = (n: number) => n.toLocaleString('en-US');

const HEADLINE_COUNTS = ['received', 'filed', 'rejected', 'merged', 'closed', 'closedOnTime', 'closedOverdue', 'inProgress', 'overdueOpen', 'due', 'dueClosed', 'unrated'] as const;
const HEADLINE_RATES = ['closureRate', 'onTimeClosureRate', 'resolutionRate', 'reworkRate', 'satisfactionRate', 'villageRetentionRate', 'townRetentionRate', 'countyRetentionRate'] as const;
const GROUP_COLUMNS = ['received', 'closed', 'onTimeClosureRate', 'satisfactionRate', 'resolutionRate', 'townRetentionRate'] as const;

/** Everything a report shows, gathered once. */
export async function reportData(ctx: StatsCtx, u: SessionUser, q: ReportQuery) {
  const p = reportPeriod(q.period);
  const base = { region: q.region, from: p.from, to: p.to, unratedAsSatisfied: q.unratedAsSatisfied };
  const [o, regions, categories, trend] = await Promise.all([
    overview(ctx, u, base),
    breakdown(ctx, u, { ...base, by: 'region' }),
    breakdown(ctx, u, { ...base, by: 'category' }),
    series(ctx, u, { ...base, period: p.trend }),
  ]);
  const title = `${o.region.name}社会治理统计${p.name}`;
  const headline: [string, string][] = [
    ...HEADLINE_COUNTS.map((k) => [LABELS[k], num(o[k])] as [string, string]),
    ...HEADLINE_RATES.map((k) => [LABELS[k], pct(o[k])] as [string, string]),
    [LABELS.handlingDays, o.handlingDays.count ? `平均 ${o.handlingDays.average}，中位数 ${o.handlingDays.median}（${o.handlingDays.count} 件）` : '—'],
  ];
  const groupRows = (items: typeof regions.items) =>
    items.map((g) => [g.name, ...GROUP_COLUMNS.map((k) => (typeof g[k] === 'number' ? num(g[k] as number) : pct(g[k] as Rate)))]);
  return {
    title, period: p, overview: o, headline,
    groupHeader: ['', ...GROUP_COLUMNS.map((k) => LABELS[k])],
    regionRows: groupRows(regions.items),
    categoryRows: groupRows(categories.items),
    trend: (trend.items as { period: string; received: number; closed: number }[]).map((t) => ({ period: t.period, received: t.received, closed: t.closed })),
  };
}
type Data = Awaited<ReturnType<typeof reportData>>;

export async function reportXlsx(d: Data): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fengqiao';
  const sheet = (name: string, header: string[], rows: (string | number)[][], widths: number[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([`${d.title}（${d.period.label}，${d.period.from} 至 ${d.period.to}）`]).font = { bold: true, size: 14 };
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = widths[i] ?? 16));
    return ws;
  };
  sheet('主要指标', ['指标', '数值'], d.headline, [24, 48]);
  sheet('下级区域', d.groupHeader.map((h, i) => (i === 0 ? '区域' : h)), d.regionRows, [18]);
  sheet('类别', d.groupHeader.map((h, i) => (i === 0 ? '类别' : h)), d.categoryRows, [14]);
  sheet('趋势', [d.period.kind === 'month' ? '日期' : '月份', LABELS.received, LABELS.closed], d.trend.map((t) => [t.period, t.received, t.closed]), [14, 14, 14]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A bar chart of received and closed per day or month, drawn with pdfkit. */
function barChart(pdf: OfficialPdf, points: { period: string; received: number; closed: number }[]) {
  const { doc } = pdf;
  const h = 150;
  pdf.ensureSpace(h + 40);
  const top = doc.y + 8;
  const left = pdf.left + 28;
  const width = pdf.width - 36;
  const max = Math.max(1, ...points.flatMap((p) => [p.received, p.closed]));
  doc.lineWidth(0.5).strokeColor('#000000').moveTo(left, top).lineTo(left, top + h).lineTo(left + width, top + h).stroke();
  doc.font(REGULAR).fontSize(7).fillColor(GREY);
  for (const f of [0, 0.5, 1]) doc.text(String(Math.round(max * f)), pdf.left, top + h - h * f - 3, { width: 24, align: 'right' });
  const slot = width / Math.max(1, points.length);
  const bar = Math.max(1, Math.min(14, slot * 0.38));
  points.forEach((p, i) => {
    const x = left + i * slot + (slot - 2 * bar) / 2;
    const hr = (p.received / max) * h;
    const hc = (p.closed / max) * h;
    doc.rect(x, top + h - hr, bar, hr).fill('#1677ff');
    doc.rect(x + bar, top + h - hc, bar, hc).fill('#52c41a');
    if (points.length <= 12 || i % Math.ceil(points.length / 12) === 0)
      doc.font(REGULAR).fontSize(6).fillColor(GREY).text(p.period.slice(points.length > 12 ? 8 : 0), left + i * slot, top + h + 2, { width: slot, align: 'center' });
  });
  const ly = top + h + 14;
  doc.rect(left, ly, 8, 8).fill('#1677ff');
  doc.font(REGULAR).fontSize(8).fillColor('#000000').text(LABELS.received, left + 11, ly - 1);
  doc.rect(left + 80, ly, 8, 8).fill('#52c41a');
  doc.fillColor('#000000').text(LABELS.closed, left + 91, ly - 1);
  doc.x = pdf.left;
  doc.y = ly + 18;
}

export async function reportPdf(d: Data, date: Date): Promise<Buffer> {
  const pdf = new OfficialPdf({ title: d.title, author: '枫桥社会治理平台', date });
  pdf.title(d.title);
  pdf.paragraph(`统计期：${d.period.label}（${d.period.from} 至 ${d.period.to}）。在办、超期在办为出表时数；结案率、按期结案率以统计期内到期的案件为口径。`, { size: SIZE.small, color: GREY });
  pdf.heading(1, '主要指标');
  drawTable(pdf, [{ header: '指标', weight: 2, bold: true }, { header: '数值', weight: 3 }], d.headline);
  pdf.moveDown();
  pdf.heading(2, `${d.period.kind === 'month' ? '每日' : '每月'}受理与结案`);
  barChart(pdf, d.trend);
  pdf.heading(3, '下级区域');
  drawTable(pdf, d.groupHeader.map((h, i) => ({ header: i === 0 ? '区域' : h, weight: i === 0 ? 1.4 : 1 })), d.regionRows, { fontSize: 8 });
  pdf.moveDown();
  pdf.heading(4, '按类别');
  drawTable(pdf, d.groupHeader.map((h, i) => ({ header: i === 0 ? '类别' : h, weight: i === 0 ? 1.4 : 1 })), d.categoryRows, { fontSize: 8 });
  return pdf.finish();
}

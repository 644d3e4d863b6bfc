// Import a region/grid tree from GeoJSON or Excel: every row checked first, a row-level report,
// and nothing written unless the whole file is valid (one transaction).
import { ExcelJS } from '../imports/exceljs-utf8.js';
import type { CellValue } from 'exceljs';
import { AppError, text } from '../../http/errors.js';
import type { Upload } from '../../http/upload.js';
import type { RegionLevel } from '../../db/schema.js';
import * as repo from './regions.repo.js';
import { audit, createIn, type Ctx } from './regions.service.js';
import { checkCode, childLevel, isWellFormedCode, levelOfCode, LEVEL_NAMES } from './regions.codes.js';
import { checkGeometry } from './regions.geo.js';

export interface ImportRow {
  row: number;
  code: string;
  name: string;
  parentCode?: string;
  level?: string;
  geometry?: unknown;
}
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export const COLUMNS = [
  { key: 'code', header: '代码 code', width: 24 },
  { key: 'name', header: '名称 name', width: 20 },
  { key: 'parentCode', header: '上级代码 parentCode', width: 24 },
  { key: 'level', header: '级别 level', width: 12 },
  { key: 'geometry', header: '边界 geometry (GeoJSON)', width: 60 },
] as const;

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('regions');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.addRow({ code: '150826100001001', name: '示例大网格', parentCode: '150826100001', level: 'grid_big', geometry: '' });
  const help = wb.addWorksheet('说明');
  help.addRow(['级别 level 可选值', LEVEL_NAMES.join(', ')]);
  help.addRow(['上级代码', '可留空：按代码前缀推出 (derived from the code prefix when empty)']);
  help.addRow(['边界', 'GeoJSON Polygon 或 MultiPolygon，经度在前 [lng, lat]，首尾坐标相同']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cellText = (v: CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
  if (typeof v === 'object' && 'result' in v) return String((v as { result: unknown }).result ?? '');
  return String(v).trim();
};

export async function parseExcel(buffer: Buffer): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA', text('文件不是有效的 .xlsx 工作簿', 'the file is not a valid .xlsx workbook'));
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('VALIDATION', text('工作簿没有工作表', 'the workbook has no sheet'));
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const get = (i: number) => cellText(r.getCell(i + 1).value);
    const [code, name, parentCode, level, geom] = COLUMNS.map((_, i) => get(i));
    if (!code && !name && !parentCode && !geom) return;
    let geometry: unknown;
    if (geom) {
      try {
        geometry = JSON.parse(geom);
      } catch {
        errors.push({ row: n, column: 'geometry', message: '边界不是有效的 GeoJSON (geometry is not valid JSON)' });
      }
    }
    rows.push({ row: n, code, name, parentCode: parentCode || undefined, level: level || undefined, geometry });
  });
  return { rows, errors };
}

export function parseGeoJson(buffer: Buffer): { rows: ImportRow[]; errors: RowError[] } {
  let doc: { type?: string; features?: { properties?: Record<string, unknown>; geometry?: unknown }[] };
  try {
    doc = JSON.parse(buffer.toString('utf8'));
  } catch {
    throw new AppError('VALIDATION', text('文件不是有效的 JSON', 'the file is not valid JSON'));
  }
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    throw new AppError('VALIDATION', text('GeoJSON 须为 FeatureCollection', 'GeoJSON must be a FeatureCollection'));
  const rows = doc.features.map((f, i) => {
    const p = f.properties ?? {};
    return {
      row: i + 1,
      code: String(p.code ?? '').trim(),
      name: String(p.name ?? '').trim(),
      parentCode: p.parentCode ? String(p.parentCode).trim() : undefined,
      level: p.level ? String(p.level) : undefined,
      geometry: f.geometry ?? undefined,
    };
  });
  return { rows, errors: [] };
}

/** The parent code a code implies (a county's city is its first four digits + 00). */
export function impliedParent(code: string): string | undefined {
  if (code.length === 6) return code.endsWith('00') ? undefined : code.slice(0, 4) + '00';
  return code.slice(0, -3);
}

/** Check every row against the file and the database; returns the rows in insertion order. */
export async function validateRows(q: repo.Q, rows: ImportRow[]): Promise<{ ordered: (ImportRow & { level: RegionLevel; parentCode?: string })[]; errors: RowError[] }> {
  const errors: RowError[] = [];
  const inFile = new Map<string, ImportRow & { level: RegionLevel }>();
  const ok: (ImportRow & { level: RegionLevel; parentCode?: string })[] = [];
  for (const r of rows) {
    const err = (column: string, zh: string, en: string) => errors.push({ row: r.row, column, message: `${zh} (${en})` });
    if (!r.name) err('name', '名称不能为空', 'name is required');
    if (!isWellFormedCode(r.code)) {
      err('code', `代码 "${r.code}" 格式错误：应为 6、9、12、15、18 或 21 位数字`, 'malformed code');
      continue;
    }
    const level = (r.level ?? levelOfCode(r.code)) as RegionLevel;
    if (!LEVEL_NAMES.includes(level)) {
      err('level', `未知级别 ${r.level}`, `unknown level ${r.level}`);
      continue;
    }
    const parentCode = r.parentCode ?? impliedParent(r.code);
    const p = checkCode(r.code, level, parentCode ?? null);
    if (p) err('code', p.zh, p.en);
    if (inFile.has(r.code)) err('code', `代码 ${r.code} 在文件中重复（第 ${inFile.get(r.code)!.row} 行）`, 'duplicate code in file');
    if (r.geometry !== undefined) {
      const g = checkGeometry(r.geometry);
      if (g) err('geometry', g.zh, g.en);
    }
    inFile.set(r.code, { ...r, level });
    ok.push({ ...r, level, parentCode });
  }
  // parents and existing codes: one query for all codes involved
  const codes = [...new Set(ok.flatMap((r) => [r.code, r.parentCode].filter(Boolean) as string[]))];
  const existing = codes.length
    ? await q.selectFrom('regions').select(['code', 'level']).where('status', '=', 'active').where('code', 'in', codes).execute()
    : [];
  const inDb = new Map(existing.map((e) => [e.code, e.level]));
  for (const r of ok) {
    const err = (column: string, zh: string, en: string) => errors.push({ row: r.row, column, message: `${zh} (${en})` });
    if (inDb.has(r.code)) err('code', `代码 ${r.code} 已存在`, 'code already exists');
    if (r.parentCode) {
      const parentLevel = inFile.get(r.parentCode)?.level ?? inDb.get(r.parentCode);
      if (!parentLevel) err('parentCode', `上级 ${r.parentCode} 不存在（文件和系统中都没有）`, 'parent not found in the file or the system');
      else if (childLevel(parentLevel) !== r.level)
        err('level', childLevel(parentLevel) === null ? '微网格下不能再建下级' : `上级是 ${parentLevel}，下级应为 ${childLevel(parentLevel)}`, 'level does not fit under the parent');
    } else if (r.level !== 'city') err('parentCode', '缺少上级代码', 'parent code is required');
  }
  errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  ok.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  return { ordered: ok, errors };
}

export async function importRegions(ctx: Ctx, file: Upload) {
  const parsed = file.extension === '.xlsx' ? await parseExcel(file.buffer) : parseGeoJson(file.buffer);
  if (parsed.rows.length === 0 && parsed.errors.length === 0)
    throw new AppError('VALIDATION', text('文件中没有数据行', 'the file has no data rows'));
  const { ordered, errors } = await validateRows(ctx.db, parsed.rows);
  const all = [...parsed.errors, ...errors].sort((a, b) => a.row - b.row);
  if (all.length > 0)
    throw new AppError('UNPROCESSABLE', text(`导入文件有 ${all.length} 处错误，未写入任何数据`, `the file has ${all.length} errors; nothing was written`), { errors: all });
  await ctx.db.transaction().execute(async (trx) => {
    for (const r of ordered) {
      await createIn(trx, { parentCode: r.parentCode, code: r.code, name: r.name, level: r.level, geometry: r.geometry });
    }
    await audit(trx, ctx, 'region.import', file.filename, { rows: ordered.length, codes: ordered.slice(0, 50).map((r) => r.code) });
  });
  const byLevel: Record<string, number> = {};
  for (const r of ordered) byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
  return { created: ordered.length, byLevel };
}

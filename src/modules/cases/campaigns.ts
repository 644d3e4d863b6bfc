// 大排查: import a list (Excel) as a campaign, one case per row, each landing at the village office of its
// place, tracked together. Every row is checked first; nothing is written unless the whole file is valid.
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { sql } from 'kysely';
import { AppError, notFound, text } from '../../http/errors.js';
import type { Upload } from '../../http/upload.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { checkIdDocument, checkPersonName, checkPhone } from '../personal/index.js';
import { pathInScope } from '../../http/scope.js';
import { intake } from './cases.intake.js';
import type { CaseRow } from './cases.repo.js';
import { publishCase } from '../live/bus.js';
import { isDisputeType, type Channel } from './cases.codes.js';
import type { CasesCtx } from './cases.core.js';
import { STATE_NAMES, type CaseState } from './cases.workflow.js';
import { scopeFilter } from './cases.core.js';
import type { SqlBool } from 'kysely';

/** A campaign is visible where it overlaps the caller's area: it lies inside it, or covers it. */
const overlaps = (paths: string[]) =>
  paths.length === 0
    ? sql<SqlBool>`false`
    : sql<SqlBool>`(${sql.join(paths.map((p) => sql`(campaigns.region_path like ${p + '%'} or ${p} like campaigns.region_path || '%')`), sql` or `)})`;

export const CAMPAIGN_COLUMNS = [
  { key: 'title', header: '标题', width: 30 },
  { key: 'description', header: '情况描述', width: 50 },
  { key: 'disputeType', header: '纠纷类型代码', width: 14 },
  { key: 'regionCode', header: '地点代码（村/社区或网格）', width: 24 },
  { key: 'applicantName', header: '当事人姓名', width: 14 },
  { key: 'phone', header: '手机号', width: 16 },
  { key: 'idNumber', header: '证件号（可空）', width: 22 },
  { key: 'respondentName', header: '对方当事人（可空）', width: 16 },
  { key: 'address', header: '地址（可空）', width: 30 },
] as const;

export async function campaignTemplate() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('排查清单');
  ws.columns = CAMPAIGN_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.addRow({ title: '婚姻家庭矛盾回访', description: '2023年离婚诉讼案件，回访了解双方现状', disputeType: '01', regionCode: '150826100001', applicantName: '示例', phone: '13800000000' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Row { row: number; title: string; description: string; disputeType: string; regionCode: string; applicantName: string; phone: string; idNumber: string; respondentName: string; address: string }

async function readRows(buffer: Buffer): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA', text('文件不是有效的 .xlsx 工作簿', 'the file is not a valid .xlsx workbook'));
  }
  const ws = wb.worksheets[0];
  const rows: Row[] = [];
  ws?.eachRow((r, n) => {
    if (n === 1) return;
    const v = CAMPAIGN_COLUMNS.map((_, i) => {
      const c = r.getCell(i + 1).value;
      return c === null || c === undefined ? '' : typeof c === 'object' && 'text' in c ? String(c.text) : String(c).trim();
    });
    if (v.every((x) => !x)) return;
    const [title, description, disputeType, regionCode, applicantName, phone, idNumber, respondentName, address] = v;
    rows.push({ row: n, title, description, disputeType, regionCode, applicantName, phone, idNumber, respondentName, address });
  });
  return rows;
}

export async function importCampaign(ctx: CasesCtx, user: SessionUser, meta: { name: string; channel: Channel; source?: string }, file: Upload, actor: Actor) {
  const rows = await readRows(file.buffer);
  if (rows.length === 0) throw new AppError('VALIDATION', text('文件中没有数据行', 'the file has no data rows'));
  const errors: { row: number; column: string; message: string }[] = [];
  const err = (row: number, column: string, t: { zh: string; en: string }) => errors.push({ row, column, message: `${t.zh} (${t.en})` });
  const codes = [...new Set(rows.map((r) => r.regionCode).filter(Boolean))];
  const regions = codes.length
    ? await ctx.db.selectFrom('regions').select(['code', 'path', 'level']).where('code', 'in', codes).where('status', '=', 'active').execute()
    : [];
  for (const r of rows) {
    if (!r.title) err(r.row, 'title', { zh: '标题不能为空', en: 'title is required' });
    if (!r.description) err(r.row, 'description', { zh: '情况描述不能为空', en: 'description is required' });
    if (!isDisputeType(r.disputeType)) err(r.row, 'disputeType', { zh: `纠纷类型 "${r.disputeType}" 无效`, en: 'unknown dispute type' });
    const place = regions.find((x) => x.code === r.regionCode);
    if (!place) err(r.row, 'regionCode', { zh: `地点代码 "${r.regionCode}" 不存在`, en: 'unknown region' });
    else if (['city', 'county', 'town'].includes(place.level)) err(r.row, 'regionCode', { zh: '地点须为村/社区或网格', en: 'the place must be a village or a grid' });
    else if (!pathInScope(place.path, user.scopePaths)) err(r.row, 'regionCode', { zh: '地点不在您的管辖范围内', en: 'outside your area' });
    const name = checkPersonName(r.applicantName);
    if (!name.ok) err(r.row, 'applicantName', name.problem);
    const phone = checkPhone(r.phone);
    if (!phone.ok) err(r.row, 'phone', phone.problem);
    if (r.idNumber) {
      const p = checkIdDocument({ type: 'resident_id', number: r.idNumber }, { now: ctx.clock.now() });
      if (p) err(r.row, 'idNumber', p);
    }
  }
  if (errors.length)
    throw new AppError('UNPROCESSABLE', text(`清单有 ${errors.length} 处错误，未写入任何数据`, `the list has ${errors.length} errors; nothing was written`), { errors });
  const created: CaseRow[] = [];
  const done = await ctx.db.transaction().execute(async (trx) => {
    const campaign = await trx
      .insertInto('campaigns')
      .values({ name: meta.name, source: meta.source ?? null, channel: meta.channel, officeUnitId: user.unitId, regionPath: user.regionPath ?? user.scopePaths[0], createdBy: user.id, createdAt: ctx.clock.now(), total: rows.length })
      .returning(['id', 'name', 'total'])
      .executeTakeFirstOrThrow();
    for (const r of rows) {
      const made = await intake(ctx, user, {
        title: r.title, description: r.description, category: 'dispute', disputeType: r.disputeType, channel: meta.channel,
        regionCode: r.regionCode, applicant: { name: r.applicantName, phone: r.phone, idNumber: r.idNumber || undefined },
        respondents: r.respondentName ? [{ name: r.respondentName }] : undefined, address: r.address || undefined,
        landing: 'village', campaignId: campaign.id,
      }, actor, undefined, trx);
      if (made.created) created.push(made.created);
    }
    await record(trx, actor, { action: 'campaign.import', objectType: 'campaign', objectId: campaign.id, details: { name: meta.name, rows: rows.length, file: file.filename } }, ctx.clock.now());
    return campaign;
  });
  for (const c of created) publishCase(c, 'report', c.createdAt); // after the commit: the dashboard hears each new case
  return done;
}

/** Campaigns in the caller's area with their progress. */
export async function listCampaigns(ctx: CasesCtx, user: SessionUser) {
  return ctx.db
    .selectFrom('campaigns')
    .select(['id', 'name', 'source', 'channel', 'total', 'createdAt'])
    .select((eb) => [
      eb.selectFrom('cases').select(sql<number>`count(*)`.as('n')).whereRef('cases.campaignId', '=', 'campaigns.id').where('cases.status', 'in', ['closed', 'archived']).where(scopeFilter(user)).as('closed'),
    ])
    .where(overlaps(user.scopePaths))
    .orderBy('id', 'desc')
    .execute();
}

export async function campaignProgress(ctx: CasesCtx, user: SessionUser, id: number) {
  const c = await ctx.db.selectFrom('campaigns').selectAll().where('id', '=', id).where(overlaps(user.scopePaths)).executeTakeFirst();
  if (!c) throw notFound(text('专项不存在', 'campaign not found'));
  // the caller sees the progress of the cases in its own area
  const byStatus = await ctx.db.selectFrom('cases').select(['status', sql<number>`count(*)`.as('n')]).where('campaignId', '=', id).where(scopeFilter(user)).groupBy('status').execute();
  const byOffice = await ctx.db
    .selectFrom('cases')
    .innerJoin('units', 'units.id', 'cases.officeUnitId')
    .select(['units.name as office', sql<number>`count(*)`.as('total'), sql<number>`count(*) filter (where cases.status in ('closed','archived'))`.as('closed')])
    .where('cases.campaignId', '=', id)
    .where(scopeFilter(user))
    .groupBy('units.name')
    .orderBy('units.name')
    .execute();
  return {
    id: c.id, name: c.name, source: c.source, channel: c.channel, total: c.total, createdAt: c.createdAt,
    byStatus: byStatus.map((s) => ({ status: s.status, statusName: STATE_NAMES[s.status as CaseState], count: Number(s.n) })),
    byOffice: byOffice.map((o) => ({ office: o.office, total: Number(o.total), closed: Number(o.closed) })),
  };
}

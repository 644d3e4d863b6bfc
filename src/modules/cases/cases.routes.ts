import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { AppError, text } from '../../http/errors.js';
import { RateLimiter } from '../../http/rate-limit.js';
import { actorOf, record, systemActor } from '../audit/audit.service.js';
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { businessDateTime } from '../../db/business-time.js';
import type { CasesCtx } from './cases.core.js';
import { caseView } from './cases.core.js';
import { intake, intakeAnswer, landingTable, type Idempotency, type IntakeResult } from './cases.intake.js';
import { perform } from './cases.actions.js';
import { assignees, duplicates, getCase, listCases, workbench } from './cases.query.js';
import { rate, track } from './cases.public.js';
import * as S from './cases.schemas.js';
import { addAttachment, listAttachments, readAttachment, ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES } from './cases.files.js';
import { readUpload } from '../../http/upload.js';
import { visibleCase } from './cases.core.js';
import * as repo from './cases.repo.js';
import { casePdf } from './cases.documents.js';
import { campaignProgress, campaignTemplate, importCampaign, listCampaigns } from './campaigns.js';
import { CHANNELS } from './cases.codes.js';
import { publishCase } from '../live/bus.js';
import { idempotencyKey, sendAnswer, sha256 } from '../sync/idempotency.js';

const Id = z.object({ id: z.coerce.number().int().positive() });

const stable = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(stable).join(',')}]` : v && typeof v === 'object'
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`
    : JSON.stringify(v);

function idempotency(req: FastifyRequest, scope: string): Idempotency | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 8 || key.length > 100)
    throw new AppError('VALIDATION', text('Idempotency-Key 须为 8–100 个字符', 'Idempotency-Key must be 8–100 characters'));
  return { scope, key, hash: createHash('sha256').update(stable(req.body)).digest('hex') };
}

const answer = (reply: FastifyReply, r: IntakeResult) => {
  publishCase(r.created, 'report', r.created?.createdAt);
  if (r.replay) return reply.status(r.replay.status).header('idempotent-replayed', 'true').send(r.replay.body);
  return reply.status(201).send(intakeAnswer(r.created!));
};

export const casesRoutes = (ctx: CasesCtx & { filesDir: string }): FastifyPluginAsyncZod => async (app) => {
  const tags = ['cases 案件'];
  app.post('/api/cases', {
    config: { permission: 'case.create' },
    schema: { tags, summary: '受理/上报案件 intake (any channel; Idempotency-Key honoured)', body: S.IntakeBody },
  }, async (req, reply) => {
    const user = currentUser(req);
    return answer(reply, await intake(ctx, user, req.body, actorOf(req), idempotency(req, `user:${user.id}`)));
  });

  app.get('/api/cases', { config: { permission: 'case.read' }, schema: { tags, summary: '案件列表 list (scoped, keyset paging, Chinese search)', querystring: S.ListQuery } }, async (req) =>
    listCases(ctx, currentUser(req), req.query));

  app.get('/api/cases/export.xlsx', {
    config: { permission: 'case.read' },
    schema: { tags, summary: '导出案件列表（本人范围内，不含个人信息） export the list (scoped; no personal data)', querystring: S.ListQuery.omit({ cursor: true, limit: true }) },
  }, async (req, reply) => {
    const user = currentUser(req);
    const rows: Awaited<ReturnType<typeof listCases>>['items'] = [];
    let cursor: number | undefined;
    do {
      const page = await listCases(ctx, user, { ...req.query, cursor, limit: 200 });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < 20_000);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('案件');
    ws.columns = [
      { header: '案件编号', key: 'caseNumber', width: 24 }, { header: '标题', key: 'title', width: 30 }, { header: '类别', key: 'categoryName', width: 10 },
      { header: '纠纷类型', key: 'disputeTypeName', width: 16 }, { header: '来源', key: 'channelName', width: 12 }, { header: '层级', key: 'levelName', width: 10 },
      { header: '状态', key: 'statusName', width: 10 }, { header: '受理时间', key: 'createdAt', width: 20 }, { header: '办理期限', key: 'stageDueAt', width: 20 },
      { header: '处理结果', key: 'disposition', width: 12 }, { header: '满意度', key: 'satisfactionName', width: 10 },
    ];
    for (const r of rows) ws.addRow({ ...r, createdAt: businessDateTime(r.createdAt, ctx.timeZone), stageDueAt: r.stageDueAt ? businessDateTime(r.stageDueAt, ctx.timeZone) : '' });
    await record(ctx.db, actorOf(req), { action: 'case.export', objectType: 'case', details: { rows: rows.length, filters: req.query } }, ctx.clock.now());
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('案件列表.xlsx')}`);
    return Buffer.from(await wb.xlsx.writeBuffer());
  });

  app.get('/api/settings/case-landing', { config: { permission: 'case.read' }, schema: { tags, summary: '各渠道受理层级 where each channel lands' } }, async () =>
    landingTable(ctx.db));

  app.put('/api/settings/case-landing', {
    config: { permission: 'region.manage' },
    schema: {
      tags, summary: '设置各渠道受理层级 set where each channel lands (village | town | county)',
      body: z.partialRecord(z.enum(Object.keys(CHANNELS) as [keyof typeof CHANNELS]), z.enum(['village', 'town', 'county'])),
    },
  }, async (req) => {
    const value = { ...(await landingTable(ctx.db)), ...req.body };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'case.landing', value: JSON.stringify(value), updatedBy: currentUser(req).id, updatedAt: ctx.clock.now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedBy: currentUser(req).id, updatedAt: ctx.clock.now() })).execute();
      await record(trx, actorOf(req), { action: 'settings.case_landing', objectType: 'settings', objectId: 'case.landing', details: req.body }, ctx.clock.now());
    });
    return value;
  });

  app.get('/api/cases/workbench', { config: { permission: 'case.read' }, schema: { tags, summary: '工作台计数 workbench counts' } }, async (req) => workbench(ctx, currentUser(req)));

  app.get('/api/cases/:id', { config: { permission: 'case.read' }, schema: { tags, summary: '案件详情（含可执行操作） one case with allowedActions', params: Id } }, async (req) =>
    getCase(ctx, currentUser(req), req.params.id));

  app.get('/api/cases/:id/duplicates', { config: { permission: 'case.read' }, schema: { tags, summary: '疑似重复 duplicate candidates', params: Id } }, async (req) =>
    duplicates(ctx, currentUser(req), req.params.id));

  app.get('/api/cases/:id/assignees', { config: { permission: 'case.act' }, schema: { tags, summary: '可指派单位 units this office may assign to', params: Id } }, async (req) =>
    assignees(ctx, currentUser(req), req.params.id));

  app.post('/api/cases/:id/actions', {
    config: { permission: 'case.act' },
    schema: { tags, summary: '办理操作 perform an action (412 stale version, 409 wrong state, 403 not yours)', params: Id, body: S.ActionBody },
  }, async (req) => {
    const user = currentUser(req);
    const updated = await perform(ctx, user, req.params.id, req.body, actorOf(req));
    publishCase(updated, req.body.action, ctx.clock.now());
    return caseView(ctx, user, updated);
  });

  const upload = (req: FastifyRequest) => readUpload(req, { maxBytes: MAX_ATTACHMENT_BYTES, extensions: ATTACHMENT_EXTENSIONS });

  app.get('/api/cases/:id/attachments', { config: { permission: 'case.read' }, schema: { tags, summary: '附件列表 attachments', params: Id } }, async (req) =>
    listAttachments(ctx, currentUser(req), req.params.id));

  app.post('/api/cases/:id/attachments', {
    config: { permission: 'case.read' },
    schema: { tags, summary: '上传附件 upload (multipart "file"; jpg/png/webp/pdf/docx/xlsx ≤ 10 MB; Idempotency-Key honoured: a replay stores nothing)', params: Id },
  }, async (req, reply) => {
    const user = currentUser(req);
    const c = await visibleCase(ctx.db, user, req.params.id);
    const file = await upload(req);
    const idem = idempotencyKey(req, `case-attachment:user:${user.id}`, `${c.id}:${sha256(file.buffer)}`);
    return sendAnswer(reply, await addAttachment(ctx, user, c, file, actorOf(req), idem));
  });

  app.get('/api/cases/:id/attachments/:attachmentId', {
    config: { permission: 'case.read' },
    schema: { tags, summary: '下载附件 download', params: Id.extend({ attachmentId: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    const a = await readAttachment(ctx, currentUser(req), req.params.id, req.params.attachmentId);
    reply.header('content-type', a.contentType);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(a.body);
  });

  const DOCS = { 'receipt.pdf': ['receipt', '受理回执'], 'refusal.pdf': ['refusal', '不予受理告知书'], 'case-file.pdf': ['file', '案卷'] } as const;
  app.get('/api/cases/:id/:doc', {
    config: { permission: 'case.read' },
    schema: { tags, summary: '打印：受理回执 / 不予受理告知书 / 案卷 (PDF)', params: Id.extend({ doc: z.enum(['receipt.pdf', 'refusal.pdf', 'case-file.pdf']) }) },
  }, async (req, reply) => {
    const [kind, title] = DOCS[req.params.doc];
    const pdf = await casePdf(ctx, currentUser(req), req.params.id, kind, `${req.protocol}://${req.host}`);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${title}-${req.params.id}.pdf`)}`);
    return reply.send(pdf);
  });

  app.get('/api/campaigns', { config: { permission: 'case.read' }, schema: { tags, summary: '大排查专项列表 campaigns' } }, async (req) => listCampaigns(ctx, currentUser(req)));
  app.get('/api/campaigns/template.xlsx', { config: { permission: 'case.create' }, schema: { tags, summary: '排查清单模板 template' } }, async (_req, reply) => {
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('排查清单模板.xlsx')}`);
    return campaignTemplate();
  });
  app.get('/api/campaigns/:id', { config: { permission: 'case.read' }, schema: { tags, summary: '专项进度 campaign progress', params: Id } }, async (req) =>
    campaignProgress(ctx, currentUser(req), req.params.id));
  app.post('/api/campaigns/import', {
    config: { permission: 'case.create' },
    schema: {
      tags, summary: '导入排查清单 import a screening list (.xlsx, multipart "file"): one case per row, to the village offices',
      querystring: z.object({ name: z.string().trim().min(2).max(60), channel: z.enum(Object.keys(CHANNELS) as [keyof typeof CHANNELS]).default('transfer'), source: z.string().max(60).optional() }),
    },
  }, async (req, reply) => {
    const file = await readUpload(req, { maxBytes: 20 * 1024 * 1024, extensions: ['.xlsx'] });
    return reply.status(201).send(await importCampaign(ctx, currentUser(req), req.query, file, actorOf(req)));
  });

  // citizens: no account; rate-limited per address and per phone
  const perAddress = new RateLimiter(20, 3_600_000, ctx.clock);
  const perPhone = new RateLimiter(5, 86_400_000, ctx.clock);
  const perTrack = new RateLimiter(60, 3_600_000, ctx.clock);
  const ptags = ['public 群众'];

  app.post('/api/public/cases', {
    config: { permission: 'public' },
    schema: { tags: ptags, summary: '我要反映 a citizen reports (no login; Idempotency-Key honoured)', body: S.PublicIntakeBody },
  }, async (req, reply) => {
    perAddress.hit(req.ip);
    perPhone.hit(req.body.applicant.phone.replace(/\D/g, '').slice(-11));
    const r = await intake(ctx, null, { ...req.body, channel: 'citizen' }, { ...systemActor('citizen'), ip: req.ip, requestId: String(req.id) }, idempotency(req, `public:${req.body.applicant.phone.replace(/\D/g, '').slice(-11)}`));
    return answer(reply, r);
  });

  app.post('/api/public/cases/:trackingCode/attachments', {
    config: { permission: 'public' },
    schema: {
      tags: ptags, summary: '补充照片 a citizen adds photos within an hour of reporting (multipart "file"; ?phone4=)',
      params: z.object({ trackingCode: z.string().min(4).max(20) }), querystring: z.object({ phone4: z.string().regex(/^\d{4}$/) }),
    },
  }, async (req, reply) => {
    perAddress.hit(req.ip);
    const c = await repo.byTrackingCode(ctx.db, req.params.trackingCode.toUpperCase());
    if (!c || c.applicantPhone4 !== req.query.phone4) throw new AppError('NOT_FOUND', text('未找到该案件', 'no such case'));
    if (ctx.clock.now().getTime() - c.createdAt.getTime() > 3_600_000)
      throw new AppError('CONFLICT', text('提交一小时后不能再补充照片，请联系受理单位', 'photos can be added only within an hour of reporting'));
    const file = await upload(req);
    if (!['.jpg', '.jpeg', '.png', '.webp'].includes(file.extension))
      throw new AppError('UNSUPPORTED_MEDIA', text('只能上传照片（jpg/png/webp）', 'photos only (jpg/png/webp)'));
    return reply.status(201).send((await addAttachment(ctx, null, c, file, { ...systemActor('citizen'), ip: req.ip, requestId: String(req.id) })).body);
  });

  app.get('/api/public/places', { config: { permission: 'public' }, schema: { tags: ptags, summary: '可选地点（村/社区） places a citizen can pick' } }, async () => {
    const rows = await ctx.db
      .selectFrom('regions as v')
      .innerJoin('regions as t', 't.id', 'v.parentId')
      .innerJoin('regions as c', 'c.id', 't.parentId')
      .select(['v.code', 'v.name', 't.name as townName', 'c.name as countyName'])
      .where('v.level', '=', 'village')
      .where('v.status', '=', 'active')
      .orderBy('v.code')
      .execute();
    return rows;
  });

  app.post('/api/public/track', { config: { permission: 'public' }, schema: { tags: ptags, summary: '进度查询 track with code + last four phone digits', body: S.TrackBody } }, async (req) => {
    perTrack.hit(req.ip);
    return track(ctx, req.body.trackingCode, req.body.phone4);
  });

  app.post('/api/public/rate', { config: { permission: 'public' }, schema: { tags: ptags, summary: '评价 rate once', body: S.RateBody } }, async (req) => {
    perTrack.hit(req.ip);
    return rate(ctx, req.body, req.ip);
  });
};

import { idempotencyKey, sendAnswer, sha256 } from '../sync/idempotency.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf, record } from '../audit/audit.service.js';
import { checkUnmaskReason } from '../personal/index.js';
import { fieldError, sendXlsx } from '../registers/common.js';
import { RISKS, type FieldDef } from './keypersons.fields.js';
import * as service from './keypersons.service.js';
import { readUpload } from '../../http/upload.js';
import { checkPhotos, PHOTO_EXTENSIONS, PHOTO_MAX_BYTES, readPhoto, savePhoto, visibleKeyperson, type PhotoCtx } from './keypersons.photos.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Filter = z.object({
  gridCode: z.string().max(32).optional(),
  categoryCode: z.string().max(40).optional(),
  risk: z.enum(RISKS).optional(),
  due: z.enum(['overdue', 'soon']).optional(),
  q: z.string().max(30).optional(),
  idNumber: z.string().max(40).optional(),
});
const RISK_NAMES = { green: '绿', yellow: '黄', red: '红' } as const;

export const keypersonsRoutes = (ctx: PhotoCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['keypersons 重点人员'];
  const who = (req: Parameters<typeof actorOf>[0]) => ({ user: currentUser(req), audit: actorOf(req) });

  app.get('/api/keyperson-categories', { config: { permission: 'authenticated' }, schema: { tags, summary: '重点人员类别（字段定义、走访频次） categories' } }, async (req) =>
    service.listCategories(ctx, currentUser(req)));

  app.put('/api/keyperson-categories/:code', {
    config: { permission: 'keyperson.config' },
    schema: {
      tags, summary: '修改类别（字段、按风险的走访频次，天） configure a category',
      params: z.object({ code: z.string().max(40) }),
      body: z.object({ name: z.string().min(2).max(40).optional(), fields: z.array(z.unknown()).optional(), visitDays: z.record(z.string(), z.unknown()).optional(), active: z.boolean().optional() }),
    },
  }, async (req) => service.updateCategory(ctx, actorOf(req), req.params.code, req.body));

  app.post('/api/keypersons', {
    config: { permission: 'keyperson.write' },
    schema: {
      tags, summary: '登记重点人员（人员须已登记为实有人口） add a key person',
      body: z.object({
        personId: z.number().int().positive().optional(),
        idNumber: z.string().max(40).optional(),
        categoryCode: z.string().max(40),
        risk: z.enum(RISKS),
        fields: z.record(z.string(), z.unknown()).optional(),
        cadreIds: z.array(z.number().int().positive()).max(10).optional(),
      }),
    },
  }, async (req, reply) => {
    const id = await service.createKeyperson(ctx, who(req), req.body);
    return reply.status(201).send(await service.getKeyperson(ctx, currentUser(req), actorOf(req), id));
  });

  app.get('/api/keypersons', {
    config: { permission: 'keyperson.read' },
    schema: { tags, summary: '重点人员列表（脱敏，查看留痕） list (masked, audited)', querystring: Filter.extend({ cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => service.listKeypersons(ctx, currentUser(req), actorOf(req), req.query));

  const ledger = async (req: { query: z.infer<typeof Filter> } & Parameters<typeof actorOf>[0], reply: Parameters<typeof sendXlsx>[0], reason?: string) => {
    const user = currentUser(req);
    const rows = await service.ledgerRows(ctx, user, req.query, Boolean(reason));
    const cats = (await service.listCategories(ctx, user)).items;
    const defs = (req.query.categoryCode ? (cats.find((c) => c.code === req.query.categoryCode)?.fields as FieldDef[] | undefined) : undefined) ?? [];
    const shownDefs = defs.filter((d) => reason || !d.sensitive);
    await record(ctx.db, actorOf(req), { action: reason ? 'keyperson.ledger_unmasked' : 'keyperson.ledger', objectType: 'keyperson', details: { ids: rows.map((r) => r.id), filters: { ...req.query, idNumber: undefined }, ...(reason ? { reason } : {}) } }, ctx.clock.now());
    return sendXlsx(reply, '重点人员台账.xlsx', '台账', [
      { header: '类别', key: 'categoryName', width: 16 }, { header: '姓名', key: 'personName', width: 12 }, { header: '证件号码', key: 'idNumber', width: 22 },
      { header: '电话', key: 'phone', width: 16 }, { header: '网格', key: 'gridName' }, { header: '风险等级', key: 'riskName', width: 8 },
      { header: '最近走访', key: 'lastVisitOn', width: 12 }, { header: '下次应访', key: 'nextDueOn', width: 12 }, { header: '状态', key: 'status', width: 8 },
      ...shownDefs.map((d) => ({ header: d.label, key: `f_${d.key}`, width: 14 })),
    ], rows.map((r) => ({
      ...r, riskName: RISK_NAMES[r.risk],
      ...Object.fromEntries(shownDefs.map((d) => [`f_${d.key}`, String((d.sensitive ? r.facts?.[d.key] : (r.attributes as Record<string, unknown>)[d.key]) ?? '')])),
    })));
  };
  app.get('/api/keypersons/ledger.xlsx', { config: { permission: 'keyperson.read' }, schema: { tags, summary: '台账导出（按类别、区域；脱敏） ledger export, masked', querystring: Filter } }, async (req, reply) => ledger(req, reply));
  app.post('/api/keypersons/ledger.xlsx', {
    config: { permission: 'keyperson.unmask' },
    schema: { tags, summary: '台账导出完整信息（须有查看权限并填事由，留痕） ledger unmasked', querystring: Filter, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req, reply) => {
    const why = checkUnmaskReason(req.body.reason ?? '');
    if (!why.ok) throw fieldError('reason', why.problem);
    return ledger(req, reply, why.value);
  });

  app.get('/api/keypersons/:id', { config: { permission: 'keyperson.read' }, schema: { tags, summary: '重点人员详情（查看留痕） one key person (audited read)', params: Id } }, async (req) =>
    service.getKeyperson(ctx, currentUser(req), actorOf(req), req.params.id));

  app.patch('/api/keypersons/:id', {
    config: { permission: 'keyperson.write' },
    schema: {
      tags, summary: '修改风险等级、字段、包联干部、状态 update', params: Id,
      body: z.object({ risk: z.enum(RISKS).optional(), fields: z.record(z.string(), z.unknown()).optional(), cadreIds: z.array(z.number().int().positive()).max(10).optional(), status: z.enum(['active', 'closed']).optional(), version: z.number().int().optional() }),
    },
  }, async (req) => {
    await service.updateKeyperson(ctx, who(req), req.params.id, req.body);
    return service.getKeyperson(ctx, currentUser(req), actorOf(req), req.params.id);
  });

  app.post('/api/keypersons/:id/visits', {
    config: { permission: 'keyperson.write' },
    schema: { tags, summary: '记录走访 log a visit (findings sealed; Idempotency-Key honoured: a replay writes nothing)', params: Id, body: z.object({ visitedOn: Day.optional(), findings: z.string().max(2000), photos: z.array(z.string().max(200)).max(9).optional() }) },
  }, async (req, reply) => {
    checkPhotos(ctx, req.params.id, req.body.photos);
    const user = currentUser(req);
    const a = await service.logVisit(ctx, who(req), req.params.id, req.body, idempotencyKey(req, `keyperson-visit:user:${user.id}`, { keypersonId: req.params.id, ...req.body }));
    if (a.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(await service.getKeyperson(ctx, currentUser(req), actorOf(req), req.params.id));
  });

  app.post('/api/keypersons/:id/photos', {
    config: { permission: 'keyperson.write' },
    schema: { tags, summary: '上传走访照片（.jpg/.png/.webp，5 MB 内，加密存储；Idempotency-Key 重放不重复保存） upload a visit photo (sealed at rest; Idempotency-Key honoured)', params: Id, consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const user = currentUser(req);
    await visibleKeyperson(ctx, user, req.params.id);
    const upload = await readUpload(req, { maxBytes: PHOTO_MAX_BYTES, extensions: PHOTO_EXTENSIONS });
    const idem = idempotencyKey(req, `keyperson-photo:user:${user.id}`, `${req.params.id}:${sha256(upload.buffer)}`);
    return sendAnswer(reply, await savePhoto(ctx, actorOf(req), req.params.id, upload, idem));
  });

  app.get('/api/keypersons/:id/photos/:name', {
    config: { permission: 'keyperson.read' },
    schema: { tags, summary: '查看走访照片（留痕） a visit photo (audited)', params: Id.extend({ name: z.string().max(60) }) },
  }, async (req, reply) => {
    const p = await readPhoto(ctx, currentUser(req), actorOf(req), req.params.id, req.params.name);
    reply.header('content-type', p.type).header('cache-control', 'private, no-store');
    return reply.send(p.body);
  });

  app.get('/api/keypersons/:id/history', { config: { permission: 'keyperson.read' }, schema: { tags, summary: '变更记录 change history', params: Id } }, async (req) =>
    service.keypersonHistory(ctx, currentUser(req), actorOf(req), req.params.id));

  app.post('/api/keypersons/:id/unmask', {
    config: { permission: 'keyperson.unmask' },
    schema: { tags, summary: '查看完整身份信息（须填事由，留痕） unmask (audited)', params: Id, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req) => {
    const why = checkUnmaskReason(req.body.reason ?? '');
    if (!why.ok) throw fieldError('reason', why.problem);
    return service.unmaskKeyperson(ctx, currentUser(req), actorOf(req), req.params.id, why.value);
  });
};

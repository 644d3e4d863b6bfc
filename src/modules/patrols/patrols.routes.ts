import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { readUpload } from '../../http/upload.js';
import { actorOf } from '../audit/audit.service.js';
import { CATEGORIES } from '../cases/cases.codes.js';
import { idempotencyKey, sendAnswer, sha256 } from '../sync/idempotency.js';
import { createChecklist, listChecklists, updateChecklist } from './patrols.checklists.js';
import { addPhoto, findingToCase, MAX_PHOTO_BYTES, PHOTO_EXTENSIONS, readPhoto } from './patrols.findings.js';
import { mobileContext, createPatrol, dailyRule, getPatrol, listPatrols, readRoute, type PatrolsCtx } from './patrols.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Point = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), at: z.string().max(40).optional() });
const ChecklistBody = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{2,40}$/).optional(),
  name: z.string().trim().min(1).max(40),
  items: z.array(z.object({ key: z.string().max(60).optional(), text: z.string().trim().min(1).max(200) })).min(1).max(30),
  active: z.boolean().optional(),
});
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const patrolsRoutes = (ctx: PatrolsCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['patrols 网格巡查'];

  app.get('/api/patrol-checklists', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '巡查清单模板 checklist templates (四必看、五必问…)', querystring: z.object({ all: z.coerce.boolean().optional() }) },
  }, async (req) => ({ items: await listChecklists(ctx.db, currentUser(req), req.query.all) }));

  app.post('/api/patrol-checklists', {
    config: { permission: 'patrol.checklist.manage' },
    schema: { tags, summary: '新增清单模板 add a template (own region; administrator: county-wide)', body: ChecklistBody },
  }, async (req, reply) => reply.status(201).send(await createChecklist(ctx, currentUser(req), req.body, actorOf(req))));

  app.put('/api/patrol-checklists/:id', {
    config: { permission: 'patrol.checklist.manage' },
    schema: { tags, summary: '修改清单模板 edit a template (version checked)', params: Id, body: ChecklistBody.omit({ code: true }).extend({ version: z.number().int() }) },
  }, async (req) => updateChecklist(ctx, currentUser(req), req.params.id, req.body, actorOf(req)));

  app.post('/api/patrols', {
    config: { permission: 'patrol.log' },
    bodyLimit: 2 * 1024 * 1024,
    schema: {
      tags, summary: '记录巡查日志 log a patrol (Idempotency-Key honoured: a replay answers the same, writes nothing)',
      body: z.object({
        gridCode: z.string().max(32),
        startedAt: z.coerce.date(),
        endedAt: z.coerce.date().optional(),
        route: z.array(Point).max(5000).optional(),
        checklistIds: z.array(z.number().int().positive()).max(20).optional(),
        answers: z.record(z.string().max(60), z.object({ ok: z.boolean(), note: z.string().max(500).optional() })).optional(),
        notes: z.string().max(5000).optional(),
        findings: z.array(z.object({ description: z.string().trim().min(2).max(2000), lat: z.number().min(-90).max(90).optional(), lng: z.number().min(-180).max(180).optional() })).max(20).optional(),
      }),
    },
  }, async (req, reply) => {
    const user = currentUser(req);
    return sendAnswer(reply, await createPatrol(ctx, user, req.body, actorOf(req), idempotencyKey(req, `patrol:user:${user.id}`)));
  });

  app.get('/api/patrols', {
    config: { permission: 'patrol.read' },
    schema: {
      tags, summary: '巡查日志列表 list (own logs for grid workers; the region for staff; no route points)',
      querystring: z.object({ gridCode: z.string().max(32).optional(), date: Day.optional(), workerId: z.coerce.number().int().optional(), cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    },
  }, async (req) => listPatrols(ctx, currentUser(req), req.query));

  app.get('/api/patrols/context', {
    config: { permission: 'patrol.log' },
    schema: { tags, summary: '手机端离线所需：本人、网格、清单 what the phone app keeps for offline work' },
  }, async (req) => mobileContext(ctx, currentUser(req), await listChecklists(ctx.db, currentUser(req))));

  app.get('/api/patrols/daily', {
    config: { permission: 'patrol.supervise' },
    schema: { tags, summary: '民情一日一巡查一记录：今日谁已巡查 who logged a patrol on a business day', querystring: z.object({ date: Day.optional() }) },
  }, async (req) => dailyRule(ctx, currentUser(req), req.query.date));

  app.get('/api/patrols/:id', { config: { permission: 'patrol.read' }, schema: { tags, summary: '巡查日志详情 one log (no route points)', params: Id } }, async (req) =>
    getPatrol(ctx, currentUser(req), req.params.id));

  app.post('/api/patrols/:id/route', {
    config: { permission: 'patrol.read' },
    schema: { tags, summary: '巡查轨迹 route points (own; supervisors with a reason, audited)', params: Id, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req) => readRoute(ctx, currentUser(req), req.params.id, req.body.reason, actorOf(req)));

  app.post('/api/patrols/:id/photos', {
    config: { permission: 'patrol.log' },
    schema: { tags, summary: '上传巡查照片 add a photo (jpg/png/webp ≤ 10 MB; Idempotency-Key honoured)', params: Id, querystring: z.object({ findingId: z.coerce.number().int().positive().optional() }) },
  }, async (req, reply) => {
    const user = currentUser(req);
    const file = await readUpload(req, { maxBytes: MAX_PHOTO_BYTES, extensions: PHOTO_EXTENSIONS });
    const idem = idempotencyKey(req, `patrol-photo:user:${user.id}`, `${req.params.id}:${req.query.findingId ?? ''}:${sha256(file.buffer)}`);
    return sendAnswer(reply, await addPhoto(ctx, user, req.params.id, req.query.findingId, file, actorOf(req), idem));
  });

  app.get('/api/patrols/:id/photos/:photoId', {
    config: { permission: 'patrol.read' },
    schema: { tags, summary: '巡查照片 one photo', params: Id.extend({ photoId: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    const user = currentUser(req);
    const p = await readPhoto(ctx, user, req.params.id, req.params.photoId, () => getPatrol(ctx, user, req.params.id));
    return reply.header('content-type', p.contentType).header('cache-control', 'private, max-age=3600').send(p.body);
  });

  app.post('/api/patrols/:id/findings/:findingId/case', {
    config: { permission: 'case.create' },
    schema: {
      tags, summary: '巡查发现一键转案件 the finding becomes a case (channel grid; once; Idempotency-Key honoured)',
      params: Id.extend({ findingId: z.coerce.number().int().positive() }),
      body: z.object({
        title: z.string().trim().min(2).max(100).optional(),
        category: z.enum(Object.keys(CATEGORIES) as [keyof typeof CATEGORIES]).optional(),
        disputeType: z.string().max(4).optional(),
        applicantName: z.string().max(60).optional(),
        applicantPhone: z.string().min(1).max(30),
        address: z.string().max(200).optional(),
        urgency: z.enum(['normal', 'urgent', 'critical']).optional(),
      }),
    },
  }, async (req, reply) => {
    const user = currentUser(req);
    return sendAnswer(reply, await findingToCase(ctx, user, req.params.id, req.params.findingId, req.body, actorOf(req), idempotencyKey(req, `user:${user.id}`)));
  });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf, record } from '../audit/audit.service.js';
import { checkUnmaskReason } from '../personal/index.js';
import { allPages, fieldError, sendXlsx, type RegisterCtx } from '../registers/common.js';
import * as service from './establishments.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Filter = z.object({ gridCode: z.string().max(32).optional(), kind: z.enum(service.ESTABLISHMENT_KINDS).optional(), q: z.string().max(60).optional(), contactPhone: z.string().max(30).optional() });

export const establishmentsRoutes = (ctx: RegisterCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['establishments 实有单位'];
  const who = (req: Parameters<typeof actorOf>[0]) => ({ user: currentUser(req), audit: actorOf(req) });

  app.post('/api/establishments', {
    config: { permission: 'register.write' },
    schema: {
      tags, summary: '登记单位（商铺、企业、社会组织） register an establishment (answer masked)',
      body: z.object({
        name: z.string().max(100),
        kind: z.enum(service.ESTABLISHMENT_KINDS),
        creditCode: z.string().max(18).optional(),
        gridCode: z.string().max(32).optional(),
        addressId: z.number().int().positive().optional(),
        contactName: z.string().max(60).optional(),
        contactPhone: z.string().max(30).optional(),
        employees: z.number().int().min(0).optional(),
        note: z.string().max(500).optional(),
      }),
    },
  }, async (req, reply) => {
    const id = await service.createEstablishment(ctx, who(req), req.body);
    return reply.status(201).send(await service.getEstablishment(ctx, currentUser(req), id));
  });

  app.get('/api/establishments', {
    config: { permission: 'register.read' },
    schema: { tags, summary: '单位列表（脱敏） list (masked)', querystring: Filter.extend({ cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => service.listEstablishments(ctx, currentUser(req), req.query));

  const exportList = async (req: { query: z.infer<typeof Filter> } & Parameters<typeof actorOf>[0], reply: Parameters<typeof sendXlsx>[0], reason?: string) => {
    const rows = await allPages((cursor) => service.listRows(ctx, currentUser(req), { ...req.query, cursor, limit: 500 }));
    await record(ctx.db, actorOf(req), { action: reason ? 'establishment.export_unmasked' : 'establishment.export', objectType: 'establishment', details: { rows: rows.length, filters: req.query, ...(reason ? { reason } : {}) } }, ctx.clock.now());
    return sendXlsx(reply, '实有单位.xlsx', '实有单位', [
      { header: '单位名称', key: 'name', width: 28 }, { header: '类别', key: 'kindName', width: 12 }, { header: '统一社会信用代码', key: 'creditCode', width: 22 },
      { header: '地址', key: 'address', width: 30 }, { header: '联系人', key: 'contactName', width: 12 }, { header: '联系电话', key: 'contactPhone', width: 16 },
      { header: '从业人数', key: 'employees', width: 10 }, { header: '网格', key: 'gridName' }, { header: '网格编码', key: 'gridCode', width: 22 },
    ], rows.map((r) => (reason ? service.unmasked(ctx, r) : service.masked(ctx, r))));
  };
  app.get('/api/establishments/export.xlsx', { config: { permission: 'register.read' }, schema: { tags, summary: '导出（脱敏） export, masked', querystring: Filter } }, async (req, reply) => exportList(req, reply));
  app.post('/api/establishments/export.xlsx', {
    config: { permission: 'personal.unmask' },
    schema: { tags, summary: '导出完整信息（须有查看权限并填事由，留痕） export unmasked', querystring: Filter, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req, reply) => {
    const why = checkUnmaskReason(req.body.reason ?? '');
    if (!why.ok) throw fieldError('reason', why.problem);
    return exportList(req, reply, why.value);
  });

  app.get('/api/establishments/:id', { config: { permission: 'register.read' }, schema: { tags, summary: '单位详情（脱敏） one establishment', params: Id } }, async (req) =>
    service.getEstablishment(ctx, currentUser(req), req.params.id));

  app.patch('/api/establishments/:id', {
    config: { permission: 'register.write' },
    schema: {
      tags, summary: '修改单位（记入变更记录） update', params: Id,
      body: z.object({
        name: z.string().max(100).optional(), kind: z.enum(service.ESTABLISHMENT_KINDS).optional(), contactName: z.string().max(60).nullable().optional(),
        contactPhone: z.string().max(30).nullable().optional(), employees: z.number().int().min(0).nullable().optional(), note: z.string().max(500).nullable().optional(), version: z.number().int().optional(),
      }),
    },
  }, async (req) => {
    await service.updateEstablishment(ctx, who(req), req.params.id, req.body);
    return service.getEstablishment(ctx, currentUser(req), req.params.id);
  });

  app.get('/api/establishments/:id/history', { config: { permission: 'register.read' }, schema: { tags, summary: '变更记录 change history', params: Id } }, async (req) =>
    service.establishmentHistory(ctx, currentUser(req), req.params.id));

  app.post('/api/establishments/:id/unmask', {
    config: { permission: 'personal.unmask' },
    schema: { tags, summary: '查看完整联系人信息（须填事由，留痕） unmask (audited)', params: Id, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req) => service.unmaskEstablishment(ctx, currentUser(req), req.params.id, req.body.reason ?? '', actorOf(req)));
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf, record } from '../audit/audit.service.js';
import { allPages, sendXlsx, type RegisterCtx } from '../registers/common.js';
import * as service from './housing.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Filter = z.object({ gridCode: z.string().max(32).optional(), rented: Bool.optional(), use: z.enum(service.HOUSING_USES).optional(), q: z.string().max(60).optional() });

export const housingRoutes = (ctx: RegisterCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['housing 实有房屋'];
  const who = (req: Parameters<typeof actorOf>[0]) => ({ user: currentUser(req), audit: actorOf(req) });

  app.post('/api/housing', {
    config: { permission: 'register.write' },
    schema: {
      tags, summary: '登记房屋 register a house at an address',
      body: z.object({
        addressId: z.number().int().positive(),
        use: z.enum(service.HOUSING_USES),
        ownerPersonId: z.number().int().positive().optional(),
        rented: z.boolean().default(false),
        tenantIds: z.array(z.number().int().positive()).max(50).optional(),
        area: z.number().positive().max(99999).optional(),
        note: z.string().max(500).optional(),
      }),
    },
  }, async (req, reply) => {
    const id = await service.createHouse(ctx, who(req), req.body);
    return reply.status(201).send(await service.getHouse(ctx, currentUser(req), id));
  });

  app.get('/api/housing', {
    config: { permission: 'register.read' },
    schema: { tags, summary: '房屋列表（按网格、出租、用途、地址检索） list', querystring: Filter.extend({ cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => service.listHousing(ctx, currentUser(req), req.query));

  app.get('/api/housing/export.xlsx', { config: { permission: 'register.read' }, schema: { tags, summary: '导出房屋列表（房主姓名脱敏） export, masked', querystring: Filter } }, async (req, reply) => {
    const rows = await allPages((cursor) => service.listHousing(ctx, currentUser(req), { ...req.query, cursor, limit: 500 }));
    await record(ctx.db, actorOf(req), { action: 'housing.export', objectType: 'housing', details: { rows: rows.length, filters: req.query } }, ctx.clock.now());
    return sendXlsx(reply, '实有房屋.xlsx', '实有房屋', [
      { header: '地址', key: 'address', width: 36 }, { header: '用途', key: 'useName' }, { header: '出租', key: 'rentedName', width: 8 },
      { header: '承租人数', key: 'tenantCount', width: 10 }, { header: '房主', key: 'ownerName', width: 12 }, { header: '面积㎡', key: 'area', width: 10 },
      { header: '网格', key: 'gridName' }, { header: '网格编码', key: 'gridCode', width: 22 },
    ], rows.map((r) => ({ ...r, rentedName: r.rented ? '是' : '否' })));
  });

  app.get('/api/housing/:id', { config: { permission: 'register.read' }, schema: { tags, summary: '房屋详情（人员脱敏） one house', params: Id } }, async (req) =>
    service.getHouse(ctx, currentUser(req), req.params.id));

  app.patch('/api/housing/:id', {
    config: { permission: 'register.write' },
    schema: {
      tags, summary: '修改房屋（记入变更记录） update', params: Id,
      body: z.object({
        use: z.enum(service.HOUSING_USES).optional(),
        ownerPersonId: z.number().int().positive().nullable().optional(),
        rented: z.boolean().optional(),
        tenantIds: z.array(z.number().int().positive()).max(50).optional(),
        area: z.number().positive().max(99999).nullable().optional(),
        note: z.string().max(500).nullable().optional(),
        version: z.number().int().optional(),
      }),
    },
  }, async (req) => {
    await service.updateHouse(ctx, who(req), req.params.id, req.body);
    return service.getHouse(ctx, currentUser(req), req.params.id);
  });

  app.get('/api/housing/:id/history', { config: { permission: 'register.read' }, schema: { tags, summary: '变更记录 change history', params: Id } }, async (req) =>
    service.houseHistory(ctx, currentUser(req), req.params.id));
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf } from '../audit/audit.service.js';
import type { RegisterCtx } from '../registers/common.js';
import * as service from './addresses.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });

export const addressesRoutes = (ctx: RegisterCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['addresses 标准地址'];
  const who = (req: Parameters<typeof actorOf>[0]) => ({ user: currentUser(req), audit: actorOf(req) });

  app.post('/api/addresses', {
    config: { permission: 'register.write' },
    schema: {
      tags, summary: '新增标准地址 add an address (place/building/unit/room) in a grid',
      body: z.object({
        parentId: z.number().int().positive().optional(),
        kind: z.enum(service.ADDRESS_KINDS),
        name: z.string().max(60),
        gridCode: z.string().max(32).optional(),
      }),
    },
  }, async (req, reply) => {
    const id = await service.createAddress(ctx, who(req), req.body);
    return reply.status(201).send(await service.getAddress(ctx, currentUser(req), id));
  });

  app.get('/api/addresses', {
    config: { permission: 'register.read' },
    schema: {
      tags, summary: '地址列表与搜索 list and search addresses (scoped)',
      querystring: z.object({
        gridCode: z.string().max(32).optional(),
        parentId: z.coerce.number().int().positive().optional(),
        root: z.coerce.boolean().optional(),
        kind: z.enum(service.ADDRESS_KINDS).optional(),
        q: z.string().max(60).optional(),
        cursor: z.coerce.number().int().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => service.listAddresses(ctx, currentUser(req), req.query));

  app.get('/api/addresses/:id', { config: { permission: 'register.read' }, schema: { tags, summary: '地址详情 one address with its children', params: Id } }, async (req) =>
    service.getAddress(ctx, currentUser(req), req.params.id));

  app.patch('/api/addresses/:id', {
    config: { permission: 'register.write' },
    schema: { tags, summary: '修改地址名称 rename (the full names below follow)', params: Id, body: z.object({ name: z.string().max(60), version: z.number().int().optional() }) },
  }, async (req) => {
    await service.renameAddress(ctx, who(req), req.params.id, req.body);
    return service.getAddress(ctx, currentUser(req), req.params.id);
  });

  app.get('/api/addresses/:id/history', { config: { permission: 'register.read' }, schema: { tags, summary: '变更记录 change history', params: Id } }, async (req) =>
    service.addressHistory(ctx, currentUser(req), req.params.id));
};

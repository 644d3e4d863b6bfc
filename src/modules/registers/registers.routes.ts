import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import type { RegisterCtx } from './common.js';
import { registerStats } from './stats.js';

export const registersRoutes = (ctx: RegisterCtx): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/registers/stats', {
    config: { permission: 'register.read' },
    schema: { tags: ['registers 一标三实'], summary: '按网格、村、镇统计房屋、出租房屋、人口、流动人口、单位 counts per child region', querystring: z.object({ regionCode: z.string().max(32).optional() }) },
  }, async (req) => registerStats(ctx.db, currentUser(req), req.query.regionCode));
};

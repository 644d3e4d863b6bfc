// 季季评 API: the quarter's ranking with each score's breakdown, and the weights (administrators).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf } from '../audit/audit.service.js';
import { PARTS } from './evaluation.score.js';
import { evaluate, setWeights, weights, type EvaluationCtx } from './evaluation.service.js';

const Weight = z.number().int('须为整数 (whole numbers)').min(0).max(100);

export const evaluationRoutes = (ctx: EvaluationCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['evaluation 季季评'];
  app.get('/api/evaluation', {
    config: { permission: 'evaluation.read' },
    schema: {
      tags, summary: '季季评排名（含各项得分） quarterly ranking of the areas (kind=region) or departments (kind=unit) with the breakdown',
      querystring: z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'YYYY-Qn').optional(), kind: z.enum(['region', 'unit']).default('region'), region: z.string().regex(/^\d{6,21}$/).optional() }),
    },
  }, async (req) => evaluate(ctx, currentUser(req), req.query));

  app.get('/api/evaluation/weights', { config: { permission: 'authenticated' }, schema: { tags, summary: '季季评权重 the weights' } }, async () => weights(ctx.db));

  app.put('/api/evaluation/weights', {
    config: { permission: 'evaluation.configure' },
    schema: { tags, summary: '设置季季评权重（和为 100） set the weights (they add up to 100)', body: z.strictObject(Object.fromEntries(PARTS.map((p) => [p, Weight])) as Record<(typeof PARTS)[number], typeof Weight>) },
  }, async (req) => setWeights(ctx, req.body, currentUser(req).id, actorOf(req)));
};

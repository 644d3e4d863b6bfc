// 研判预警 API: warnings in the caller's scope (list, count for the badge, one with its cases, acknowledge,
// close) and the rules' thresholds (administrators).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf } from '../audit/audit.service.js';
import { RULES } from './warnings.rules.js';
import { countWarnings, getWarning, handleWarning, listWarnings, setWarningRule, warningRules, type WarningsCtx } from './warnings.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });

export const warningsRoutes = (ctx: WarningsCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['warnings 研判预警'];
  app.get('/api/warnings', {
    config: { permission: 'warning.read' },
    schema: {
      tags, summary: '预警列表（本人范围） warnings in my scope',
      querystring: z.object({
        status: z.enum(['active', 'open', 'acknowledged', 'closed', 'all']).default('active'),
        rule: z.enum(RULES).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.coerce.number().int().positive().optional(),
      }),
    },
  }, async (req) => listWarnings(ctx, currentUser(req), req.query));

  app.get('/api/warnings/count', { config: { permission: 'warning.read' }, schema: { tags, summary: '未签收预警数 open warnings (badge)' } }, async (req) =>
    countWarnings(ctx, currentUser(req)));

  app.get('/api/warnings/:id', { config: { permission: 'warning.read' }, schema: { tags, summary: '预警详情及相关案件 one warning with its cases', params: Id } }, async (req) =>
    getWarning(ctx, currentUser(req), req.params.id));

  app.post('/api/warnings/:id/acknowledge', {
    config: { permission: 'warning.handle' },
    schema: { tags, summary: '签收预警 acknowledge', params: Id, body: z.object({ note: z.string().trim().max(500).optional() }) },
  }, async (req) => handleWarning(ctx, currentUser(req), req.params.id, 'acknowledge', req.body.note || undefined, actorOf(req)));

  app.post('/api/warnings/:id/close', {
    config: { permission: 'warning.handle' },
    schema: { tags, summary: '关闭预警（须说明处置情况） close with a note', params: Id, body: z.object({ note: z.string().trim().min(2, '请说明处置情况 (say what was done)').max(500) }) },
  }, async (req) => handleWarning(ctx, currentUser(req), req.params.id, 'close', req.body.note, actorOf(req)));

  app.get('/api/warning-rules', { config: { permission: 'authenticated' }, schema: { tags, summary: '预警规则与阈值 rules and thresholds' } }, async () => warningRules(ctx));

  app.put('/api/warning-rules/:rule', {
    config: { permission: 'warning.configure' },
    schema: {
      tags, summary: '设置预警阈值 set a rule\'s thresholds (400 naming the field when out of range)',
      params: z.object({ rule: z.enum(RULES) }),
      body: z.object({ enabled: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() }),
    },
  }, async (req) => setWarningRule(ctx, req.params.rule, req.body, currentUser(req).id, actorOf(req)));
};

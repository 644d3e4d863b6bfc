// 统计分析: overview, breakdown by one dimension, series by period. Figures from stats.metrics.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { DIMENSIONS, PERIODS } from './stats.repo.js';
import { breakdown, overview, series, type StatsCtx } from './stats.service.js';
import { reportData, reportPdf, reportXlsx } from './stats.report.js';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a date');

export const Query = z.object({
  region: z.string().regex(/^\d{6,21}$/, 'region code').optional(),
  from: Day.optional(),
  to: Day.optional(),
  unratedAsSatisfied: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});

export const statsRoutes = (ctx: StatsCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['stats 统计分析'];
  app.get('/api/stats/overview', {
    config: { permission: 'stats.view' },
    schema: { tags, summary: '总览：区域（含下级）与统计期的各项指标 overview of a region subtree and period', querystring: Query },
  }, async (req) => overview(ctx, currentUser(req), req.query));

  app.get('/api/stats/breakdown', {
    config: { permission: 'stats.view' },
    schema: { tags, summary: '分组：按类别/纠纷类型/渠道/层级/下级区域/单位 the figures per group', querystring: Query.extend({ by: z.enum(DIMENSIONS) }) },
  }, async (req) => breakdown(ctx, currentUser(req), req.query));

  app.get('/api/stats/series', {
    config: { permission: 'stats.view' },
    schema: {
      tags, summary: '趋势：按日/周/月/季/年 the figures per period',
      querystring: Query.extend({ period: z.enum(PERIODS).default('month'), metric: z.string().optional() }),
    },
  }, async (req) => series(ctx, currentUser(req), req.query));

  const ReportQuery = z.object({
    region: Query.shape.region,
    period: z.string().min(1).describe('YYYY-MM (月报) or YYYY-Qn (季报)'),
    unratedAsSatisfied: Query.shape.unratedAsSatisfied,
  });
  const fileName = (title: string, period: string, ext: string) => `attachment; filename*=UTF-8''${encodeURIComponent(`${title}-${period}.${ext}`)}`;

  app.get('/api/stats/report.xlsx', {
    config: { permission: 'stats.view' },
    schema: { tags, summary: '统计月报/季报（Excel） monthly or quarterly report as Excel', querystring: ReportQuery },
  }, async (req, reply) => {
    const d = await reportData(ctx, currentUser(req), req.query);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', fileName(d.title, req.query.period, 'xlsx'))
      .send(await reportXlsx(d));
  });

  app.get('/api/stats/report.pdf', {
    config: { permission: 'stats.view' },
    schema: { tags, summary: '统计月报/季报（PDF，含图表） monthly or quarterly report as PDF with a chart', querystring: ReportQuery },
  }, async (req, reply) => {
    const d = await reportData(ctx, currentUser(req), req.query);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', fileName(d.title, req.query.period, 'pdf'))
      .send(await reportPdf(d, ctx.clock.now()));
  });
};

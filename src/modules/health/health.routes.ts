import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'kysely';
import type { AppDeps } from '../../app.js';
import { AppError, text } from '../../http/errors.js';
import { LEVELS } from '../regions/regions.codes.js';

export const healthRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/health', {
    config: { permission: 'public' },
    schema: {
      tags: ['system 系统'],
      summary: '健康检查 health',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }) },
    },
  }, async () => {
    try {
      await sql`select 1`.execute(deps.db);
    } catch {
      throw new AppError('UNAVAILABLE', text('数据库不可用', 'database unavailable'));
    }
    return { status: 'ok' as const, database: deps.database.kind, version: deps.version };
  });

  app.get('/api/meta', {
    config: { permission: 'public' },
    schema: { tags: ['system 系统'], summary: '前端所需的配置 settings the web app needs' },
  }, async () => ({
    version: deps.version,
    demo: deps.demo,
    database: deps.database.kind,
    mapTileUrl: deps.mapTileUrl ?? null,
    levels: LEVELS,
  }));
};

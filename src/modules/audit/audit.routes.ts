import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, text } from '../../http/errors.js';
import * as service from './audit.service.js';

export const auditRoutes = (db: Kysely<DB>): FastifyPluginAsyncZod => async (app) => {
  const tags = ['audit 审计'];
  app.get('/api/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags, summary: '审计日志 audit log (newest first)',
      querystring: z.object({
        actor: z.string().max(64).optional(),
        action: z.string().max(64).optional(),
        objectId: z.string().max(64).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        cursor: z.coerce.number().int().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
  }, async (req) => {
    if (req.query.from && req.query.to && req.query.to < req.query.from)
      throw new AppError('VALIDATION', text('结束时间早于开始时间', 'the end is before the start'), { fields: [{ path: 'to', message: 'before from' }] });
    return service.list(db, req.query);
  });
  app.get('/api/audit/chain', {
    config: { permission: 'audit.read' },
    schema: { tags, summary: '哈希链状态 hash-chain status' },
  }, async () => {
    await service.seal(db);
    return service.verify(db);
  });
};

// 督办看板 for leaders, and the SMS outbox's delivery state for the system administrator.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { currentUser } from '../../http/auth.js';
import { board } from './board.js';
import { outboxList } from '../notify/outbox.js';

export const boardRoutes = (ctx: { db: Kysely<DB>; clock: Clock }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/supervision/board', {
    config: { permission: 'supervision.board' },
    schema: {
      tags: ['deadlines 时限与消息'], summary: '督办看板 supervision orders in scope, with counts',
      querystring: z.object({
        region: z.string().max(32).optional(),
        grade: z.enum(['normal', 'yellow', 'red']).optional(),
        state: z.enum(['open', 'waiting', 'overdue', 'replied', 'all']).optional(),
        cursor: z.coerce.number().int().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => board(ctx.db, currentUser(req), ctx.clock.now(), req.query));

  app.get('/api/sms-outbox', {
    config: { permission: 'sms.read' },
    schema: {
      tags: ['deadlines 时限与消息'], summary: '短信发送状态 the SMS outbox\'s delivery state (no text, no phone but its last four digits)',
      querystring: z.object({ cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50), unsent: z.enum(['true', 'false']).optional() }),
    },
  }, async (req) => outboxList(ctx.db, { cursor: req.query.cursor, limit: req.query.limit, unsent: req.query.unsent === 'true' }));
};

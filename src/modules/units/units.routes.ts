import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { currentUser } from '../../http/auth.js';
import { listUnits, unitById } from './units.service.js';

export const unitsRoutes = (db: Kysely<DB>): FastifyPluginAsyncZod => async (app) => {
  const tags = ['units 单位'];
  app.get('/api/units', {
    config: { permission: 'unit.read' },
    schema: { tags, summary: '可见的单位 units visible to the caller', querystring: z.object({ region: z.string().max(32).optional() }) },
  }, async (req) => listUnits(db, currentUser(req), req.query.region));
  app.get('/api/units/:id', {
    config: { permission: 'unit.read' },
    schema: { tags, summary: '单位 one unit', params: z.object({ id: z.coerce.number().int().positive() }) },
  }, async (req) => unitById(db, currentUser(req), req.params.id));
};

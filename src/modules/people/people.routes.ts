import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf } from '../audit/audit.service.js';
import { ID_DOCUMENT_TYPES } from '../personal/index.js';
import * as service from './people.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });

export const peopleRoutes = (ctx: service.PeopleCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['people 实有人口'];
  app.post('/api/people', {
    config: { permission: 'person.write' },
    schema: {
      tags, summary: '登记人口 register a person (answer masked)',
      body: z.object({
        name: z.string().max(60),
        idType: z.enum(ID_DOCUMENT_TYPES).default('resident_id'),
        idNumber: z.string().max(40),
        phone: z.string().max(30).optional(),
        gridCode: z.string().max(32),
        registration: z.enum(['registered', 'floating']),
      }),
    },
  }, async (req, reply) => {
    const id = await service.createPerson(ctx, currentUser(req), req.body, actorOf(req));
    return reply.status(201).send(await service.getPerson(ctx, currentUser(req), id));
  });

  app.get('/api/people', {
    config: { permission: 'person.read' },
    schema: {
      tags, summary: '人口列表（脱敏；证件号、电话精确查询） list (masked; exact ID number / phone lookup)',
      querystring: z.object({
        gridCode: z.string().max(32).optional(),
        q: z.string().max(30).optional(),
        idNumber: z.string().max(40).optional(),
        phone: z.string().max(30).optional(),
        cursor: z.coerce.number().int().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => service.listPeople(ctx, currentUser(req), req.query));

  app.get('/api/people/:id', { config: { permission: 'person.read' }, schema: { tags, summary: '人员详情（脱敏） one person (masked)', params: Id } }, async (req) =>
    service.getPerson(ctx, currentUser(req), req.params.id));

  app.post('/api/people/:id/unmask', {
    config: { permission: 'personal.unmask' },
    schema: { tags, summary: '查看完整信息（须填事由，留痕） unmask with a reason (audited)', params: Id, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req) => service.unmaskPerson(ctx, currentUser(req), req.params.id, req.body.reason ?? '', actorOf(req)));
};

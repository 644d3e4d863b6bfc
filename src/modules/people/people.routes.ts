import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf, record } from '../audit/audit.service.js';
import { checkUnmaskReason, ID_DOCUMENT_TYPES } from '../personal/index.js';
import { allPages, fieldError, sendXlsx } from '../registers/common.js';
import * as service from './people.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Filter = z.object({
  gridCode: z.string().max(32).optional(),
  q: z.string().max(30).optional(),
  idNumber: z.string().max(40).optional(),
  phone: z.string().max(30).optional(),
  registration: z.enum(service.REGISTRATIONS).optional(),
  addressId: z.coerce.number().int().positive().optional(),
  householdNo: z.string().max(30).optional(),
});
const REG_NAMES = { registered: '户籍人口', floating: '流动人口' } as const;

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
        addressId: z.number().int().positive().optional(),
        registration: z.enum(service.REGISTRATIONS),
        householdNo: z.string().max(30).optional(),
        householdRelation: z.string().max(20).optional(),
      }),
    },
  }, async (req, reply) => {
    const id = await service.createPerson(ctx, currentUser(req), req.body, actorOf(req));
    return reply.status(201).send(await service.getPerson(ctx, currentUser(req), id));
  });

  app.get('/api/people', {
    config: { permission: 'person.read' },
    schema: {
      tags, summary: '人口列表（脱敏；证件号、电话精确查询，姓名分词检索） list (masked; exact ID number / phone lookup)',
      querystring: Filter.extend({ cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    },
  }, async (req) => service.listPeople(ctx, currentUser(req), req.query));

  // export: masked by GET; the full values by POST with a reason, for callers who may unmask (audited)
  const exportPeople = async (req: { query: z.infer<typeof Filter> } & Parameters<typeof actorOf>[0], reply: Parameters<typeof sendXlsx>[0], reason?: string) => {
    const user = currentUser(req);
    const rows = await allPages((cursor) => service.listRows(ctx, user, { ...req.query, cursor, limit: 500 }));
    const shown = rows.map((r) => (reason ? service.unmasked(ctx, r) : service.masked(ctx, r)));
    await record(ctx.db, actorOf(req), { action: reason ? 'person.export_unmasked' : 'person.export', objectType: 'person', details: { rows: rows.length, filters: req.query, ...(reason ? { reason } : {}) } }, ctx.clock.now());
    return sendXlsx(reply, '实有人口.xlsx', '实有人口', [
      { header: '姓名', key: 'name', width: 12 }, { header: '证件号码', key: 'idNumber', width: 22 }, { header: '电话', key: 'phone', width: 16 },
      { header: '户籍类别', key: 'registrationName', width: 10 }, { header: '网格', key: 'gridName', width: 16 }, { header: '网格编码', key: 'gridCode', width: 22 },
      { header: '地址', key: 'address', width: 30 }, { header: '户号', key: 'householdNo', width: 12 }, { header: '与户主关系', key: 'householdRelation', width: 10 },
    ], shown.map((p) => ({ ...p, registrationName: REG_NAMES[p.registration] })));
  };
  app.get('/api/people/export.xlsx', { config: { permission: 'person.read' }, schema: { tags, summary: '导出（脱敏） export the list, masked', querystring: Filter } }, async (req, reply) =>
    exportPeople(req, reply));
  app.post('/api/people/export.xlsx', {
    config: { permission: 'personal.unmask' },
    schema: { tags, summary: '导出完整信息（须有查看权限并填事由，留痕） export unmasked (permission + reason, audited)', querystring: Filter, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req, reply) => {
    const why = checkUnmaskReason(req.body.reason ?? '');
    if (!why.ok) throw fieldError('reason', why.problem);
    return exportPeople(req, reply, why.value);
  });

  app.get('/api/people/:id', { config: { permission: 'person.read' }, schema: { tags, summary: '人员详情（脱敏） one person (masked)', params: Id } }, async (req) =>
    service.getPerson(ctx, currentUser(req), req.params.id));

  app.patch('/api/people/:id', {
    config: { permission: 'person.write' },
    schema: {
      tags, summary: '修改人员信息（记入变更记录） update (change log)', params: Id,
      body: z.object({
        name: z.string().max(60).optional(),
        phone: z.string().max(30).nullable().optional(),
        gridCode: z.string().max(32).optional(),
        addressId: z.number().int().positive().nullable().optional(),
        registration: z.enum(service.REGISTRATIONS).optional(),
        householdNo: z.string().max(30).nullable().optional(),
        householdRelation: z.string().max(20).nullable().optional(),
        version: z.number().int().optional(),
      }),
    },
  }, async (req) => {
    await service.updatePerson(ctx, { user: currentUser(req), audit: actorOf(req) }, req.params.id, req.body);
    return service.getPerson(ctx, currentUser(req), req.params.id);
  });

  app.get('/api/people/:id/history', { config: { permission: 'person.read' }, schema: { tags, summary: '变更记录 change history', params: Id } }, async (req) =>
    service.personHistory(ctx, currentUser(req), req.params.id));

  app.post('/api/people/:id/unmask', {
    config: { permission: 'personal.unmask' },
    schema: { tags, summary: '查看完整信息（须填事由，留痕） unmask with a reason (audited)', params: Id, body: z.object({ reason: z.string().max(200).optional() }) },
  }, async (req) => service.unmaskPerson(ctx, currentUser(req), req.params.id, req.body.reason ?? '', actorOf(req)));
};

// HTTP only: parse, call the service, answer.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.js';
import { actorOf } from '../audit/audit.service.js';
import * as service from './regions.service.js';
import * as S from './regions.schemas.js';
import { importRegions, importTemplate } from './regions.import.js';
import { readUpload } from '../../http/upload.js';
import { listMembers, setMember, removeMember } from './members.js';
import { z } from 'zod';

export const regionsRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const read = { db: deps.db };
  const change = (req: FastifyRequest) => ({ db: deps.db, clock: deps.clock, actor: actorOf(req) });
  const tags = ['regions 区划网格'];

  app.get('/api/regions/tree', {
    config: { permission: 'region.read' },
    schema: { tags, summary: '区划网格树 region tree', querystring: S.TreeQuery },
  }, async (req) => service.tree(read, req.query.root, req.query.depth));

  app.get('/api/regions/locate', {
    config: { permission: 'region.read' },
    schema: { tags, summary: '定位到最小网格 locate the smallest grid containing a point', querystring: S.LocateQuery, response: { 200: S.LocateOut } },
  }, async (req) => service.locate(read, req.query.lat, req.query.lng));

  app.get('/api/regions/search', {
    config: { permission: 'region.read' },
    schema: { tags, summary: '按名称或代码查找区划网格 search by name or code', querystring: S.SearchQuery },
  }, async (req) => service.search(read, req.query.q, req.query.root, req.query.limit));

  app.get('/api/regions/import/template.xlsx', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '导入模板 import template (Excel)' },
  }, async (_req, reply) => {
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', 'attachment; filename="regions-template.xlsx"');
    return importTemplate();
  });

  app.post('/api/regions/import', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '导入区划网格 import a tree from GeoJSON or Excel (multipart field "file")' },
  }, async (req, reply) => {
    const file = await readUpload(req, { maxBytes: 20 * 1024 * 1024, extensions: ['.xlsx', '.geojson', '.json'] });
    const result = await importRegions(change(req), file);
    return reply.status(201).send(result);
  });

  app.get('/api/regions/:code', {
    config: { permission: 'region.read' },
    schema: { tags, summary: '区划详情 one node (old codes resolve)', params: S.CodeParams },
  }, async (req) => service.details(read, req.params.code));

  app.get('/api/regions/:code/geojson', {
    config: { permission: 'region.read' },
    schema: { tags, summary: '下级网格边界 GeoJSON of the subtree', params: S.CodeParams, querystring: S.GeoJsonQuery },
  }, async (req) => service.geojson(read, req.params.code, req.query.depth));

  app.get('/api/regions/:code/members', {
    config: { permission: 'region.read' },
    schema: { tags, summary: '网格成员 grid members', params: S.CodeParams },
  }, async (req) => listMembers(read, req.params.code));

  app.put('/api/regions/:code/members', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '设置网格成员 add or change a grid member', params: S.CodeParams, body: S.MemberBody },
  }, async (req, reply) => {
    await setMember(change(req), req.params.code, req.body.username, req.body.duty);
    return reply.status(204).send();
  });

  app.delete('/api/regions/:code/members/:userId', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '移除网格成员 remove a grid member', params: S.CodeParams.extend({ userId: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    await removeMember(change(req), req.params.code, req.params.userId);
    return reply.status(204).send();
  });

  app.post('/api/regions', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '新建区划或网格 create', body: S.CreateBody, response: { 201: S.RegionOut } },
  }, async (req, reply) => reply.status(201).send(S.toRegionOut(await service.create(change(req), req.body))));

  app.patch('/api/regions/:code', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '更名、改代码、改边界 rename / recode / redraw', params: S.CodeParams, body: S.UpdateBody, response: { 200: S.RegionOut } },
  }, async (req) => S.toRegionOut(await service.update(change(req), req.params.code, req.body)));

  app.post('/api/regions/:code/move', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '调整隶属 move under another parent', params: S.CodeParams, body: S.MoveBody, response: { 200: S.RegionOut } },
  }, async (req) => S.toRegionOut(await service.move(change(req), req.params.code, req.body)));

  app.post('/api/regions/:code/retire', {
    config: { permission: 'region.manage' },
    schema: { tags, summary: '撤并 retire with a successor', params: S.CodeParams, body: S.RetireBody, response: { 200: S.RegionOut } },
  }, async (req) => S.toRegionOut(await service.retire(change(req), req.params.code, req.body)));
};

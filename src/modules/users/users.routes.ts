import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { actorOf } from '../audit/audit.service.js';
import { ROLES } from '../auth/permissions.js';
import * as service from './users.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const RoleIn = z.object({ role: z.enum(ROLES), regionCode: z.string().max(32).optional(), unitId: z.number().int().positive().optional() });
const Username = z.string().trim().min(2).max(32).regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字、_ . - (letters, digits, _ . - only)');

export const usersRoutes = (ctx: service.UsersCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['users 账号管理'];
  // sys_admin (user.manage) or sec_admin (role.grant_admin); the service checks which
  app.get('/api/users', {
    config: { permission: 'authenticated' },
    schema: {
      tags, summary: '账号列表（本级及下级） accounts in my region',
      querystring: z.object({ region: z.string().max(32).optional(), q: z.string().max(50).optional(), status: z.enum(['active', 'disabled']).optional(), cursor: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    },
  }, async (req) => service.listUsers(ctx, currentUser(req), req.query));

  app.get('/api/users/:id', { config: { permission: 'authenticated' }, schema: { tags, summary: '账号详情 one account', params: Id } }, async (req) =>
    service.getUser(ctx, currentUser(req), req.params.id));

  app.post('/api/users', {
    config: { permission: 'user.manage' },
    schema: {
      tags, summary: '建立账号 create an account (must change password at first login)',
      body: z.object({ username: Username, displayName: z.string().trim().min(1).max(50), password: z.string().min(1).max(256), homeRegionCode: z.string().max(32), roles: z.array(RoleIn).max(10).default([]) }),
    },
  }, async (req, reply) => reply.status(201).send(await service.createUser(ctx, currentUser(req), req.body, actorOf(req))));

  app.patch('/api/users/:id', {
    config: { permission: 'user.manage' },
    schema: { tags, summary: '修改或停用账号 edit or disable', params: Id, body: z.object({ displayName: z.string().trim().min(1).max(50).optional(), status: z.enum(['active', 'disabled']).optional() }) },
  }, async (req, reply) => {
    await service.updateUser(ctx, currentUser(req), req.params.id, req.body, actorOf(req));
    return reply.status(204).send();
  });

  app.put('/api/users/:id/roles', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '设置角色 set roles (sys_admin: operational; sec_admin: administrator roles)', params: Id, body: z.object({ roles: z.array(RoleIn).max(10) }) },
  }, async (req) => service.setRoles(ctx, currentUser(req), req.params.id, req.body.roles, actorOf(req)));

  app.post('/api/users/:id/password-reset', {
    config: { permission: 'user.manage' },
    schema: { tags, summary: '重置密码 reset password (must change at next login)', params: Id, body: z.object({ password: z.string().min(1).max(256) }) },
  }, async (req, reply) => {
    await service.resetPassword(ctx, currentUser(req), req.params.id, req.body.password, actorOf(req));
    return reply.status(204).send();
  });
};

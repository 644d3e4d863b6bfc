// sec_admin: the role matrix and the security policy.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '../../http/auth.js';
import { actorOf, record } from '../audit/audit.service.js';
import { roleMatrix, PERMISSIONS } from './permissions.js';
import { SecurityPolicy } from './policy.js';
import type { AuthCtx } from './auth.service.js';

export const securityRoutes = (ctx: AuthCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['security 安全策略'];
  app.get('/api/security/roles', { config: { permission: 'policy.manage' }, schema: { tags, summary: '角色权限矩阵 role × permission matrix' } }, async () => ({
    roles: roleMatrix(),
    permissions: PERMISSIONS,
  }));
  app.get('/api/security/policy', { config: { permission: 'policy.manage' }, schema: { tags, summary: '安全策略 security policy' } }, async () => ctx.policy.get());
  app.put('/api/security/policy', {
    config: { permission: 'policy.manage' },
    schema: { tags, summary: '修改安全策略 change the security policy', body: SecurityPolicy },
  }, async (req) => {
    const before = await ctx.policy.get();
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.policy.set(trx, req.body, currentUser(req).id);
      await record(trx, actorOf(req), { action: 'policy.update', objectType: 'settings', objectId: 'security.policy', details: { before, after: req.body } }, ctx.clock.now());
    });
    return ctx.policy.get();
  });
};

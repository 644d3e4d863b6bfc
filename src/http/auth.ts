// Route-level authorization: every /api route declares `config.permission` ('public' or a permission);
// the app refuses to start when one does not. The session cookie resolves to req.user.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, send, text } from './errors.js';
import { authenticate, type AuthCtx, type SessionUser } from '../modules/auth/auth.service.js';
import type { Permission } from '../modules/auth/permissions.js';

export const SESSION_COOKIE = 'fq_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission | 'public' | 'authenticated';
  }
  interface FastifyRequest {
    user?: SessionUser;
  }
}

export function installAuth(app: FastifyInstance, ctx: AuthCtx) {
  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    const permission = (route.config as { permission?: string } | undefined)?.permission;
    if (!permission) throw new Error(`route ${route.method} ${url} declares no permission`);
  });

  app.addHook('preHandler', async (req, reply) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    const token = req.cookies?.[SESSION_COOKIE];
    const user = token ? await authenticate(ctx, token) : null;
    if (!user) return send(reply, req, new AppError('UNAUTHENTICATED', text('请先登录', 'please log in')));
    req.user = user;
    if (permission !== 'authenticated' && !user.permissions.includes(permission))
      return send(reply, req, new AppError('FORBIDDEN', text('当前角色无权执行此操作', 'your role may not do this'), { permission }));
  });
}

export const currentUser = (req: FastifyRequest): SessionUser => {
  if (!req.user) throw new AppError('UNAUTHENTICATED', text('请先登录', 'please log in'));
  return req.user;
};

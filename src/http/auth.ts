// Route-level authorization: every /api route declares `config.permission` ('public', 'authenticated'
// or a permission); the app refuses to start when one does not. A session cookie or a device token
// (Authorization: Bearer fqd_…) resolves to req.user.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, send, text } from './errors.js';
import { authenticateSession, type AuthCtx, type SessionUser } from '../modules/auth/auth.service.js';
import { authenticateDevice, DEVICE_PREFIX } from '../modules/auth/auth.device.js';
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

  // onRequest, before the body is parsed and validated: no session → 401 and no permission → 403 come
  // before any 400, so callers without access learn nothing about a route's input.
  app.addHook('onRequest', async (req, reply) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission) return;
    const user = await resolveUser(ctx, req);
    if (user) req.user = user;
    if (permission === 'public') return;
    if (!user) return send(reply, req, new AppError('UNAUTHENTICATED', text('请先登录', 'please log in')));
    if (permission === 'authenticated' || user.permissions.includes(permission)) return;
    if (user.restricted === 'password_change')
      return send(reply, req, new AppError('FORBIDDEN', text('首次登录请先修改密码', 'change your password first'), { restricted: user.restricted }));
    if (user.restricted === 'totp_setup')
      return send(reply, req, new AppError('FORBIDDEN', text('管理员须先启用动态验证码', 'administrators must set up two-factor login first'), { restricted: user.restricted }));
    return send(reply, req, new AppError('FORBIDDEN', text('当前角色无权执行此操作', 'your role may not do this'), { permission }));
  });
}

async function resolveUser(ctx: AuthCtx, req: FastifyRequest): Promise<SessionUser | null> {
  const auth = req.headers.authorization;
  if (auth?.startsWith(`Bearer ${DEVICE_PREFIX}`)) return authenticateDevice(ctx, auth.slice(7));
  const token = req.cookies?.[SESSION_COOKIE];
  return token ? authenticateSession(ctx, token) : null;
}

export const currentUser = (req: FastifyRequest): SessionUser => {
  if (!req.user) throw new AppError('UNAUTHENTICATED', text('请先登录', 'please log in'));
  return req.user;
};

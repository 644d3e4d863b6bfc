import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as service from './auth.service.js';
import { SESSION_COOKIE, currentUser } from '../../http/auth.js';
import { ROLE_NAMES } from './permissions.js';

const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名'),
  password: z.string().min(1, '请输入密码'),
});

export const authRoutes = (ctx: service.AuthCtx, secureCookie: boolean): FastifyPluginAsyncZod => async (app) => {
  const tags = ['auth 登录'];
  app.post('/api/auth/login', { config: { permission: 'public' }, schema: { tags, summary: '登录 log in', body: LoginBody } }, async (req, reply) => {
    const { token, user } = await service.login(ctx, req.body.username, req.body.password, req.ip);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie });
    return { user: withRoleNames(user!) };
  });
  app.post('/api/auth/logout', { config: { permission: 'public' }, schema: { tags, summary: '退出 log out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await service.logout(ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.get('/api/auth/me', { config: { permission: 'authenticated' }, schema: { tags, summary: '当前用户 who am I' } }, async (req) => ({
    user: withRoleNames(currentUser(req)),
  }));
};

const withRoleNames = (u: service.SessionUser) => ({ ...u, roleName: ROLE_NAMES[u.role] });

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as service from './auth.service.js';
import * as device from './auth.device.js';
import { SESSION_COOKIE, currentUser } from '../../http/auth.js';
import { actorOf } from '../audit/audit.service.js';
import { RateLimiter } from '../../http/rate-limit.js';
import { isAdminRole, roleMatrix } from './permissions.js';
import { AppError, text } from '../../http/errors.js';

/** Password and second factor change only with a password login, never with a phone's device token. */
const signedIn = (req: Parameters<typeof currentUser>[0]) => {
  const user = currentUser(req);
  if (user.via === 'device')
    throw new AppError('FORBIDDEN', text('请使用密码登录后操作', 'sign in with your password to do this'), { via: 'device' });
  return user;
};

const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名 (username is required)').max(64),
  password: z.string().min(1, '请输入密码 (password is required)').max(256),
  otp: z.string().trim().max(10).optional(),
});

export const authRoutes = (ctx: service.AuthCtx, secureCookie: boolean): FastifyPluginAsyncZod => async (app) => {
  const tags = ['auth 登录与账号'];
  const perAddress = new RateLimiter(30, 60_000, ctx.clock);
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: secureCookie };

  app.post('/api/auth/login', { config: { permission: 'public' }, schema: { tags, summary: '登录 log in', body: LoginBody } }, async (req, reply) => {
    perAddress.hit(req.ip);
    const { token, user } = await service.login(ctx, req.body, actorOf(req));
    reply.setCookie(SESSION_COOKIE, token, cookieOpts);
    return { user };
  });

  app.post('/api/auth/logout', { config: { permission: 'public' }, schema: { tags, summary: '退出 log out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await service.logout(ctx, token, actorOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/password-policy', { config: { permission: 'authenticated' }, schema: { tags, summary: '密码规则 the password rules in force' } }, async () => {
    const p = await ctx.policy.get();
    return { minLength: p.passwordMinLength, minClasses: p.passwordMinClasses };
  });

  app.get('/api/roles', { config: { permission: 'authenticated' }, schema: { tags, summary: '角色目录 role catalogue (names and scope kinds)' } }, async () =>
    roleMatrix().map(({ role, name, scope }) => ({ role, name, scope, admin: isAdminRole(role) })));

  app.get('/api/auth/me', { config: { permission: 'authenticated' }, schema: { tags, summary: '当前用户 who am I' } }, async (req) => ({
    user: currentUser(req),
  }));

  app.post('/api/auth/role', {
    config: { permission: 'auth.self' },
    schema: { tags, summary: '切换角色 switch the active role', body: z.object({ roleId: z.number().int() }) },
  }, async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return { user: currentUser(req) };
    return { user: await service.switchRole(ctx, currentUser(req), token, req.body.roleId, actorOf(req)) };
  });

  app.post('/api/auth/password', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '修改密码 change password', body: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(256) }) },
  }, async (req, reply) => {
    await service.changePassword(ctx, signedIn(req), req.body.currentPassword, req.body.newPassword, actorOf(req));
    return reply.status(204).send();
  });

  app.post('/api/auth/totp/setup', { config: { permission: 'authenticated' }, schema: { tags, summary: '动态验证码：生成密钥 two-factor: new secret' } }, async (req) =>
    device.totpSetup(ctx, signedIn(req)));

  app.post('/api/auth/totp/enable', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '动态验证码：确认启用 two-factor: confirm', body: z.object({ code: z.string().trim() }) },
  }, async (req, reply) => {
    await device.totpEnable(ctx, signedIn(req), req.body.code, actorOf(req));
    return reply.status(204).send();
  });

  app.get('/api/auth/device-tokens', { config: { permission: 'auth.self' }, schema: { tags, summary: '我的设备令牌 my device tokens' } }, async (req) =>
    device.listDeviceTokens(ctx, currentUser(req).id));

  app.post('/api/auth/device-tokens', {
    config: { permission: 'device.enroll' },
    schema: { tags, summary: '登记设备 enrol a phone', body: z.object({ name: z.string().trim().min(1).max(60) }) },
  }, async (req, reply) => {
    const user = currentUser(req);
    return reply.status(201).send(await device.createDeviceToken(ctx, user, req.body.name, actorOf(req)));
  });

  app.delete('/api/auth/device-tokens/:id', {
    config: { permission: 'auth.self' },
    schema: { tags, summary: '吊销设备令牌 revoke', params: z.object({ id: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    await device.revokeDeviceToken(ctx, currentUser(req), req.params.id, actorOf(req));
    return reply.status(204).send();
  });
};

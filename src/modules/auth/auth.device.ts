// Device tokens for the grid workers' phone app: long-lived, revocable, with the narrow permissions of
// DEVICE_PERMISSIONS, so a long offline stretch does not lose the sign-in to the 30-minute idle timeout.
import { randomBytes } from 'node:crypto';
import { AppError, notFound, text } from '../../http/errors.js';
import { record, type Actor } from '../audit/audit.service.js';
import * as repo from './auth.repo.js';
import { tokenHash, userFor, type AuthCtx, type SessionUser } from './auth.service.js';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp.js';

export const DEVICE_PREFIX = 'fqd_';

export async function createDeviceToken(ctx: AuthCtx, user: SessionUser, name: string, actor: Actor) {
  const policy = await ctx.policy.get();
  const token = DEVICE_PREFIX + randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + policy.deviceTokenDays * 86_400_000);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('deviceTokens')
      .values({ userId: user.id, roleId: user.roleId, name, tokenHash: tokenHash(token), expiresAt })
      .returning(['id', 'name', 'createdAt', 'expiresAt'])
      .executeTakeFirstOrThrow();
    await record(trx, actor, { action: 'device_token.create', objectType: 'device_token', objectId: r.id, details: { name } }, now);
    return r;
  });
  return { ...row, token };
}

export async function listDeviceTokens(ctx: AuthCtx, userId: number) {
  return ctx.db
    .selectFrom('deviceTokens')
    .select(['id', 'name', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'])
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeDeviceToken(ctx: AuthCtx, user: SessionUser, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('deviceTokens')
      .set({ revokedAt: ctx.clock.now() })
      .where('id', '=', id)
      .where('userId', '=', user.id)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound(text('设备令牌不存在或已吊销', 'device token not found or already revoked'));
    await record(trx, actor, { action: 'device_token.revoke', objectType: 'device_token', objectId: id }, ctx.clock.now());
  });
}

export async function authenticateDevice(ctx: AuthCtx, token: string): Promise<SessionUser | null> {
  const t = await repo.deviceTokenByHash(ctx.db, tokenHash(token));
  const now = ctx.clock.now();
  if (!t || t.revokedAt || t.expiresAt <= now) return null;
  const user = await userFor(ctx, t.userId, t.roleId, 'device');
  if (!user) return null;
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000)
    await ctx.db.updateTable('deviceTokens').set({ lastUsedAt: now }).where('id', '=', t.id).execute();
  return user;
}

/** TOTP enrolment: a new secret (kept until confirmed), then confirmation with a code. */
export async function totpSetup(ctx: AuthCtx, user: SessionUser) {
  if (user.totpEnabled) throw new AppError('CONFLICT', text('已启用动态验证码', 'two-factor login is already on'));
  const secret = newTotpSecret();
  await ctx.db.updateTable('users').set({ totpSecret: secret }).where('id', '=', user.id).execute();
  return { secret, otpauthUrl: otpauthUrl(secret, user.username) };
}

export async function totpEnable(ctx: AuthCtx, user: SessionUser, code: string, actor: Actor) {
  const u = (await repo.userById(ctx.db, user.id))!;
  if (u.totpEnabled) throw new AppError('CONFLICT', text('已启用动态验证码', 'two-factor login is already on'));
  if (!u.totpSecret) throw new AppError('CONFLICT', text('请先获取密钥', 'start the setup first'));
  if (!verifyTotp(u.totpSecret, code, ctx.clock.now()))
    throw new AppError('VALIDATION', text('动态验证码不正确', 'wrong one-time code'), { fields: [{ path: 'code', message: 'wrong code' }] });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totpEnabled: true }).where('id', '=', u.id).execute();
    await record(trx, actor, { action: 'totp.enable', objectType: 'user', objectId: u.id }, ctx.clock.now());
  });
  ctx.sessions.dropUser(u.id);
}

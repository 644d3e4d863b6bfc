// Login, sessions, role switching, password change. Passwords: argon2id. Sessions live on the server;
// the cookie carries a random token and the database keeps only its SHA-256.
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, text } from '../../http/errors.js';
import * as repo from './auth.repo.js';
import { record, type Actor } from '../audit/audit.service.js';
import { isAdminRole, permissionsOf, ROLE_NAMES, SCOPE_KIND, DEVICE_PERMISSIONS, type Permission, type Role } from './permissions.js';
import { checkPassword } from './password.js';
import { verifyTotp } from './totp.js';
import type { PolicyStore } from './policy.js';
import type { SessionCache } from './session-cache.js';

export interface AuthCtx {
  db: Kysely<DB>;
  clock: Clock;
  policy: PolicyStore;
  /** production: the three administrator roles must use a second factor */
  requireAdminTotp: boolean;
  sessions: SessionCache;
}

export const hashPassword = (password: string) => hash(password, { algorithm: 2 /* argon2id */ });
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

let dummyHash: Promise<string> | undefined; // verified against when the user does not exist: same time, same answer

const badLogin = () => new AppError('UNAUTHENTICATED', text('用户名或密码错误', 'wrong username or password'));
const lockedOut = (until: Date, now: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('RATE_LIMITED', text(`登录失败次数过多，账号已锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试`, `too many failed logins: locked, retry in ${Math.ceil(seconds / 60)} min`), { retryAfter: seconds }, { 'retry-after': String(seconds) });
};

export interface Assignment {
  id: number;
  role: Role;
  roleName: string;
  regionId: number | null;
  regionCode: string | null;
  regionName: string | null;
  unitId: number | null;
  unitName: string | null;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleId: number;
  roleName: string;
  regionId: number | null;
  regionCode: string | null;
  regionPath: string | null;
  unitId: number | null;
  /** grid ids, for grid workers and volunteers */
  gridIds: number[];
  /** materialised paths of the region subtrees this role sees (region, its grids, or its unit's jurisdiction) */
  scopePaths: string[];
  scopeKind: 'region' | 'grids' | 'unit';
  roles: Role[];
  assignments: Assignment[];
  permissions: Permission[];
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** why the account may only look after itself right now */
  restricted: null | 'password_change' | 'totp_setup';
  via: 'session' | 'device';
}

export async function login(ctx: AuthCtx, input: { username: string; password: string; otp?: string }, actor: Actor) {
  const now = ctx.clock.now();
  const policy = await ctx.policy.get();
  const prior = await repo.failuresOf(ctx.db, input.username);
  if (prior?.lockedUntil && prior.lockedUntil > now) {
    await record(ctx.db, actor, { action: 'login.locked', objectType: 'user', objectId: input.username, outcome: 'denied' }, now);
    throw lockedOut(prior.lockedUntil, now);
  }
  const user = await repo.userByUsername(ctx.db, input.username);
  let ok = false;
  if (user && user.status === 'active') ok = await verify(user.passwordHash, input.password);
  else {
    dummyHash ??= hashPassword('not-a-real-password-§');
    await verify(await dummyHash, input.password);
  }
  if (ok && user!.totpEnabled) {
    if (!input.otp) {
      throw new AppError('UNAUTHENTICATED', text('请输入动态验证码', 'enter your one-time code'), { otpRequired: true });
    }
    ok = verifyTotp(user!.totpSecret!, input.otp, now);
  }
  if (!ok) {
    const windowStart = prior && !prior.lockedUntil && now.getTime() - prior.firstFailedAt.getTime() < policy.lockoutMinutes * 60_000 ? prior : null;
    const failures = (windowStart?.failures ?? 0) + 1;
    const locked = failures >= policy.lockoutThreshold ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null;
    await ctx.db.transaction().execute(async (trx) => {
      await repo.saveFailures(trx, input.username, locked ? 0 : failures, windowStart?.firstFailedAt ?? now, locked);
      await record(trx, actor, { action: 'login.failure', objectType: 'user', objectId: input.username, outcome: 'failure', details: { failures } }, now);
      if (locked) await record(trx, actor, { action: 'login.lockout', objectType: 'user', objectId: input.username, outcome: 'denied', details: { until: locked.toISOString() } }, now);
    });
    throw badLogin();
  }
  const assignments = await repo.assignmentsOf(ctx.db, user!.id);
  if (assignments.length === 0) throw new AppError('FORBIDDEN', text('该账号尚未分配角色，请联系安全管理员', 'this account has no role yet: ask the security administrator'));
  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction().execute(async (trx) => {
    if (prior) await repo.clearFailures(trx, input.username);
    await repo.insertSession(trx, {
      id: tokenHash(token),
      userId: user!.id,
      roleId: assignments[0].id,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteHours * 3600_000),
      ip: actor.ip,
    });
    await record(trx, { ...actor, actorId: user!.id, actorName: user!.username, role: assignments[0].role, regionId: assignments[0].regionId }, { action: 'login.success', objectType: 'user', objectId: user!.id }, now);
  });
  return { token, user: (await authenticateSession(ctx, token))! };
}

export async function logout(ctx: AuthCtx, token: string, actor: Actor) {
  ctx.sessions.dropToken(tokenHash(token));
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, tokenHash(token));
    if (actor.actorId) await record(trx, actor, { action: 'logout', objectType: 'user', objectId: actor.actorId }, ctx.clock.now());
  });
}

/** Build the request's user from an account and the role assignment in use. */
export async function userFor(ctx: AuthCtx, userId: number, roleId: number, via: 'session' | 'device'): Promise<SessionUser | null> {
  const u = await repo.userById(ctx.db, userId);
  if (!u || u.status !== 'active') return null;
  const rows = await repo.assignmentsOf(ctx.db, userId);
  const active = rows.find((r) => r.id === roleId);
  if (!active) return null;
  const role = active.role as Role;
  const restricted = u.mustChangePassword ? 'password_change' : ctx.requireAdminTotp && isAdminRole(role) && !u.totpEnabled ? 'totp_setup' : null;
  let permissions = restricted ? (['auth.self'] as Permission[]) : permissionsOf(role);
  if (via === 'device') permissions = permissions.filter((p) => DEVICE_PERMISSIONS.includes(p));
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role,
    roleId: active.id,
    roleName: ROLE_NAMES[role],
    regionId: active.regionId,
    regionCode: active.regionCode,
    regionPath: active.regionPath,
    unitId: active.unitId,
    gridIds: SCOPE_KIND[role] === 'grids' ? await repo.gridIdsOf(ctx.db, u.id) : [],
    scopePaths: await repo.scopePathsOf(ctx.db, SCOPE_KIND[role], u.id, active.regionPath, active.unitId),
    scopeKind: SCOPE_KIND[role],
    roles: [...new Set(rows.map((r) => r.role as Role))],
    assignments: rows.map((r) => ({
      id: r.id, role: r.role as Role, roleName: ROLE_NAMES[r.role as Role], regionId: r.regionId, regionCode: r.regionCode,
      regionName: r.regionName, unitId: r.unitId, unitName: r.unitName,
    })),
    permissions,
    mustChangePassword: u.mustChangePassword,
    totpEnabled: u.totpEnabled,
    restricted,
    via,
  };
}

/** The user behind a session token, or null (expired, idle, ended, disabled). Refreshes the idle timer. */
export async function authenticateSession(ctx: AuthCtx, token: string): Promise<SessionUser | null> {
  const id = tokenHash(token);
  const now = ctx.clock.now().getTime();
  const policy = await ctx.policy.get();
  const idle = policy.idleMinutes * 60_000;
  const cached = ctx.sessions.get(id);
  if (cached) {
    if (now >= cached.expiresAt || now - cached.lastSeen > idle) {
      ctx.sessions.dropToken(id);
      await repo.deleteSession(ctx.db, id);
      return null;
    }
    cached.lastSeen = now;
    if (now - cached.lastTouched > 30_000) {
      cached.lastTouched = now;
      await repo.touchSession(ctx.db, id, new Date(now));
    }
    return cached.user;
  }
  const s = await repo.sessionById(ctx.db, id);
  if (!s) return null;
  if (now >= s.expiresAt.getTime() || now - s.lastSeenAt.getTime() > idle) {
    await repo.deleteSession(ctx.db, id);
    return null;
  }
  const user = await userFor(ctx, s.userId, s.roleId, 'session');
  if (!user) return null;
  let touched = s.lastSeenAt.getTime();
  if (now - touched > 30_000) {
    await repo.touchSession(ctx.db, id, new Date(now));
    touched = now;
  }
  ctx.sessions.set(id, { user, userId: user.id, lastSeen: now, lastTouched: touched, expiresAt: s.expiresAt.getTime() });
  return user;
}

export async function switchRole(ctx: AuthCtx, user: SessionUser, token: string, roleId: number, actor: Actor) {
  const target = user.assignments.find((a) => a.id === roleId);
  if (!target) throw new AppError('NOT_FOUND', text('没有这个角色', 'no such role assignment'));
  ctx.sessions.dropToken(tokenHash(token));
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setSessionRole(trx, tokenHash(token), roleId);
    await record(trx, actor, { action: 'role.switch', objectType: 'user', objectId: user.id, details: { from: user.role, to: target.role } }, ctx.clock.now());
  });
  return (await userFor(ctx, user.id, roleId, 'session'))!;
}

export async function changePassword(ctx: AuthCtx, user: SessionUser, current: string, next: string, actor: Actor) {
  const u = (await repo.userById(ctx.db, user.id))!;
  if (!(await verify(u.passwordHash, current)))
    throw new AppError('VALIDATION', text('当前密码不正确', 'the current password is wrong'), { fields: [{ path: 'currentPassword', message: 'wrong' }] });
  const policy = await ctx.policy.get();
  const p = checkPassword(next, { minLength: policy.passwordMinLength, minClasses: policy.passwordMinClasses }, u.username);
  if (p) throw new AppError('VALIDATION', text(p.zh, p.en), { rule: p.rule, fields: [{ path: 'newPassword', message: p.en }] });
  if (await verify(u.passwordHash, next)) throw new AppError('VALIDATION', text('新密码不能与当前密码相同', 'the new password must differ from the current one'), { rule: 'reuse' });
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ passwordHash, mustChangePassword: false, passwordChangedAt: ctx.clock.now(), updatedAt: ctx.clock.now() }).where('id', '=', u.id).execute();
    await record(trx, actor, { action: 'password.change', objectType: 'user', objectId: u.id }, ctx.clock.now());
  });
  ctx.sessions.dropUser(u.id);
}

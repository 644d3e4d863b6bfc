// Login, logout and session checks. Passwords: argon2id. Sessions live on the server; the cookie
// carries a random token and the database keeps only its SHA-256.
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, text } from '../../http/errors.js';
import * as repo from './auth.repo.js';
import { permissionsOf, type Role } from './permissions.js';

export interface AuthCtx {
  db: Kysely<DB>;
  clock: Clock;
  idleMinutes: number;
  absoluteHours: number;
}

export const hashPassword = (password: string) => hash(password, { algorithm: 2 /* argon2id */ });

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

// a fixed hash to verify against when the user does not exist, so both answers take the same time
let dummyHash: Promise<string> | undefined;

const badLogin = () => new AppError('UNAUTHENTICATED', text('用户名或密码错误', 'wrong username or password'));

export async function login(ctx: AuthCtx, username: string, password: string, ip: string | null) {
  const user = await repo.userByUsername(ctx.db, username);
  if (!user || user.status !== 'active') {
    dummyHash ??= hashPassword('not-a-real-password-§');
    await verify(await dummyHash, password);
    throw badLogin();
  }
  if (!(await verify(user.passwordHash, password))) throw badLogin();
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await repo.insertSession(ctx.db, {
    id: tokenHash(token),
    userId: user.id,
    activeRole: user.roles[0],
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ctx.absoluteHours * 3600_000),
    ip,
  });
  return { token, user: await sessionUser(ctx, tokenHash(token)) };
}

export async function logout(ctx: AuthCtx, token: string) {
  await repo.deleteSession(ctx.db, tokenHash(token));
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roles: Role[];
  regionId: number | null;
  permissions: string[];
  mustChangePassword: boolean;
}

async function sessionUser(ctx: AuthCtx, id: string): Promise<SessionUser | null> {
  const s = await repo.sessionWithUser(ctx.db, id);
  if (!s || s.status !== 'active') return null;
  const now = ctx.clock.now().getTime();
  if (now >= s.expiresAt.getTime() || now - s.lastSeenAt.getTime() > ctx.idleMinutes * 60_000) {
    await repo.deleteSession(ctx.db, id);
    return null;
  }
  return {
    id: s.id,
    username: s.username,
    displayName: s.displayName,
    role: s.activeRole as Role,
    roles: s.roles as Role[],
    regionId: s.regionId,
    permissions: permissionsOf(s.activeRole as Role),
    mustChangePassword: s.mustChangePassword,
  };
}

/** The user behind a session token, or null; refreshes the idle timer. */
export async function authenticate(ctx: AuthCtx, token: string): Promise<SessionUser | null> {
  const id = tokenHash(token);
  const u = await sessionUser(ctx, id);
  if (u) await repo.touchSession(ctx.db, id, ctx.clock.now());
  return u;
}

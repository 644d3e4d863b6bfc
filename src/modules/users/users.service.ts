// Account administration by level. sys_admin: accounts and operational roles inside its region;
// sec_admin: the administrator roles. 三权分立: an administrator role stands alone; nobody edits their own roles.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { record, type Actor } from '../audit/audit.service.js';
import { hashPassword, type SessionUser } from '../auth/auth.service.js';
import { checkPassword } from '../auth/password.js';
import { checkRoleSet, isAdminRole, ROLE_NAMES, SCOPE_KIND, type Role } from '../auth/permissions.js';
import type { PolicyStore } from '../auth/policy.js';
import type { SessionCache } from '../auth/session-cache.js';
import { resolve } from '../regions/regions.service.js';
import { assignmentsOf } from '../auth/auth.repo.js';

export interface UsersCtx {
  db: Kysely<DB>;
  clock: Clock;
  policy: PolicyStore;
  sessions: SessionCache;
}

const manages = (u: SessionUser) => u.permissions.includes('user.manage');
const grantsAdmin = (u: SessionUser) => u.permissions.includes('role.grant_admin');
const userNotFound = () => notFound(text('账号不存在', 'account not found'));

function requireAdmin(u: SessionUser) {
  if (u.restricted) throw new AppError('FORBIDDEN', text('请先完成账号安全设置', 'finish securing your account first'), { restricted: u.restricted });
  if (!manages(u) && !grantsAdmin(u)) throw new AppError('FORBIDDEN', text('当前角色无权管理账号', 'your role may not administer accounts'));
}

/** The account if its home region lies inside the administrator's region; else 404. */
async function managedUser(db: Kysely<DB>, admin: SessionUser, id: number) {
  const u = await db
    .selectFrom('users')
    .innerJoin('regions', 'regions.id', 'users.homeRegionId')
    .select(['users.id', 'users.username', 'users.displayName', 'users.status', 'users.mustChangePassword', 'users.totpEnabled', 'users.createdAt', 'regions.code as homeRegionCode', 'regions.name as homeRegionName', 'regions.path'])
    .where('users.id', '=', id)
    .executeTakeFirst();
  if (!u || !u.path.startsWith(admin.regionPath ?? '/none/')) throw userNotFound();
  return u;
}

/**
 * 三权分立: a system administrator does not edit, disable or reset the password of an account holding
 * sec_admin or auditor (that would hand it those powers); the security administrator removes the role first.
 */
async function refuseOtherPowers(db: Kysely<DB>, id: number) {
  const held = await db.selectFrom('userRoles').select('role').where('userId', '=', id).where('role', 'in', ['sec_admin', 'auditor']).executeTakeFirst();
  if (held)
    throw new AppError('FORBIDDEN', text(`该账号持有${ROLE_NAMES[held.role as Role]}角色，须先由安全管理员撤销`, `this account holds ${held.role}: the security administrator must remove that role first`), { role: held.role });
}

export async function listUsers(ctx: UsersCtx, admin: SessionUser, f: { region?: string; q?: string; status?: 'active' | 'disabled'; limit: number; cursor?: number }) {
  requireAdmin(admin);
  let path = admin.regionPath ?? '/none/';
  if (f.region) {
    const { node } = await resolve(ctx.db, f.region);
    if (!node.path.startsWith(path)) throw notFound(text(`区划 ${f.region} 不存在`, `region ${f.region} not found`));
    path = node.path;
  }
  let q = ctx.db
    .selectFrom('users')
    .innerJoin('regions', 'regions.id', 'users.homeRegionId')
    .select(['users.id', 'users.username', 'users.displayName', 'users.status', 'users.mustChangePassword', 'users.totpEnabled', 'regions.code as homeRegionCode', 'regions.name as homeRegionName'])
    .select((eb) =>
      eb.selectFrom('userRoles').select(sql<string[]>`coalesce(array_agg(role order by id), '{}')`.as('r')).whereRef('userRoles.userId', '=', 'users.id').as('roles'),
    )
    .where('regions.path', 'like', `${path}%`)
    .orderBy('users.id')
    .limit(f.limit + 1);
  if (f.q) q = q.where((eb) => eb.or([eb('users.username', 'like', `%${f.q}%`), eb('users.displayName', 'like', `%${f.q}%`)]));
  if (f.status) q = q.where('users.status', '=', f.status);
  if (f.cursor) q = q.where('users.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit).map((r) => ({ ...r, roles: r.roles ?? [] }));
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function getUser(ctx: UsersCtx, admin: SessionUser, id: number) {
  requireAdmin(admin);
  const u = await managedUser(ctx.db, admin, id);
  const { path: _p, ...rest } = u;
  const assignments = (await assignmentsOf(ctx.db, id)).map(({ regionPath: _r, ...a }) => ({ ...a, roleName: ROLE_NAMES[a.role as Role] }));
  return { ...rest, assignments };
}

export interface RoleInput {
  role: string;
  regionCode?: string;
  unitId?: number;
}

async function resolveAssignments(db: Kysely<DB>, admin: SessionUser, roles: RoleInput[]) {
  const out: { role: Role; regionId: number | null; unitId: number | null }[] = [];
  for (const [i, r] of roles.entries()) {
    const kind = SCOPE_KIND[r.role as Role];
    const field = (path: string, zh: string, en: string) => new AppError('VALIDATION', text(zh, en), { fields: [{ path: `roles.${i}.${path}`, message: en }] });
    let regionId: number | null = null;
    let unitId: number | null = null;
    if (kind === 'unit') {
      if (!r.unitId) throw field('unitId', `${ROLE_NAMES[r.role as Role]}须指定所属单位`, 'this role needs a unit');
      const unit = await db.selectFrom('units').innerJoin('regions', 'regions.id', 'units.regionId').select(['units.id', 'regions.id as regionId', 'regions.path']).where('units.id', '=', r.unitId).executeTakeFirst();
      if (!unit || !unit.path.startsWith(admin.regionPath ?? '/none/')) throw notFound(text('单位不存在', 'unit not found'));
      unitId = unit.id;
      regionId = unit.regionId;
    } else {
      if (!r.regionCode) throw field('regionCode', `${ROLE_NAMES[r.role as Role]}须指定所属区划`, 'this role needs a region');
      const { node } = await resolve(db, r.regionCode);
      if (!node.path.startsWith(admin.regionPath ?? '/none/') || node.status !== 'active') throw notFound(text(`区划 ${r.regionCode} 不存在`, `region ${r.regionCode} not found`));
      regionId = node.id;
      // the office roles act for an office unit: the one given (inside the region), else the region's own office
      if (['village_staff', 'town_staff', 'dispatcher'].includes(r.role)) {
        const unit = await db
          .selectFrom('units')
          .innerJoin('regions', 'regions.id', 'units.regionId')
          .select(['units.id', 'regions.path'])
          .where((eb) => (r.unitId ? eb('units.id', '=', r.unitId) : eb.and([eb('units.regionId', '=', node.id), eb('units.kind', '=', 'office')])))
          .executeTakeFirst();
        if (r.unitId && (!unit || !unit.path.startsWith(node.path))) throw notFound(text('单位不存在', 'unit not found'));
        unitId = unit?.id ?? null;
      }
    }
    out.push({ role: r.role as Role, regionId, unitId });
  }
  return out;
}

export async function createUser(ctx: UsersCtx, admin: SessionUser, input: { username: string; displayName: string; password: string; homeRegionCode: string; roles: RoleInput[] }, actor: Actor) {
  if (!manages(admin)) throw new AppError('FORBIDDEN', text('只有系统管理员可以建立账号', 'only a system administrator creates accounts'));
  const problem = checkRoleSet(input.roles.map((r) => r.role));
  if (problem) throw new AppError('UNPROCESSABLE', text(problem.zh, problem.en));
  if (input.roles.some((r) => isAdminRole(r.role)))
    throw new AppError('FORBIDDEN', text('管理员角色只能由安全管理员授予', 'administrator roles are granted by the security administrator'));
  const policy = await ctx.policy.get();
  const p = checkPassword(input.password, { minLength: policy.passwordMinLength, minClasses: policy.passwordMinClasses }, input.username);
  if (p) throw new AppError('VALIDATION', text(p.zh, p.en), { rule: p.rule, fields: [{ path: 'password', message: p.en }] });
  const { node: home } = await resolve(ctx.db, input.homeRegionCode);
  if (!home.path.startsWith(admin.regionPath ?? '/none/')) throw notFound(text(`区划 ${input.homeRegionCode} 不存在`, `region ${input.homeRegionCode} not found`));
  const assignments = await resolveAssignments(ctx.db, admin, input.roles);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('users').select('id').where(sql<string>`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
    if (exists) throw new AppError('CONFLICT', text(`用户名 ${input.username} 已存在`, `username ${input.username} is taken`));
    const { id } = await trx
      .insertInto('users')
      .values({ username: input.username, displayName: input.displayName, passwordHash, homeRegionId: home.id, mustChangePassword: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (assignments.length) await trx.insertInto('userRoles').values(assignments.map((a) => ({ ...a, userId: id }))).execute();
    await record(trx, actor, { action: 'user.create', objectType: 'user', objectId: id, details: { username: input.username, roles: input.roles.map((r) => r.role) } }, ctx.clock.now());
    return { id };
  });
}

export async function updateUser(ctx: UsersCtx, admin: SessionUser, id: number, input: { displayName?: string; status?: 'active' | 'disabled' }, actor: Actor) {
  if (!manages(admin)) throw new AppError('FORBIDDEN', text('只有系统管理员可以修改账号', 'only a system administrator edits accounts'));
  await managedUser(ctx.db, admin, id);
  await refuseOtherPowers(ctx.db, id);
  if (id === admin.id && input.status === 'disabled') throw new AppError('UNPROCESSABLE', text('不能停用自己的账号', 'you cannot disable your own account'));
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ ...input, updatedAt: ctx.clock.now() }).where('id', '=', id).execute();
    if (input.status === 'disabled') {
      await trx.deleteFrom('sessions').where('userId', '=', id).execute();
      await trx.updateTable('deviceTokens').set({ revokedAt: ctx.clock.now() }).where('userId', '=', id).where('revokedAt', 'is', null).execute();
    }
    await record(trx, actor, { action: input.status === 'disabled' ? 'user.disable' : 'user.update', objectType: 'user', objectId: id, details: input }, ctx.clock.now());
  });
  ctx.sessions.dropUser(id);
}

/** Replace the roles of the kind the caller may grant (operational for sys_admin, administrator for sec_admin). */
export async function setRoles(ctx: UsersCtx, admin: SessionUser, id: number, roles: RoleInput[], actor: Actor) {
  requireAdmin(admin);
  if (id === admin.id) throw new AppError('FORBIDDEN', text('不能修改自己的角色', 'you cannot change your own roles'));
  await managedUser(ctx.db, admin, id);
  const adminKind = grantsAdmin(admin);
  if (roles.some((r) => isAdminRole(r.role) !== adminKind))
    throw new AppError('FORBIDDEN', adminKind
      ? text('安全管理员只能授予管理员角色', 'the security administrator grants administrator roles only')
      : text('管理员角色只能由安全管理员授予', 'administrator roles are granted by the security administrator'));
  const current = await assignmentsOf(ctx.db, id);
  const kept = current.filter((a) => isAdminRole(a.role) !== adminKind);
  const problem = checkRoleSet([...kept.map((a) => a.role), ...roles.map((r) => r.role)]);
  if (problem) throw new AppError('UNPROCESSABLE', text(problem.zh, problem.en));
  const assignments = await resolveAssignments(ctx.db, admin, roles);
  await ctx.db.transaction().execute(async (trx) => {
    const mine = current.filter((a) => isAdminRole(a.role) === adminKind).map((a) => a.id);
    if (mine.length) await trx.deleteFrom('userRoles').where('id', 'in', mine).execute();
    if (assignments.length) await trx.insertInto('userRoles').values(assignments.map((a) => ({ ...a, userId: id }))).execute();
    await record(trx, actor, { action: 'user.roles', objectType: 'user', objectId: id, details: { roles: roles.map((r) => r.role), removed: current.filter((a) => mine.includes(a.id)).map((a) => a.role) } }, ctx.clock.now());
  });
  ctx.sessions.dropUser(id);
  return getUser(ctx, admin, id);
}

export async function resetPassword(ctx: UsersCtx, admin: SessionUser, id: number, password: string, actor: Actor) {
  if (!manages(admin)) throw new AppError('FORBIDDEN', text('只有系统管理员可以重置密码', 'only a system administrator resets passwords'));
  const u = await managedUser(ctx.db, admin, id);
  await refuseOtherPowers(ctx.db, id);
  const policy = await ctx.policy.get();
  const p = checkPassword(password, { minLength: policy.passwordMinLength, minClasses: policy.passwordMinClasses }, u.username);
  if (p) throw new AppError('VALIDATION', text(p.zh, p.en), { rule: p.rule, fields: [{ path: 'password', message: p.en }] });
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ passwordHash, mustChangePassword: true, updatedAt: ctx.clock.now() }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    await trx.deleteFrom('loginFailures').where('username', '=', u.username.toLowerCase()).execute();
    await record(trx, actor, { action: 'user.password_reset', objectType: 'user', objectId: id }, ctx.clock.now());
  });
  ctx.sessions.dropUser(id);
}

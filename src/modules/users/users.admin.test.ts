// Account administration by level, with separation of duties (三权分立), through HTTP; every change in
// the audit log with actor and object.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { auditLog, call, createAccount, firstLogin, signIn, tryLogin, userId } from '../../../test/identity-helpers.js';

let t: TestApp;
let admin: string;
let secadmin: string;
let auditor: string;
beforeAll(async () => {
  t = await testApp();
});
beforeEach(async () => {
  admin = await signIn(t, 'admin');
  secadmin = await signIn(t, 'secadmin');
  auditor = await signIn(t, 'auditor');
});
afterAll(() => t.close());

const setRoles = (as: string, id: number, roles: { role: string; regionCode?: string; unitId?: number }[]) =>
  call(t, { method: 'PUT', url: `/api/users/${id}/roles`, as, body: { roles } });
const rolesOf = async (id: number) => (await call(t, { url: `/api/users/${id}`, as: admin })).json().assignments.map((a: { role: string }) => a.role);

describe('sys_admin: accounts', () => {
  it('creates an account (201) that must change its password; a duplicate username → 409; a weak password → 400 with the rule', async () => {
    const body = { username: 'wang.wu', displayName: '王五', password: 'Wangwu#Start-88', homeRegionCode: '150826100', roles: [{ role: 'town_staff', regionCode: '150826100' }] };
    const res = await call(t, { method: 'POST', url: '/api/users', as: admin, body });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const got = (await call(t, { url: `/api/users/${id}`, as: admin })).json();
    expect(got).toMatchObject({ username: 'wang.wu', mustChangePassword: true, status: 'active', homeRegionCode: '150826100' });
    expect(got).not.toHaveProperty('passwordHash');
    expect(got.assignments).toMatchObject([{ role: 'town_staff', regionCode: '150826100' }]);
    const dup = await call(t, { method: 'POST', url: '/api/users', as: admin, body: { ...body, username: 'WANG.WU' } });
    expect(dup.statusCode).toBe(409);
    for (const [password, rule] of [['Ab#1', 'length'], ['wangwuwangwu', 'classes'], ['Admin@123', 'common']]) {
      const weak = await call(t, { method: 'POST', url: '/api/users', as: admin, body: { ...body, username: 'zhao.liu', password } });
      expect(weak.statusCode, password).toBe(400);
      expect(weak.json().details.rule, password).toBe(rule);
    }
    expect((await tryLogin(t, 'zhao.liu', { password: 'Admin@123' })).res.statusCode).toBe(401);
    const [row] = await auditLog(t, auditor, { action: 'user.create', objectId: id });
    expect(row).toMatchObject({ actorName: 'admin', role: 'sys_admin', objectType: 'user', outcome: 'success' });
    expect(row.details).toMatchObject({ username: 'wang.wu', roles: ['town_staff'] });
  });

  it('disables and re-enables an account, resets a password; each change is audited with actor and object', async () => {
    const id = await userId(t, admin, 'leader');
    expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'disabled' } })).statusCode).toBe(204);
    expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'active', displayName: '王建国' } })).statusCode).toBe(204);
    const weak = await call(t, { method: 'POST', url: `/api/users/${id}/password-reset`, as: admin, body: { password: 'leader123' } });
    expect(weak.statusCode).toBe(400);
    expect((await call(t, { method: 'POST', url: `/api/users/${id}/password-reset`, as: admin, body: { password: 'Temp#Reset-4711' } })).statusCode).toBe(204);
    expect((await me(await signIn(t, 'leader', 'Temp#Reset-4711'))).restricted).toBe('password_change');
    const rows = await auditLog(t, auditor, { objectId: id, action: 'user.*' });
    expect(rows.map((r) => r.action)).toEqual(['user.password_reset', 'user.update', 'user.disable']);
    expect(rows.every((r) => r.actorName === 'admin' && r.objectType === 'user')).toBe(true);
    expect(rows[1].details).toEqual({ status: 'active', displayName: '王建国' });
    const self = await call(t, { method: 'PATCH', url: `/api/users/${await userId(t, admin, 'admin')}`, as: admin, body: { status: 'disabled' } });
    expect(self.statusCode).toBe(422);
  });
});

const me = async (cookie: string) => (await call(t, { url: '/api/auth/me', as: cookie })).json().user;

describe('三权分立', () => {
  it('sys_admin cannot grant an administrator role, by creation or assignment → 403', async () => {
    const id = await createAccount(t, admin, { username: 'no.role', homeRegionCode: '150826' });
    for (const role of ['sec_admin', 'auditor', 'sys_admin']) {
      expect((await setRoles(admin, id, [{ role, regionCode: '150826' }])).statusCode, role).toBe(403);
      const created = await call(t, { method: 'POST', url: '/api/users', as: admin, body: { username: `x-${role}`, displayName: 'x', password: 'Strong#Pass-123', homeRegionCode: '150826', roles: [{ role, regionCode: '150826' }] } });
      expect(created.statusCode, role).toBe(403);
    }
    expect(await rolesOf(id)).toEqual([]);
  });

  it('sec_admin grants auditor to a role-less account; sec_admin cannot grant operational roles', async () => {
    const id = await createAccount(t, admin, { username: 'audit.two', homeRegionCode: '150826' });
    const res = await setRoles(secadmin, id, [{ role: 'auditor', regionCode: '150826' }]);
    expect(res.statusCode).toBe(200);
    expect(res.json().assignments).toMatchObject([{ role: 'auditor', regionCode: '150826' }]);
    expect((await setRoles(secadmin, id, [{ role: 'dispatcher', regionCode: '150826' }])).statusCode).toBe(403);
    const [row] = await auditLog(t, auditor, { action: 'user.roles', objectId: id });
    expect(row).toMatchObject({ actorName: 'secadmin', role: 'sec_admin' });
    expect(row.details).toEqual({ roles: ['auditor'], removed: [] });
  });

  it('an administrator role is never combined: not with an operational role (422), not with another administrator role (422)', async () => {
    const dispatcherId = await userId(t, admin, 'dispatcher');
    expect((await setRoles(secadmin, dispatcherId, [{ role: 'auditor', regionCode: '150826' }])).statusCode).toBe(422);
    expect(await rolesOf(dispatcherId)).toEqual(['dispatcher']);
    const id = await createAccount(t, admin, { username: 'two.hats', homeRegionCode: '150826' });
    const two = await setRoles(secadmin, id, [{ role: 'sys_admin', regionCode: '150826' }, { role: 'auditor', regionCode: '150826' }]);
    expect(two.statusCode).toBe(422);
    expect((await setRoles(secadmin, id, [{ role: 'sec_admin', regionCode: '150826' }])).statusCode).toBe(200);
    expect((await setRoles(admin, id, [{ role: 'dispatcher', regionCode: '150826' }])).statusCode).toBe(422);
    expect((await setRoles(secadmin, id, [{ role: 'auditor', regionCode: '150826' }])).statusCode).toBe(200);
    expect(await rolesOf(id)).toEqual(['auditor']);
    const created = await call(t, { method: 'POST', url: '/api/users', as: admin, body: { username: 'mixed', displayName: 'x', password: 'Strong#Pass-123', homeRegionCode: '150826', roles: [{ role: 'dispatcher', regionCode: '150826' }, { role: 'auditor', regionCode: '150826' }] } });
    expect([403, 422]).toContain(created.statusCode);
    const rows = await t.database.db.selectFrom('userRoles').select(['userId', 'role']).execute();
    const admins = new Map<number, string[]>();
    for (const r of rows) admins.set(r.userId, [...(admins.get(r.userId) ?? []), r.role]);
    for (const [, roles] of admins)
      if (roles.some((r) => ['sys_admin', 'sec_admin', 'auditor'].includes(r))) expect(roles).toHaveLength(1);
  });

  it('sys_admin cannot take over, disable or edit a sec_admin or auditor account until sec_admin removes the role', async () => {
    for (const name of ['secadmin', 'auditor']) {
      const id = await userId(t, admin, name);
      expect((await call(t, { method: 'POST', url: `/api/users/${id}/password-reset`, as: admin, body: { password: 'Taken#Over-2026' } })).statusCode, name).toBe(403);
      expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'disabled' } })).statusCode, name).toBe(403);
    }
    expect((await tryLogin(t, 'auditor')).res.statusCode).toBe(200);
    const id = await createAccount(t, admin, { username: 'audit.three', homeRegionCode: '150826' });
    expect((await setRoles(secadmin, id, [{ role: 'auditor', regionCode: '150826' }])).statusCode).toBe(200);
    expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'disabled' } })).statusCode).toBe(403);
    expect((await setRoles(secadmin, id, [])).statusCode).toBe(200);
    expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'disabled' } })).statusCode).toBe(204);
    // a sys_admin account stays in the sys_admin's own domain
    const sys = await createAccount(t, admin, { username: 'sys.two', homeRegionCode: '150826' });
    expect((await setRoles(secadmin, sys, [{ role: 'sys_admin', regionCode: '150826' }])).statusCode).toBe(200);
    expect((await call(t, { method: 'POST', url: `/api/users/${sys}/password-reset`, as: admin, body: { password: 'Fresh#Reset-2048' } })).statusCode).toBe(204);
  });

  it('nobody changes their own roles; the auditor administers no account', async () => {
    expect((await setRoles(admin, await userId(t, admin, 'admin'), [])).statusCode).toBe(403);
    expect((await setRoles(secadmin, await userId(t, admin, 'secadmin'), [{ role: 'sec_admin', regionCode: '150826' }])).statusCode).toBe(403);
    const leader = await userId(t, admin, 'leader');
    for (const [method, url, body] of [
      ['GET', '/api/users', undefined], ['GET', `/api/users/${leader}`, undefined], ['PUT', `/api/users/${leader}/roles`, { roles: [] }],
      ['POST', '/api/users', { username: 'by.auditor', displayName: 'x', password: 'Strong#Pass-123', homeRegionCode: '150826' }],
      ['PATCH', `/api/users/${leader}`, { status: 'disabled' }], ['POST', `/api/users/${leader}/password-reset`, { password: 'Strong#Pass-123' }],
    ] as const) expect((await call(t, { method, url, as: auditor, body })).statusCode, `${method} ${url}`).toBe(403);
    const dispatcher = await signIn(t, 'dispatcher');
    expect((await call(t, { url: '/api/users', as: dispatcher })).statusCode).toBe(403);
    expect((await setRoles(dispatcher, leader, [])).statusCode).toBe(403);
  });
});

describe('delegation by level', () => {
  it('a town-level sys_admin administers only accounts homed in its town', async () => {
    const id = await createAccount(t, admin, { username: 'sb.admin', homeRegionCode: '150826100' });
    const grant = await setRoles(secadmin, id, [{ role: 'sys_admin', regionCode: '150826100' }]);
    expect(grant.statusCode).toBe(200);
    const town = await firstLogin(t, 'sb.admin');
    expect(await me(town)).toMatchObject({ role: 'sys_admin', regionCode: '150826100', restricted: null });

    const list = (await call(t, { url: '/api/users?limit=200', as: town })).json().items as { username: string; homeRegionCode: string }[];
    expect(list.map((u) => u.username)).toEqual(expect.arrayContaining(['town', 'village', 'grid', 'police', 'sb.admin']));
    expect(list.every((u) => u.homeRegionCode.startsWith('150826100'))).toBe(true);
    expect(list.map((u) => u.username)).not.toContain('admin');
    expect((await call(t, { url: '/api/users?region=150826', as: town })).statusCode).toBe(404);

    const countyAccount = await userId(t, admin, 'dispatcher');
    expect((await call(t, { url: `/api/users/${countyAccount}`, as: town })).statusCode).toBe(404);
    expect((await call(t, { method: 'PATCH', url: `/api/users/${countyAccount}`, as: town, body: { status: 'disabled' } })).statusCode).toBe(404);
    expect((await setRoles(town, countyAccount, [])).statusCode).toBe(404);

    const newAccount = (homeRegionCode: string, roles: { role: string; regionCode?: string; unitId?: number }[] = []) =>
      call(t, { method: 'POST', url: '/api/users', as: town, body: { username: `sb-${homeRegionCode}-${roles.length}`, displayName: 'x', password: 'Strong#Pass-123', homeRegionCode, roles } });
    expect((await newAccount('150826101')).statusCode).toBe(404); // 头道桥镇
    expect((await newAccount('150826')).statusCode).toBe(404);
    expect((await newAccount('150826100001', [{ role: 'village_staff', regionCode: '150826' }])).statusCode).toBe(404);
    const ok = await newAccount('150826100001', [{ role: 'grid_worker', regionCode: '150826100001' }]);
    expect(ok.statusCode).toBe(201);
    expect((await call(t, { url: `/api/users/${ok.json().id}`, as: admin })).statusCode).toBe(200); // the county sees it too

    const villageId = await userId(t, town, 'village');
    expect((await call(t, { method: 'PATCH', url: `/api/users/${villageId}`, as: town, body: { displayName: '刘秀英' } })).statusCode).toBe(204);
    const [row] = await auditLog(t, auditor, { action: 'user.update', objectId: villageId });
    expect(row).toMatchObject({ actorName: 'sb.admin', role: 'sys_admin' });
    const [granted] = await auditLog(t, auditor, { action: 'user.roles', objectId: id });
    expect(granted).toMatchObject({ actorName: 'secadmin', details: { roles: ['sys_admin'], removed: [] } });
  });
});

describe('office roles get their office unit', () => {
  it('a town_staff role given only its region acts for that town\'s office; a unit outside the region is refused', async () => {
    const t2 = await testApp();
    try {
      const admin = await t2.login('admin');
      const units = (await t2.app.inject({ url: '/api/units?region=150826101', headers: { cookie: admin } })).json();
      const res = await t2.app.inject({
        method: 'POST', url: '/api/users', headers: { cookie: admin },
        payload: { username: 'tdq_staff', displayName: '头道桥镇干部', password: 'Tdq#Staff-2026', homeRegionCode: '150826101', roles: [{ role: 'town_staff', regionCode: '150826101' }] },
      });
      expect(res.statusCode).toBe(201);
      const user = (await t2.app.inject({ url: `/api/users/${res.json().id}`, headers: { cookie: admin } })).json();
      expect(user.assignments[0]).toMatchObject({ role: 'town_staff', regionCode: '150826101', unitId: units.find((u: { kind: string }) => u.kind === 'office').id });
      const justice = (await t2.app.inject({ url: '/api/units?region=150826', headers: { cookie: admin } })).json().find((u: { name: string }) => u.name === '杭锦后旗司法局');
      const bad = await t2.app.inject({
        method: 'POST', url: '/api/users', headers: { cookie: admin },
        payload: { username: 'tdq_staff2', displayName: '头道桥镇干部', password: 'Tdq#Staff-2026', homeRegionCode: '150826101', roles: [{ role: 'town_staff', regionCode: '150826101', unitId: justice.id }] },
      });
      expect(bad.statusCode).toBe(404);
    } finally {
      await t2.close();
    }
  });
});

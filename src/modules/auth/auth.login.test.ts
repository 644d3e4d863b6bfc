// Login, lockout, sessions (idle / absolute), logout, disabling, password rules, first-login password
// change, TOTP, role switching, device tokens and the per-address login limit — through HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { freshDatabase, testApp, testClock, type TestApp } from '../../../test/helpers.js';
import { auditLog, call, createAccount, signIn, tryLogin, userId } from '../../../test/identity-helpers.js';
import { totpAt } from './totp.js';
import { DEVICE_PERMISSIONS, permissionsOf } from './permissions.js';

const MIN = 60_000;
let t: TestApp;
let admin: string;
let auditor: string;
beforeAll(async () => {
  t = await testApp();
});
beforeEach(async () => {
  // tests move the clock past the idle timeout: fresh administrator sessions for each
  admin = await signIn(t, 'admin');
  auditor = await signIn(t, 'auditor');
});
afterAll(() => t.close());

const me = (as: string) => call(t, { url: '/api/auth/me', as });

describe('login', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and answers who I am', async () => {
    const { res } = await tryLogin(t, 'dispatcher');
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === 'fq_session')!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json().user).toMatchObject({ username: 'dispatcher', role: 'dispatcher', via: 'session', restricted: null });
    expect(res.json().user).not.toHaveProperty('passwordHash');
  });

  it('empty fields → 400 naming the field', async () => {
    for (const field of ['username', 'password'] as const) {
      const res = await call(t, { method: 'POST', url: '/api/auth/login', body: { username: 'leader', password: 'x', [field]: '' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(field);
      expect(res.json().details.fields.map((f: { path: string }) => f.path)).toEqual([`body.${field}`]);
    }
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const wrong = await tryLogin(t, 'leader', { password: 'Wrong#Pass-1' });
    const unknown = await tryLogin(t, 'nobody-here', { password: 'Wrong#Pass-1' });
    expect(wrong.res.statusCode).toBe(401);
    expect(unknown.res.statusCode).toBe(401);
    expect(wrong.res.body).toBe(unknown.res.body);
    expect(wrong.cookie).toBeUndefined();
  });

  it('5 failures lock the account: the 6th attempt, even with the right password, gets 429 with Retry-After; 15 min later it works', async () => {
    for (let i = 1; i <= 5; i++) expect((await tryLogin(t, 'judge', { password: `Wrong#${i}xyz` })).res.statusCode).toBe(401);
    for (const password of ['Wrong#6xyz', undefined]) {
      const { res } = await tryLogin(t, 'judge', { password });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    }
    t.clock.advance(15 * MIN + 1000);
    expect((await tryLogin(t, 'judge')).res.statusCode).toBe(200);
    const rows = await auditLog(t, auditor, { objectId: 'judge', action: 'login.*' });
    const actions = rows.map((r) => r.action).reverse();
    expect(actions.filter((a) => a === 'login.failure')).toHaveLength(5);
    expect(actions).toEqual(expect.arrayContaining(['login.lockout', 'login.locked']));
    expect(rows.find((r) => r.action === 'login.lockout')!.outcome).toBe('denied');
    const ok = await auditLog(t, auditor, { action: 'login.success', actor: 'judge' });
    expect(ok).toHaveLength(1);
  });

  it('logout ends the session on the server', async () => {
    const cookie = await signIn(t, 'leader');
    expect((await me(cookie)).statusCode).toBe(200);
    const out = await call(t, { method: 'POST', url: '/api/auth/logout', as: cookie });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'fq_session')?.value).toBe('');
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await auditLog(t, auditor, { action: 'logout', actor: 'leader' })).length).toBe(1);
  });

  it('sessions: 29 min idle still works, 31 min idle → 401', async () => {
    const cookie = await signIn(t, 'leader');
    t.clock.advance(29 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(29 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(31 * MIN);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('sessions: activity keeps one alive until 12 h after login, not longer', async () => {
    const cookie = await signIn(t, 'leader');
    for (let i = 1; i <= 28; i++) {
      t.clock.advance(25 * MIN); // up to 11 h 40 min after login
      expect((await me(cookie)).statusCode, `after ${i * 25} min`).toBe(200);
    }
    t.clock.advance(25 * MIN); // 12 h 05 min after login, 25 min after the last request
    expect((await me(cookie)).statusCode).toBe(401);
  });
});

describe('account status and passwords', () => {
  it('disabling an account ends its sessions and revokes its device tokens', async () => {
    const cookie = await signIn(t, 'volunteer');
    const enrol = await call(t, { method: 'POST', url: '/api/auth/device-tokens', as: cookie, body: { name: '红袖标手机' } });
    expect(enrol.statusCode).toBe(201);
    const token = enrol.json().token as string;
    expect((await me(token)).statusCode).toBe(200);
    const id = await userId(t, admin, 'volunteer');
    expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'disabled' } })).statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(token)).statusCode).toBe(401);
    expect((await tryLogin(t, 'volunteer')).res.statusCode).toBe(401);
    const [row] = await t.database.db.selectFrom('deviceTokens').select('revokedAt').where('userId', '=', id).execute();
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect((await call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { status: 'active' } })).statusCode).toBe(204);
    expect((await tryLogin(t, 'volunteer')).res.statusCode).toBe(200);
  });

  it('an account an admin created must change its password first: only auth.self works until then', async () => {
    await createAccount(t, admin, { username: 'newcomer', homeRegionCode: '150826', roles: [{ role: 'dispatcher', regionCode: '150826' }] });
    const cookie = await signIn(t, 'newcomer', 'Start#Pass-731');
    const who = (await me(cookie)).json().user;
    expect(who).toMatchObject({ mustChangePassword: true, restricted: 'password_change', permissions: ['auth.self'] });
    expect((await call(t, { url: '/api/auth/device-tokens', as: cookie })).statusCode).toBe(200);
    for (const url of ['/api/regions/tree', '/api/units', '/api/users']) {
      const res = await call(t, { url, as: cookie });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().details.restricted, url).toBe('password_change');
    }
    const change = (newPassword: string, currentPassword = 'Start#Pass-731') =>
      call(t, { method: 'POST', url: '/api/auth/password', as: cookie, body: { currentPassword, newPassword } });
    for (const [pw, rule] of [['Ab1!x', 'length'], ['abcdefgh12', 'classes'], ['Fq@demo2026', 'common'], ['P@ssw0rd', 'common'], ['Newcomer#2026', 'username'], ['Start#Pass-731', 'reuse']]) {
      const res = await change(pw);
      expect(res.statusCode, pw).toBe(400);
      expect(res.json().details.rule, pw).toBe(rule);
    }
    expect((await change('Fresh#Start-2046', 'not-the-password')).statusCode).toBe(400);
    expect((await change('Fresh#Start-2046')).statusCode).toBe(204);
    const after = (await me(cookie)).json().user;
    expect(after).toMatchObject({ mustChangePassword: false, restricted: null });
    expect(after.permissions).toEqual(expect.arrayContaining(['region.read', 'unit.read']));
    expect((await call(t, { url: '/api/regions/tree', as: cookie })).statusCode).toBe(200);
    expect((await call(t, { url: '/api/units', as: cookie })).statusCode).toBe(200);
    expect((await call(t, { url: '/api/users', as: cookie })).statusCode).toBe(403);
    expect((await tryLogin(t, 'newcomer', { password: 'Fresh#Start-2046' })).res.statusCode).toBe(200);
  });
});

describe('two-factor login', () => {
  it('setup → enable with a code → login needs the code', async () => {
    const cookie = await signIn(t, 'town');
    const { secret, otpauthUrl } = (await call(t, { method: 'POST', url: '/api/auth/totp/setup', as: cookie })).json();
    expect(otpauthUrl).toContain(`secret=${secret}`);
    const wrong = await call(t, { method: 'POST', url: '/api/auth/totp/enable', as: cookie, body: { code: '12345x' } });
    expect(wrong.statusCode).toBe(400);
    const ok = await call(t, { method: 'POST', url: '/api/auth/totp/enable', as: cookie, body: { code: totpAt(secret, t.clock.now()) } });
    expect(ok.statusCode).toBe(204);
    const without = await tryLogin(t, 'town');
    expect(without.res.statusCode).toBe(401);
    expect(without.res.json().details.otpRequired).toBe(true);
    expect((await tryLogin(t, 'town', { otp: '000000' === totpAt(secret, t.clock.now()) ? '111111' : '000000' })).res.statusCode).toBe(401);
    const withCode = await tryLogin(t, 'town', { otp: totpAt(secret, t.clock.now()) });
    expect(withCode.res.statusCode).toBe(200);
    expect(withCode.res.json().user.totpEnabled).toBe(true);
  });

  it('with requireAdminTotp, an administrator without TOTP is restricted to setting it up', async () => {
    const database = await freshDatabase();
    const clock = testClock();
    const app = await buildApp({ db: database.db, database, clock, version: 'test', demo: true, requireAdminTotp: true });
    const t2 = { ...t, app, database, clock } as TestApp;
    try {
      const cookie = await signIn(t2, 'admin');
      expect((await call(t2, { url: '/api/auth/me', as: cookie })).json().user.restricted).toBe('totp_setup');
      for (const url of ['/api/regions/tree', '/api/users']) {
        const res = await call(t2, { url, as: cookie });
        expect(res.statusCode, url).toBe(403);
        expect(res.json().details.restricted, url).toBe('totp_setup');
      }
      const dispatcher = await signIn(t2, 'dispatcher');
      expect((await call(t2, { url: '/api/regions/tree', as: dispatcher })).statusCode).toBe(200);
      const { secret } = (await call(t2, { method: 'POST', url: '/api/auth/totp/setup', as: cookie })).json();
      expect((await call(t2, { method: 'POST', url: '/api/auth/totp/enable', as: cookie, body: { code: totpAt(secret, clock.now()) } })).statusCode).toBe(204);
      expect((await call(t2, { url: '/api/users', as: cookie })).statusCode).toBe(200);
      expect((await tryLogin(t2, 'admin')).res.json().details.otpRequired).toBe(true);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('roles and devices', () => {
  it('role switch: village_staff ⇄ mediator changes role, permissions and scope', async () => {
    const cookie = await signIn(t, 'village');
    const before = (await me(cookie)).json().user;
    expect(before).toMatchObject({ role: 'village_staff', scopeKind: 'region', regionCode: '150826100001' });
    expect(before.roles).toEqual(['village_staff', 'mediator']);
    expect(before.permissions).toEqual(permissionsOf('village_staff'));
    const mediator = before.assignments.find((a: { role: string }) => a.role === 'mediator');
    const res = await call(t, { method: 'POST', url: '/api/auth/role', as: cookie, body: { roleId: mediator.id } });
    expect(res.statusCode).toBe(200);
    const after = (await me(cookie)).json().user;
    expect(after).toMatchObject({ role: 'mediator', roleId: mediator.id, scopeKind: 'unit', unitId: mediator.unitId });
    expect(after.unitId).not.toBeNull();
    expect(after.permissions).toEqual(permissionsOf('mediator'));
    const units = (await call(t, { url: '/api/units', as: cookie })).json().map((u: { name: string }) => u.name);
    expect(units).toContain('西环社区人民调解委员会');
    expect(units).not.toContain('陕坝镇综治中心');
    expect((await call(t, { method: 'POST', url: '/api/auth/role', as: cookie, body: { roleId: 999999 } })).statusCode).toBe(404);
    const row = (await auditLog(t, auditor, { action: 'role.switch', actor: 'village' }))[0];
    expect(row.details).toEqual({ from: 'village_staff', to: 'mediator' });
  });

  it('device tokens: survive the idle timeout, carry only DEVICE_PERMISSIONS, and die when revoked', async () => {
    const cookie = await signIn(t, 'grid');
    const enrol = await call(t, { method: 'POST', url: '/api/auth/device-tokens', as: cookie, body: { name: '赵丽华的手机' } });
    expect(enrol.statusCode).toBe(201);
    const { id, token } = enrol.json();
    expect(token).toMatch(/^fqd_/);
    t.clock.advance(31 * MIN);
    expect((await me(cookie)).statusCode).toBe(401);
    const who = await me(token);
    expect(who.statusCode).toBe(200);
    expect(who.json().user.via).toBe('device');
    expect(who.json().user.permissions.every((p: string) => DEVICE_PERMISSIONS.includes(p as never))).toBe(true);
    expect((await call(t, { url: '/api/regions/tree', as: token })).statusCode).toBe(200);
    expect((await call(t, { url: '/api/units', as: token })).statusCode).toBe(200);
    expect((await call(t, { method: 'POST', url: '/api/auth/device-tokens', as: token, body: { name: 'x' } })).statusCode).toBe(403);
    expect((await call(t, { method: 'PUT', url: '/api/users/1/roles', as: token, body: { roles: [] } })).statusCode).toBe(403);
    expect((await call(t, { method: 'POST', url: '/api/auth/totp/setup', as: token })).statusCode).toBe(403);
    const fresh = await signIn(t, 'grid');
    expect((await call(t, { url: '/api/auth/device-tokens', as: fresh })).json().map((d: { id: number }) => d.id)).toContain(id);
    expect((await call(t, { method: 'DELETE', url: `/api/auth/device-tokens/${id}`, as: fresh })).statusCode).toBe(204);
    expect((await me(token)).statusCode).toBe(401);
    expect((await call(t, { method: 'DELETE', url: `/api/auth/device-tokens/${id}`, as: fresh })).statusCode).toBe(404);
    expect((await me('fqd_not-a-token')).statusCode).toBe(401);
  });

  it('the 31st login from one address within a minute → 429', async () => {
    const ip = '192.0.2.31';
    for (let i = 1; i <= 30; i++) expect((await tryLogin(t, `ghost${i}`, { password: 'Wrong#Pass-1', ip })).res.statusCode).toBe(401);
    const { res } = await tryLogin(t, 'leader', { ip });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await tryLogin(t, 'leader', { ip: '192.0.2.32' })).res.statusCode).toBe(200);
    t.clock.advance(MIN);
    expect((await tryLogin(t, 'leader', { ip })).res.statusCode).toBe(200);
  });
});

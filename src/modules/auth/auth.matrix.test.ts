// The role × route matrix, mechanically: every demo account against every /api route. What a role may
// do comes from permissions.ts (GRANTS via permissionsOf), what a route needs from the table below; the
// table is checked against the app both ways (every route in the OpenAPI document has a row, every row is
// a route: without a session it answers 401, not 404) and each 403 names the permission the route declares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { call, createAccount, signIn } from '../../../test/identity-helpers.js';
import { ADMIN_ROLES, permissionsOf, type Permission, type Role } from './permissions.js';
import { DEFAULT_POLICY } from './policy.js';

const ACCOUNTS = ['admin', 'secadmin', 'auditor', 'leader', 'dispatcher', 'town', 'village', 'grid', 'grid2', 'volunteer', 'dept', 'mediator', 'judge', 'police'] as const;

interface Ctx {
  account: string;
  roleId: number;
  unitId: number;
  targetId: number;
}
interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the route as registered */
  route: string;
  /** the declared permission; a list: 'authenticated' at the gate, then the service wants one of these */
  perm: string | string[];
  url?: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  /** what an allowed caller gets: a status, or 'passed' (got through the gate: neither 401 nor 403) */
  ok?: number | 'passed';
  /** not sent with a session (logout would end it) */
  anonymousOnly?: boolean;
}

const ADMINS = ['user.manage', 'role.grant_admin'];
const NO_PERSON = 99_999_999;

const ROWS: Row[] = [
  { method: 'GET', route: '/api/health', perm: 'public' },
  { method: 'GET', route: '/api/meta', perm: 'public' },
  { method: 'GET', route: '/api/openapi.json', perm: 'public' },
  { method: 'POST', route: '/api/auth/login', perm: 'public', body: () => ({}), ok: 400 },
  { method: 'POST', route: '/api/auth/logout', perm: 'public', ok: 204, anonymousOnly: true },
  { method: 'GET', route: '/api/auth/me', perm: 'authenticated' },
  { method: 'GET', route: '/api/auth/password-policy', perm: 'authenticated' },
  { method: 'GET', route: '/api/roles', perm: 'authenticated' },
  { method: 'POST', route: '/api/auth/role', perm: 'auth.self', body: (c) => ({ roleId: c.roleId }) },
  { method: 'POST', route: '/api/auth/password', perm: 'authenticated', body: () => ({ currentPassword: 'not-mine', newPassword: 'Whatever#2049' }), ok: 400 },
  { method: 'POST', route: '/api/auth/totp/setup', perm: 'authenticated' },
  { method: 'POST', route: '/api/auth/totp/enable', perm: 'authenticated', body: () => ({ code: 'abc' }), ok: 400 },
  { method: 'GET', route: '/api/auth/device-tokens', perm: 'auth.self' },
  { method: 'POST', route: '/api/auth/device-tokens', perm: 'device.enroll', body: () => ({ name: 'matrix phone' }), ok: 201 },
  { method: 'DELETE', route: '/api/auth/device-tokens/:id', perm: 'auth.self', url: () => '/api/auth/device-tokens/999999', ok: 404 },
  { method: 'GET', route: '/api/security/roles', perm: 'policy.manage' },
  { method: 'GET', route: '/api/security/policy', perm: 'policy.manage' },
  { method: 'PUT', route: '/api/security/policy', perm: 'policy.manage', body: () => DEFAULT_POLICY },
  { method: 'GET', route: '/api/users', perm: ADMINS },
  { method: 'GET', route: '/api/users/:id', perm: ADMINS, url: (c) => `/api/users/${c.targetId}` },
  { method: 'POST', route: '/api/users', perm: 'user.manage', ok: 201, body: (c) => ({ username: `mx-${c.account}`, displayName: 'matrix', password: 'Matrix#Pass-2048', homeRegionCode: '150826' }) },
  { method: 'PATCH', route: '/api/users/:id', perm: 'user.manage', url: (c) => `/api/users/${c.targetId}`, body: () => ({ displayName: '矩阵账号' }), ok: 204 },
  { method: 'PUT', route: '/api/users/:id/roles', perm: ADMINS, url: (c) => `/api/users/${c.targetId}/roles`, body: () => ({ roles: [] }) },
  { method: 'POST', route: '/api/users/:id/password-reset', perm: 'user.manage', url: (c) => `/api/users/${c.targetId}/password-reset`, body: () => ({ password: 'Reset#Pass-2048' }), ok: 204 },
  { method: 'GET', route: '/api/units', perm: 'unit.read' },
  { method: 'GET', route: '/api/units/:id', perm: 'unit.read', url: (c) => `/api/units/${c.unitId}` },
  { method: 'GET', route: '/api/audit', perm: 'audit.read' },
  { method: 'GET', route: '/api/audit/chain', perm: 'audit.read' },
  { method: 'GET', route: '/api/regions/tree', perm: 'region.read' },
  { method: 'GET', route: '/api/regions/locate', perm: 'region.read', url: () => '/api/regions/locate?lat=40.884&lng=107.125' },
  { method: 'GET', route: '/api/regions/search', perm: 'region.read', url: () => `/api/regions/search?q=${encodeURIComponent('西环')}` },
  { method: 'GET', route: '/api/regions/:code', perm: 'region.read', url: () => '/api/regions/150826' },
  { method: 'GET', route: '/api/regions/:code/geojson', perm: 'region.read', url: () => '/api/regions/150826100/geojson' },
  { method: 'GET', route: '/api/regions/:code/members', perm: 'region.read', url: () => '/api/regions/150826100001001/members' },
  { method: 'GET', route: '/api/regions/import/template.xlsx', perm: 'region.manage' },
  { method: 'POST', route: '/api/regions/import', perm: 'region.manage', ok: 415 },
  { method: 'PUT', route: '/api/regions/:code/members', perm: 'region.manage', url: () => '/api/regions/150826100001001/members', body: () => ({ username: 'grid', duty: 'grid_worker' }), ok: 204 },
  { method: 'DELETE', route: '/api/regions/:code/members/:userId', perm: 'region.manage', url: () => '/api/regions/150826100001003/members/999999', ok: 404 },
  { method: 'POST', route: '/api/regions', perm: 'region.manage', body: () => ({ parentCode: '150826101', name: '矩阵村' }), ok: 201 },
  { method: 'PATCH', route: '/api/regions/:code', perm: 'region.manage', url: () => '/api/regions/150826999', body: () => ({ name: '无此镇' }), ok: 404 },
  { method: 'POST', route: '/api/regions/:code/move', perm: 'region.manage', url: () => '/api/regions/150826999/move', body: () => ({ parentCode: '150826' }), ok: 404 },
  { method: 'POST', route: '/api/regions/:code/retire', perm: 'region.manage', url: () => '/api/regions/150826999/retire', body: () => ({ successorCode: '150826101' }), ok: 404 },
  { method: 'GET', route: '/api/people', perm: 'person.read' },
  { method: 'GET', route: '/api/people/:id', perm: 'person.read', url: () => `/api/people/${NO_PERSON}`, ok: 404 },
  { method: 'POST', route: '/api/people', perm: 'person.write', body: () => ({}), ok: 'passed' },
  { method: 'POST', route: '/api/people/:id/unmask', perm: 'personal.unmask', url: () => `/api/people/${NO_PERSON}/unmask`, body: () => ({ reason: 'matrix' }), ok: 404 },
  { method: 'PATCH', route: '/api/people/:id', perm: 'person.write', url: () => `/api/people/${NO_PERSON}`, body: () => ({}), ok: 404 },
  { method: 'GET', route: '/api/people/:id/history', perm: 'person.read', url: () => `/api/people/${NO_PERSON}/history`, ok: 404 },
  { method: 'GET', route: '/api/people/export.xlsx', perm: 'person.read' },
  { method: 'POST', route: '/api/people/export.xlsx', perm: 'personal.unmask', url: () => '/api/people/export.xlsx?registration=floating', body: () => ({ reason: '矩阵测试导出' }) },
  { method: 'POST', route: '/api/addresses', perm: 'register.write', body: () => ({}), ok: 'passed' },
  { method: 'GET', route: '/api/addresses', perm: 'register.read' },
  { method: 'GET', route: '/api/addresses/:id', perm: 'register.read', url: () => `/api/addresses/${NO_PERSON}`, ok: 404 },
  { method: 'PATCH', route: '/api/addresses/:id', perm: 'register.write', url: () => `/api/addresses/${NO_PERSON}`, body: () => ({ name: '矩阵' }), ok: 404 },
  { method: 'GET', route: '/api/addresses/:id/history', perm: 'register.read', url: () => `/api/addresses/${NO_PERSON}/history`, ok: 404 },
  { method: 'POST', route: '/api/housing', perm: 'register.write', body: () => ({}), ok: 'passed' },
  { method: 'GET', route: '/api/housing', perm: 'register.read' },
  { method: 'GET', route: '/api/housing/export.xlsx', perm: 'register.read' },
  { method: 'GET', route: '/api/housing/:id', perm: 'register.read', url: () => `/api/housing/${NO_PERSON}`, ok: 404 },
  { method: 'PATCH', route: '/api/housing/:id', perm: 'register.write', url: () => `/api/housing/${NO_PERSON}`, body: () => ({}), ok: 404 },
  { method: 'GET', route: '/api/housing/:id/history', perm: 'register.read', url: () => `/api/housing/${NO_PERSON}/history`, ok: 404 },
  { method: 'POST', route: '/api/establishments', perm: 'register.write', body: () => ({}), ok: 'passed' },
  { method: 'GET', route: '/api/establishments', perm: 'register.read' },
  { method: 'GET', route: '/api/establishments/export.xlsx', perm: 'register.read' },
  { method: 'POST', route: '/api/establishments/export.xlsx', perm: 'personal.unmask', body: () => ({ reason: '矩阵测试导出' }) },
  { method: 'GET', route: '/api/establishments/:id', perm: 'register.read', url: () => `/api/establishments/${NO_PERSON}`, ok: 404 },
  { method: 'PATCH', route: '/api/establishments/:id', perm: 'register.write', url: () => `/api/establishments/${NO_PERSON}`, body: () => ({}), ok: 404 },
  { method: 'GET', route: '/api/establishments/:id/history', perm: 'register.read', url: () => `/api/establishments/${NO_PERSON}/history`, ok: 404 },
  { method: 'POST', route: '/api/establishments/:id/unmask', perm: 'personal.unmask', url: () => `/api/establishments/${NO_PERSON}/unmask`, body: () => ({ reason: '矩阵测试' }), ok: 404 },
  { method: 'GET', route: '/api/registers/stats', perm: 'register.read' },
  { method: 'GET', route: '/api/keyperson-categories', perm: ['keyperson.read', 'keyperson.config'] },
  { method: 'PUT', route: '/api/keyperson-categories/:code', perm: 'keyperson.config', url: () => '/api/keyperson-categories/nosuch', body: () => ({}), ok: 404 },
  { method: 'POST', route: '/api/keypersons', perm: 'keyperson.write', body: () => ({}), ok: 'passed' },
  { method: 'GET', route: '/api/keypersons', perm: 'keyperson.read' },
  { method: 'GET', route: '/api/keypersons/ledger.xlsx', perm: 'keyperson.read' },
  { method: 'POST', route: '/api/keypersons/ledger.xlsx', perm: 'keyperson.unmask', body: () => ({ reason: '矩阵测试导出' }) },
  { method: 'GET', route: '/api/keypersons/:id', perm: 'keyperson.read', url: () => `/api/keypersons/${NO_PERSON}`, ok: 404 },
  { method: 'PATCH', route: '/api/keypersons/:id', perm: 'keyperson.write', url: () => `/api/keypersons/${NO_PERSON}`, body: () => ({}), ok: 404 },
  { method: 'POST', route: '/api/keypersons/:id/visits', perm: 'keyperson.write', url: () => `/api/keypersons/${NO_PERSON}/visits`, body: () => ({ findings: '矩阵测试' }), ok: 404 },
  { method: 'POST', route: '/api/keypersons/:id/photos', perm: 'keyperson.write', url: () => `/api/keypersons/${NO_PERSON}/photos`, ok: 404 },
  { method: 'GET', route: '/api/keypersons/:id/photos/:name', perm: 'keyperson.read', url: () => `/api/keypersons/${NO_PERSON}/photos/x.jpg`, ok: 404 },
  { method: 'GET', route: '/api/keypersons/:id/history', perm: 'keyperson.read', url: () => `/api/keypersons/${NO_PERSON}/history`, ok: 404 },
  { method: 'POST', route: '/api/keypersons/:id/unmask', perm: 'keyperson.unmask', url: () => `/api/keypersons/${NO_PERSON}/unmask`, body: () => ({ reason: '矩阵测试' }), ok: 404 },
  { method: 'GET', route: '/api/stats/overview', perm: 'stats.view' },
  { method: 'GET', route: '/api/stats/breakdown', perm: 'stats.view', url: () => '/api/stats/breakdown?by=category' },
  { method: 'GET', route: '/api/stats/series', perm: 'stats.view', url: () => '/api/stats/series?period=month' },
  { method: 'GET', route: '/api/stats/report.xlsx', perm: 'stats.view', url: () => '/api/stats/report.xlsx?period=2026-11' },
  { method: 'GET', route: '/api/stats/report.pdf', perm: 'stats.view', url: () => '/api/stats/report.pdf?period=2026-Q4' },
  { method: 'GET', route: '/api/cases', perm: 'case.read' },
  { method: 'GET', route: '/api/cases/workbench', perm: 'case.read' },
  { method: 'GET', route: '/api/cases/export.xlsx', perm: 'case.read' },
  { method: 'GET', route: '/api/public/places', perm: 'public' },
  { method: 'GET', route: '/api/settings/case-landing', perm: 'case.read' },
  { method: 'PUT', route: '/api/settings/case-landing', perm: 'region.manage', body: () => ({ police: 'town' }) },
  { method: 'GET', route: '/api/cases/:id', perm: 'case.read', url: () => `/api/cases/${NO_PERSON}`, ok: 404 },
  { method: 'GET', route: '/api/cases/:id/duplicates', perm: 'case.read', url: () => `/api/cases/${NO_PERSON}/duplicates`, ok: 404 },
  { method: 'GET', route: '/api/cases/:id/assignees', perm: 'case.act', url: () => `/api/cases/${NO_PERSON}/assignees`, ok: 404 },
  { method: 'POST', route: '/api/cases', perm: 'case.create', body: () => ({}), ok: 'passed' },
  { method: 'POST', route: '/api/cases/:id/actions', perm: 'case.act', url: () => `/api/cases/${NO_PERSON}/actions`, body: () => ({ action: 'file', version: 1 }), ok: 404 },
  { method: 'GET', route: '/api/cases/:id/attachments', perm: 'case.read', url: () => `/api/cases/${NO_PERSON}/attachments`, ok: 404 },
  { method: 'POST', route: '/api/cases/:id/attachments', perm: 'case.read', url: () => `/api/cases/${NO_PERSON}/attachments`, ok: 404 },
  { method: 'GET', route: '/api/cases/:id/attachments/:attachmentId', perm: 'case.read', url: () => `/api/cases/${NO_PERSON}/attachments/1`, ok: 404 },
  { method: 'POST', route: '/api/public/cases/:trackingCode/attachments', perm: 'public', url: () => '/api/public/cases/NOSUCHCODE/attachments', ok: 400 },
  { method: 'GET', route: '/api/cases/:id/:doc', perm: 'case.read', url: () => `/api/cases/${NO_PERSON}/receipt.pdf`, ok: 404 },
  { method: 'GET', route: '/api/campaigns', perm: 'case.read' },
  { method: 'GET', route: '/api/campaigns/template.xlsx', perm: 'case.create' },
  { method: 'GET', route: '/api/campaigns/:id', perm: 'case.read', url: () => `/api/campaigns/${NO_PERSON}`, ok: 404 },
  { method: 'POST', route: '/api/campaigns/import', perm: 'case.create', url: () => '/api/campaigns/import?name=matrix', ok: 415 },
  { method: 'GET', route: '/api/inbox', perm: 'authenticated' },
  { method: 'POST', route: '/api/inbox/:id/read', perm: 'authenticated', url: () => `/api/inbox/${NO_PERSON}/read`, ok: 404 },
  { method: 'GET', route: '/api/calendar/:year', perm: 'authenticated', url: () => '/api/calendar/2026' },
  { method: 'PUT', route: '/api/calendar/:year', perm: 'region.manage', url: () => '/api/calendar/2031', body: () => ({ holidays: ['2031-01-01'], workdays: [] }) },
  { method: 'GET', route: '/api/deadline-rules', perm: 'authenticated' },
  { method: 'GET', route: '/api/supervision/board', perm: 'supervision.board' },
  { method: 'GET', route: '/api/sms-outbox', perm: 'sms.read' },
  { method: 'PUT', route: '/api/deadline-rules/:id', perm: 'region.manage', url: () => `/api/deadline-rules/${NO_PERSON}`, body: () => ({ amount: 5, unit: 'working_days' }), ok: 404 },
  { method: 'GET', route: '/api/patrol-checklists', perm: 'authenticated' },
  { method: 'POST', route: '/api/patrol-checklists', perm: 'patrol.checklist.manage', body: () => ({}), ok: 400 },
  { method: 'PUT', route: '/api/patrol-checklists/:id', perm: 'patrol.checklist.manage', url: () => `/api/patrol-checklists/${NO_PERSON}`, body: () => ({ name: 'x', items: [{ text: 'y' }], version: 1 }), ok: 404 },
  { method: 'POST', route: '/api/patrols', perm: 'patrol.log', body: () => ({}), ok: 400 },
  { method: 'GET', route: '/api/patrols', perm: 'patrol.read' },
  { method: 'GET', route: '/api/patrols/daily', perm: 'patrol.supervise' },
  { method: 'GET', route: '/api/patrols/context', perm: 'patrol.log' },
  { method: 'GET', route: '/api/patrols/:id', perm: 'patrol.read', url: () => `/api/patrols/${NO_PERSON}`, ok: 404 },
  { method: 'POST', route: '/api/patrols/:id/route', perm: 'patrol.read', url: () => `/api/patrols/${NO_PERSON}/route`, body: () => ({}), ok: 404 },
  { method: 'POST', route: '/api/patrols/:id/photos', perm: 'patrol.log', url: () => `/api/patrols/${NO_PERSON}/photos`, ok: 415 },
  { method: 'GET', route: '/api/patrols/:id/photos/:photoId', perm: 'patrol.read', url: () => `/api/patrols/${NO_PERSON}/photos/1`, ok: 404 },
  { method: 'POST', route: '/api/patrols/:id/findings/:findingId/case', perm: 'case.create', url: () => `/api/patrols/${NO_PERSON}/findings/1/case`, body: () => ({ applicantPhone: '13800000000' }), ok: 404 },
  { method: 'GET', route: '/api/warnings', perm: 'warning.read' },
  { method: 'GET', route: '/api/warnings/count', perm: 'warning.read' },
  { method: 'GET', route: '/api/warnings/:id', perm: 'warning.read', url: () => `/api/warnings/${NO_PERSON}`, ok: 404 },
  { method: 'POST', route: '/api/warnings/:id/acknowledge', perm: 'warning.handle', url: () => `/api/warnings/${NO_PERSON}/acknowledge`, body: () => ({}), ok: 404 },
  { method: 'POST', route: '/api/warnings/:id/close', perm: 'warning.handle', url: () => `/api/warnings/${NO_PERSON}/close`, body: () => ({ note: 'matrix' }), ok: 404 },
  { method: 'GET', route: '/api/warning-rules', perm: 'authenticated' },
  { method: 'PUT', route: '/api/warning-rules/:rule', perm: 'warning.configure', url: () => '/api/warning-rules/petition_deadline', body: () => ({ params: { withinDays: 3 } }) },
  { method: 'GET', route: '/api/live/events', perm: 'case.read', url: () => '/api/live/events?max=0' },
  { method: 'GET', route: '/api/imports/registers', perm: 'import.run' },
  { method: 'GET', route: '/api/imports/:register/template.xlsx', perm: 'import.run', url: () => '/api/imports/people/template.xlsx' },
  { method: 'POST', route: '/api/imports/:register', perm: 'import.run', url: () => '/api/imports/people', ok: 415 },
  { method: 'GET', route: '/api/imports', perm: 'import.run' },
  { method: 'GET', route: '/api/imports/jobs/:id', perm: 'import.run', url: () => `/api/imports/jobs/${NO_PERSON}`, ok: 404 },
  { method: 'POST', route: '/api/imports/jobs/:id/commit', perm: 'import.run', url: () => `/api/imports/jobs/${NO_PERSON}/commit`, ok: 404 },
  { method: 'GET', route: '/api/evaluation', perm: 'evaluation.read' },
  { method: 'GET', route: '/api/evaluation/weights', perm: 'authenticated' },
  { method: 'PUT', route: '/api/evaluation/weights', perm: 'evaluation.configure', body: () => ({ onTimeClosureRate: 30, satisfactionRate: 25, reworkRate: 15, townRetentionRate: 15, supervisionOnTime: 15 }) },
  { method: 'POST', route: '/api/public/cases', perm: 'public', body: () => ({}), ok: 400 },
  { method: 'POST', route: '/api/public/track', perm: 'public', body: () => ({}), ok: 400 },
  { method: 'POST', route: '/api/public/rate', perm: 'public', body: () => ({}), ok: 400 },
];

const key = (method: string, route: string) => `${method.toUpperCase()} ${route}`;

function allowed(role: Role, perm: string | string[]) {
  const mine: string[] = permissionsOf(role);
  if (perm === 'public' || perm === 'authenticated') return true;
  return Array.isArray(perm) ? perm.some((p) => mine.includes(p)) : mine.includes(perm);
}

let t: TestApp;
const sessions = new Map<string, { cookie: string; role: Role; ctx: Ctx }>();

beforeAll(async () => {
  t = await testApp();
  const admin = await signIn(t, 'admin');
  const targetId = await createAccount(t, admin, { username: 'matrix-target', homeRegionCode: '150826' });
  for (const account of ACCOUNTS) {
    const cookie = await signIn(t, account);
    const user = (await call(t, { url: '/api/auth/me', as: cookie })).json().user;
    const units = await call(t, { url: '/api/units', as: cookie });
    const unitId = units.statusCode === 200 ? units.json()[0].id : 1;
    sessions.set(account, { cookie, role: user.role, ctx: { account, roleId: user.roleId, unitId, targetId } });
  }
});
afterAll(() => t.close());

describe('the table is the app', () => {
  it('every route in the OpenAPI document has a matrix row', async () => {
    const doc = (await call(t, { url: '/api/openapi.json' })).json();
    const inApp = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => key(m, path.replace(/\{(\w+)\}/g, ':$1'))),
    );
    expect(inApp.length).toBeGreaterThan(30);
    const rows = new Set(ROWS.map((r) => key(r.method, r.route)));
    expect(inApp.filter((k) => !rows.has(k)), 'routes without a matrix row').toEqual([]);
    expect(new Set(ROWS.map((r) => key(r.method, r.route))).size).toBe(ROWS.length);
  });

  it('the demo accounts cover every role', () => {
    expect(new Set([...sessions.values()].map((s) => s.role)).size).toBe(13);
  });
});

describe('role × route', () => {
  // a 401 also shows the row is a route: a path with no route answers 404 whoever asks
  it('without a session: 401 on every non-public route, whatever the body', async () => {
    for (const r of ROWS) {
      const res = await call(t, { method: r.method, url: r.url?.(sessions.get('admin')!.ctx) ?? r.route, body: r.body ? {} : undefined });
      if (r.perm === 'public') expect([401, 403, 404], key(r.method, r.route)).not.toContain(res.statusCode);
      else {
        expect(res.statusCode, key(r.method, r.route)).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it.each(ACCOUNTS)('%s gets what its role allows, and 403 naming the permission otherwise', async (account) => {
    const { cookie, role, ctx } = sessions.get(account)!;
    const got: string[] = [];
    const want: string[] = [];
    for (const r of ROWS.filter((x) => !x.anonymousOnly)) {
      const res = await call(t, { method: r.method, url: r.url?.(ctx) ?? r.route, as: cookie, body: r.body?.(ctx) });
      const k = key(r.method, r.route);
      if (allowed(role, r.perm)) {
        const ok = r.ok ?? 200;
        want.push(`${k} → ${ok === 'passed' ? 'passed' : ok}`);
        got.push(`${k} → ${ok === 'passed' && ![401, 403].includes(res.statusCode) && res.statusCode < 500 ? 'passed' : res.statusCode}`);
      } else {
        want.push(`${k} → 403`);
        got.push(`${k} → ${res.statusCode}`);
        if (res.statusCode === 403 && typeof r.perm === 'string') expect(res.json().details?.permission, k).toBe(r.perm);
      }
    }
    expect(got).toEqual(want);
  });
});

describe('the three administrator roles', () => {
  it('hold no operational permission and never see personal or case data', async () => {
    for (const account of ['admin', 'secadmin', 'auditor']) {
      const { cookie, role } = sessions.get(account)!;
      expect(ADMIN_ROLES).toContain(role);
      const perms: string[] = permissionsOf(role);
      for (const p of ['person.read', 'person.write', 'personal.unmask', 'device.enroll']) expect(perms, `${role} ${p}`).not.toContain(p);
      expect((await call(t, { url: '/api/people', as: cookie })).statusCode, account).toBe(403);
    }
    const auditor = sessions.get('auditor')!.cookie;
    for (const url of ['/api/users', '/api/regions/tree', '/api/units', '/api/security/policy'])
      expect((await call(t, { url, as: auditor })).statusCode, url).toBe(403);
    expect(permissionsOf('auditor' as Role).sort()).toEqual((['audit.read', 'auth.self'] as Permission[]).sort());
  });

  it('each holds exactly one of user administration, security policy and audit', () => {
    const only = (p: Permission) => ADMIN_ROLES.filter((r) => permissionsOf(r).includes(p));
    expect(only('user.manage')).toEqual(['sys_admin']);
    expect(only('policy.manage')).toEqual(['sec_admin']);
    expect(only('role.grant_admin')).toEqual(['sec_admin']);
    expect(only('audit.read')).toEqual(['auditor']);
  });
});

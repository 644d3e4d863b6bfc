// Helpers for the identity, access and audit tests: requests with a session cookie or a device token,
// logins from distinct client addresses (the per-address login limiter counts on the frozen test clock),
// and reading the audit log as the auditor.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import type { TestApp } from './helpers.js';

export { DEMO_PASSWORD };

let nextAddress = 0;
/** A client address no other login in this process used. */
export const freshIp = () => {
  nextAddress++;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
};

export interface Call {
  method?: InjectOptions['method'];
  url: string;
  /** a `fq_session=…` cookie header, or a device token `fqd_…` */
  as?: string;
  body?: unknown;
  ip?: string;
}

export function call(t: TestApp, c: Call): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (c.as?.startsWith('fqd_')) headers.authorization = `Bearer ${c.as}`;
  else if (c.as) headers.cookie = c.as;
  return t.app.inject({
    method: c.method ?? 'GET',
    url: c.url,
    headers,
    ...(c.body === undefined ? {} : { payload: c.body as InjectOptions['payload'] }),
    remoteAddress: c.ip ?? freshIp(),
  });
}

/** POST /api/auth/login; the response and the cookie header (when it succeeded). */
export async function tryLogin(t: TestApp, username: string, o: { password?: string; otp?: string; ip?: string } = {}) {
  const res = await call(t, {
    method: 'POST',
    url: '/api/auth/login',
    body: { username, password: o.password ?? DEMO_PASSWORD, ...(o.otp ? { otp: o.otp } : {}) },
    ip: o.ip,
  });
  const c = res.cookies.find((x) => x.name === 'fq_session');
  return { res, cookie: res.statusCode === 200 && c ? `fq_session=${c.value}` : undefined };
}

/** Log in or fail the test. */
export async function signIn(t: TestApp, username: string, password = DEMO_PASSWORD) {
  const { res, cookie } = await tryLogin(t, username, { password });
  if (!cookie) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return cookie;
}

export interface AuditItem {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  role: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
  seq: number | null;
}

/** GET /api/audit as the auditor (newest first). */
export async function auditLog(t: TestApp, auditorCookie: string, query: Record<string, string | number> = {}): Promise<AuditItem[]> {
  const qs = new URLSearchParams(Object.entries({ limit: 500, ...query }).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await call(t, { url: `/api/audit?${qs}`, as: auditorCookie });
  if (res.statusCode !== 200) throw new Error(`audit ${res.statusCode} ${res.body}`);
  return res.json().items;
}

/** The id of a demo account, as a sys_admin of the county sees it. */
export async function userId(t: TestApp, adminCookie: string, username: string): Promise<number> {
  const res = await call(t, { url: `/api/users?q=${encodeURIComponent(username)}&limit=200`, as: adminCookie });
  const u = (res.json().items as { id: number; username: string }[]).find((x) => x.username === username);
  if (!u) throw new Error(`no account ${username}: ${res.statusCode} ${res.body}`);
  return u.id;
}

/** sys_admin creates an account; it must change its password at first login. */
export async function createAccount(
  t: TestApp,
  adminCookie: string,
  a: { username: string; homeRegionCode: string; roles?: { role: string; regionCode?: string; unitId?: number }[]; password?: string },
) {
  const res = await call(t, {
    method: 'POST',
    url: '/api/users',
    as: adminCookie,
    body: { displayName: a.username, password: a.password ?? 'Start#Pass-731', roles: [], ...a },
  });
  if (res.statusCode !== 201) throw new Error(`create ${a.username}: ${res.statusCode} ${res.body}`);
  return res.json().id as number;
}

/** First login of an account created by an administrator: log in, change the password, return the cookie. */
export async function firstLogin(t: TestApp, username: string, initial = 'Start#Pass-731', next = 'Own#Secret-2047') {
  const cookie = await signIn(t, username, initial);
  const res = await call(t, { method: 'POST', url: '/api/auth/password', as: cookie, body: { currentPassword: initial, newPassword: next } });
  if (res.statusCode !== 204) throw new Error(`password change ${username}: ${res.statusCode} ${res.body}`);
  return cookie;
}

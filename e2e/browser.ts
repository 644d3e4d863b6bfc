// Chromium through playwright-core, using the system browser (no downloads, no network).
import { chromium, request, type APIRequestContext, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DEMO_PASSWORD = 'Fq@demo2026';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launch(viewport = { width: 1366, height: 860 }): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'fq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.FQ_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in through the API; the session cookie lands in the page's browser context. */
export async function loginViaApi(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  const res = await page.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`login as ${username} failed: ${res.status()} ${await res.text()}`);
}

/** An API client logged in as `username` with its own cookie jar; kept in `keep` so the file can dispose of it. */
export async function apiAs(baseUrl: string, username: string, keep: APIRequestContext[]) {
  const ctx = await request.newContext({ baseURL: baseUrl });
  keep.push(ctx);
  const res = await ctx.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`login as ${username}: ${res.status()} ${await res.text()}`);
  const call = async <T>(method: 'GET' | 'POST', url: string, data?: object): Promise<T> => {
    const r = await ctx.fetch(url, { method, data });
    if (!r.ok()) throw new Error(`${method} ${url} as ${username}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  /** a case action at the case's current version */
  const act = async (id: number, body: object) => {
    const c = await call<{ version: number }>('GET', `/api/cases/${id}`);
    return call<{ status: string; caseNumber: string }>('POST', `/api/cases/${id}/actions`, { version: c.version, ...body });
  };
  return { call, act };
}

export async function screenshot(page: Page, name: string, fullPage = false) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Collects page errors and failed API calls, so a test can show what went wrong in the browser. */
export function watch(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // HTTP errors the app expects (401 before login, 4xx it shows to the user) are not problems
    // antd's virtual list warns when a scroll lands mid-render on a slow machine: harmless, not the app's fault
    const benign = m.text().startsWith('Failed to load resource') || m.text().includes('`scrollTo` with `rc-virtual-list` reach the max limitation');
    if (m.type() === 'error' && !benign) problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** No spinner left and no finite animation running (a spinner off screen spins forever): ready for a screenshot. */
export async function settled(page: Page, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while ((await page.locator('.ant-spin-spinning').count()) > 0) {
    if (Date.now() > deadline) throw new Error('a spinner is still spinning');
    await page.waitForTimeout(100);
  }
  await page.waitForFunction('document.getAnimations().every((a) => a.effect && a.effect.getComputedTiming().iterations === Infinity)', undefined, { timeout });
}

// 指挥大屏 in Chromium: the leader opens the dashboard, a case is filed through the API, and the latest
// events and the headline count update from the live stream without reloading; drill-down from the county
// to a town on the map. Screenshots: test-results/screenshots/dashboard-*.png (1920×1080 and a laptop).
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { request, type APIRequestContext } from 'playwright-core';
import { DEMO_PASSWORD, launch, loginViaApi, screenshot, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 20_000 };
let browser: Browser;
let api: APIRequestContext;

beforeAll(async () => {
  browser = await launch({ width: 1920, height: 1080 });
  api = await request.newContext({ baseURL: baseUrl });
  const res = await api.post('/api/auth/login', { data: { username: 'dispatcher', password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
});
afterAll(async () => {
  await api?.dispose();
  await browser?.close();
});

const count = async (text: string | null) => (text && /^[\d,]+$/.test(text.trim()) ? Number(text.replace(/,/g, '')) : null);

test('the dashboard hears a new case live, drills down, and fits 1920×1080 and a laptop', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'leader');
  await page.goto(`${baseUrl}/dashboard`);
  await page.getByTestId('dashboard').waitFor(WAIT);
  await page.locator('[data-testid="dash-live"][data-live="on"]').waitFor(WAIT);
  await page.locator('[data-testid="dash-map"] path[data-code="150826100"]').waitFor(WAIT);
  const received = page.getByTestId('dash-received');
  await page.waitForFunction(`document.querySelector('[data-testid="dash-received"]')?.textContent !== '—'`, undefined, WAIT).catch(() => null);
  const before = await count(await received.textContent());

  const title = `大屏实时测试${Date.now() % 100000}`;
  const filed = await api.post('/api/cases', {
    data: { title, description: '邻居装修噪音扰民', category: 'dispute', disputeType: '02', channel: 'window', regionCode: '150826100001001001', applicant: { name: '孙红', phone: '13904786666' } },
  });
  expect(filed.status()).toBe(201);
  await page.getByTestId('dash-recent').getByText(title).waitFor(WAIT);
  if (before !== null) {
    await page.waitForFunction(`document.querySelector('[data-testid="dash-received"]')?.textContent?.replace(/,/g, '') === '${before + 1}'`, undefined, WAIT);
  }
  await screenshot(page, 'dashboard-1920.png');

  // drill down: county → 陕坝镇 → 西环社区
  await page.locator('[data-testid="dash-map"] path[data-code="150826100"]').click();
  await page.getByTestId('dash-trail-150826100').waitFor(WAIT);
  await page.locator('[data-testid="dash-map"] path[data-code="150826100001"]').click();
  await page.getByTestId('dash-trail-150826100001').waitFor(WAIT);
  // the new case's grid is shaded once the village's figures arrive
  if (before !== null) await page.waitForFunction(`Number(document.querySelector('[data-testid="dash-map"] path[data-code="150826100001001"]')?.getAttribute('data-open')) >= 1`, undefined, WAIT);
  await page.getByTestId('dash-recent').getByText(title).waitFor(WAIT);
  await page.getByTestId('dash-trail-150826').click();
  await page.locator('[data-testid="dash-map"] path[data-code="150826100"]').waitFor(WAIT);
  await page.getByTestId('dash-ranking').getByText('陕坝镇').waitFor(WAIT);

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('dash-recent').getByText(title).waitFor(WAIT);
  await screenshot(page, 'dashboard-laptop.png');
  expect(problems).toEqual([]);
});

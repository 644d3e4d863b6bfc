// 统计分析 in Chromium: a case is reported through the API at the county window for 东环社区; the leader opens
// 统计分析, sees the headline figures with their fractions, drills down from the county to 陕坝镇 by clicking its
// row (东环社区 appears below it), goes back up, and downloads the month's Excel and PDF reports.
// Screenshots: test-results/screenshots/stats-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { request } from 'playwright-core';
import { DEMO_PASSWORD, launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 20_000 };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('the leader reads the figures, drills down by region and exports the report', async () => {
  const api = await request.newContext({ baseURL: baseUrl });
  expect((await api.post('/api/auth/login', { data: { username: 'dispatcher', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const created = await api.post('/api/cases', {
    data: { title: '统计页面测试纠纷', description: '邻里因停车位发生争执。', category: 'dispute', disputeType: '02', channel: 'window', regionCode: '150826100002', applicant: { name: '钱多多', phone } },
  });
  expect(created.status(), await created.text()).toBe(201);
  await api.dispose();

  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'leader');
  await page.goto(`${baseUrl}/stats`);
  await page.getByTestId('stats-table').waitFor(WAIT);
  await settled(page);
  // a rate shows as "xx.x% (n/d)" or "—" with its fraction
  await expect.poll(() => page.getByTestId('stats-closureRate').innerText(), WAIT).toMatch(/(\d+\.\d%|—)\s*\(\d+\/\d+\)/);
  await expect.poll(() => page.getByTestId('stats-table').innerText(), WAIT).toContain('陕坝镇');
  await page.getByTestId('stats-trend').locator('canvas').first().waitFor(WAIT);
  await screenshot(page, 'stats-county.png', true);

  await page.getByTestId('stats-table').getByText('陕坝镇', { exact: true }).click();
  await expect.poll(() => page.getByTestId('stats-table').innerText(), WAIT).toContain('东环社区');
  await expect.poll(() => page.locator('h4').first().innerText(), WAIT).toContain('陕坝镇');
  await screenshot(page, 'stats-town.png', true);
  await page.getByTestId('stats-up').click();
  await expect.poll(() => page.locator('h4').first().innerText(), WAIT).toContain('杭锦后旗');

  // the export buttons point at the report of the shown month, which downloads as Excel and PDF
  for (const [id, type] of [['stats-xlsx', 'spreadsheetml'], ['stats-pdf', 'application/pdf']] as const) {
    const href = await page.getByTestId(id).getAttribute('href');
    expect(href).toMatch(/\/api\/stats\/report\.(xlsx|pdf)\?.*period=\d{4}-\d{2}/);
    const res = await page.request.get(`${baseUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain(type);
  }
  expect(problems).toEqual([]);
  await page.close();
}, 120_000);

// The grid worker's phone app at phone size: 走访 lists the key persons of their grid (kept for offline use);
// a visit logged with the network off waits on the phone (待同步), and when the network returns it arrives
// exactly once (the key person has one new visit; a second sync sends nothing more).
// Screenshots: test-results/screenshots/visits-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
let browser: Browser;

beforeAll(async () => {
  browser = await launch({ width: 390, height: 844 });
});
afterAll(async () => {
  await browser?.close();
});

interface Detail { personName: string; visits: { findings: string }[] }
const detail = async (page: Page, id: number) => (await (await page.request.get(`${baseUrl}/api/keypersons/${id}`)).json()) as Detail;

test('a grid worker logs a key-person visit offline on a phone and it arrives once', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'grid');
  const list = (await (await page.request.get(`${baseUrl}/api/keypersons?limit=200`)).json()) as { items: { id: number; personName: string }[] };
  expect(list.items.length).toBeGreaterThan(0);
  const kp = list.items[0];
  const before = (await detail(page, kp.id)).visits.length;

  await page.goto(`${baseUrl}/m`);
  await page.getByRole('button', { name: '在本机启用离线登录' }).click();
  await page.getByRole('button', { name: '开始巡查' }).waitFor(WAIT);
  await page.getByRole('button', { name: '走访', exact: true }).click();
  await page.getByTestId('keyperson-item').first().waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'visits-list.png');
  await page.getByTestId(`visit-${kp.id}`).click();
  const today = await page.getByLabel('走访日期').inputValue();
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // offline: the visit waits on the phone
  await browser.context.setOffline(true);
  await page.getByTestId('sync-indicator').getByText('离线').waitFor(WAIT);
  const run = String(Date.now()).slice(-6);
  const findings = `离线走访，本人在家，情况稳定 ${run}`;
  await page.getByLabel('走访情况').fill(findings);
  await page.getByRole('button', { name: '保存走访' }).click();
  await page.getByTestId('pending-item').first().waitFor(WAIT);
  expect(await page.getByTestId('pending-item').count()).toBe(1);
  await expect.poll(() => page.getByTestId('sync-indicator').locator('.ant-badge').textContent(), WAIT).toContain('1');
  await settled(page);
  await screenshot(page, 'visits-offline-waiting.png');

  // the list is still there offline (cached)
  await page.getByRole('button', { name: '走访', exact: true }).click();
  await page.getByTestId('keyperson-item').first().waitFor(WAIT);
  await page.getByRole('button', { name: '首页', exact: true }).click();
  expect((await detail(page, kp.id)).visits.length).toBe(before);

  // back online: sent once
  await browser.context.setOffline(false);
  await page.getByTestId('pending-item').first().waitFor({ state: 'detached', ...WAIT });
  await expect.poll(async () => (await detail(page, kp.id)).visits.length, WAIT).toBe(before + 1);
  await page.getByRole('button', { name: '我的', exact: true }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByTestId('sent-item').first().waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'visits-synced.png');
  const after = await detail(page, kp.id);
  expect(after.visits).toHaveLength(before + 1);
  expect(after.visits.filter((v) => v.findings === findings)).toHaveLength(1);
  expect(problems).toEqual([]);
}, 180_000);

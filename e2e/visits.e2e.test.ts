// The grid worker's phone app at phone size: 走访 lists the key persons of their grid (kept for offline use);
// a visit logged with the network off waits on the phone (待同步), and when the network returns it arrives
// exactly once (the key person has one new visit; a second sync sends nothing more). Its photo (拍照) waits
// with it; the first upload's answer is lost on the way back, the phone sends it again with the same
// Idempotency-Key, and the server keeps the photo once.
// Screenshots: test-results/screenshots/visits-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { APIRequestContext, Page, Route } from 'playwright-core';
import { apiAs, launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
let browser: Browser;
const keep: APIRequestContext[] = [];

beforeAll(async () => {
  browser = await launch({ width: 390, height: 844 });
});
afterAll(async () => {
  await Promise.all(keep.map((k) => k.dispose()));
  await browser?.close();
});

interface Detail { personName: string; visits: { findings: string; photos: string[] }[] }
const detail = async (page: Page, id: number) => (await (await page.request.get(`${baseUrl}/api/keypersons/${id}`)).json()) as Detail;

test('a grid worker logs a key-person visit offline on a phone and it arrives once', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'grid');
  const list = (await (await page.request.get(`${baseUrl}/api/keypersons?limit=200`)).json()) as { items: { id: number; personName: string; dueState: string }[] };
  expect(list.items.length).toBeGreaterThan(0);
  const kp = list.items[0];
  const before = (await detail(page, kp.id)).visits.length;

  await page.goto(`${baseUrl}/m`);
  await page.getByRole('button', { name: '在本机启用离线登录' }).click();
  await page.getByRole('button', { name: '开始巡查' }).waitFor(WAIT);
  // 首页 names the visits due or overdue, as many as the server counts
  const due = list.items.filter((k) => ['red', 'yellow', 'soon'].includes(k.dueState)).length;
  await page.getByTestId('home-visits').getByText(`待走访 ${due} 人`).waitFor(WAIT);
  expect(await page.getByTestId('home-visit').count()).toBe(Math.min(5, due));
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
  await page.getByTestId('visit-photo').setInputFiles({ name: '走访现场.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('visit-photo-item').waitFor(WAIT);
  await page.getByTestId('visit-photo').setInputFiles({ name: '多拍的.png', mimeType: 'image/png', buffer: PNG });
  await expect.poll(() => page.getByTestId('visit-photo-item').count(), WAIT).toBe(2);
  await settled(page);
  await screenshot(page, 'visits-photos.png');
  await page.getByRole('button', { name: '删除 多拍的.png' }).click();
  await expect.poll(() => page.getByTestId('visit-photo-item').count(), WAIT).toBe(1);
  await page.getByRole('button', { name: '保存走访' }).click();
  await page.getByTestId('pending-item').first().waitFor(WAIT);
  expect(await page.getByTestId('pending-item').count()).toBe(1);
  await page.getByTestId('pending-photos').getByText('照片 1 张待传').waitFor(WAIT);
  await expect.poll(() => page.getByTestId('sync-indicator').locator('.ant-badge').textContent(), WAIT).toContain('1');
  await settled(page);
  await screenshot(page, 'visits-offline-waiting.png');

  // the list is still there offline (cached)
  await page.getByRole('button', { name: '走访', exact: true }).click();
  await page.getByTestId('keyperson-item').first().waitFor(WAIT);
  await page.getByRole('button', { name: '首页', exact: true }).click();
  expect((await detail(page, kp.id)).visits.length).toBe(before);

  // back online: the photo's first answer is lost on the way back (the server stored it), so the phone
  // stops and keeps the visit; the next sync sends the photo again under the same key, then the visit
  let lost = 0;
  const photos: string[] = [];
  await page.route('**/api/keypersons/*/photos', async (route: Route) => {
    photos.push(route.request().headers()['idempotency-key'] ?? '');
    if (lost > 0) return route.continue();
    const res = await route.fetch();
    expect(res.status()).toBe(201);
    lost++;
    await route.abort('connectionreset');
  });
  await browser.context.setOffline(false);
  await expect.poll(() => lost, WAIT).toBe(1);
  await page.getByTestId('sync-indicator').getByText('在线').waitFor(WAIT);
  expect((await detail(page, kp.id)).visits.length).toBe(before);
  expect(await page.getByTestId('pending-item').count()).toBe(1);
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByTestId('pending-item').first().waitFor({ state: 'detached', ...WAIT });
  expect(photos.length).toBe(2);
  expect(photos[1]).toBe(photos[0]);
  expect(photos[0]).toMatch(/^m-.+-p0$/);
  await expect.poll(async () => (await detail(page, kp.id)).visits.length, WAIT).toBe(before + 1);
  await page.getByRole('button', { name: '我的', exact: true }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByTestId('sent-item').first().waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'visits-synced.png');
  const after = await detail(page, kp.id);
  expect(after.visits).toHaveLength(before + 1);
  const mine = after.visits.filter((v) => v.findings === findings);
  expect(mine).toHaveLength(1);
  // the photo is named by the visit, readable, and was stored once (one upload in the audit log)
  expect(mine[0].photos).toHaveLength(1);
  const img = await page.request.get(`${baseUrl}/api/keypersons/${kp.id}/photos/${mine[0].photos[0]}`);
  expect(img.status()).toBe(200);
  expect(Buffer.compare(await img.body(), PNG)).toBe(0);
  const auditor = await apiAs(baseUrl, 'auditor', keep);
  const uploads = await auditor.call<{ items: { details: { photo: string } }[] }>('GET', `/api/audit?action=keyperson.photo_upload&objectId=${kp.id}`);
  expect(uploads.items.map((u) => u.details.photo)).toEqual([mine[0].photos[0]]);
  await page.unroute('**/api/keypersons/*/photos');
  // "Failed to load resource" is filtered by watch(); the lost answer is the only network error expected
  expect(problems).toEqual([]);
}, 180_000);

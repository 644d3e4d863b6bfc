// The grid worker's phone app in Chromium at phone size: enable the device sign-in, log a patrol with a
// finding, its photo and "一键转为案件"; then the same with the network off — it waits on the phone, shown as
// waiting to sync — and back on: it arrives once (a second sync sends nothing more). Then a 上报 with two
// photos made offline, whose first send hangs, with the first journey's tab still open on the same queue:
// one case, the two photos attached once each, and both tabs show the queue empty.
// Screenshots: test-results/screenshots/patrol-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 30_000 };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
let browser: Browser;

beforeAll(async () => {
  browser = await launch({ width: 390, height: 844 });
});
afterAll(async () => {
  await browser?.close();
});

interface PatrolRow { id: number; notes: string | null }
interface PatrolDetail { findings: { description: string; caseNumber: string | null; caseId: number | null }[]; photos: unknown[] }

async function patrolsWith(page: Page, note: string) {
  const list = (await (await page.request.get(`${baseUrl}/api/patrols?limit=200`)).json()) as { items: PatrolRow[] };
  return list.items.filter((p) => p.notes === note);
}

/**
 * Waits until the phone's queue is empty; if it is not, says what it still shows (an error?). Up to 60 s:
 * a request caught as the network comes back may hang until the app gives it up (20 s) and sends again.
 */
async function queueEmpties(page: Page) {
  await page.getByTestId('pending-item').first().waitFor({ state: 'detached', timeout: 60_000 }).catch(async (e: Error) => {
    throw new Error(`${e.message}\nthe queue still shows: ${JSON.stringify(await page.getByTestId('pending-item').allTextContents())}`);
  });
}

async function logPatrol(page: Page, note: string, finding: string) {
  await page.getByRole('button', { name: '巡查', exact: true }).click();
  await page.getByRole('switch', { name: '看有无环境卫生脏乱差现象' }).click();
  await page.getByLabel('巡查记录（可选）').fill(note);
  await page.getByRole('button', { name: '添加发现的问题' }).click();
  await page.getByLabel('问题描述').fill(finding);
  await page.getByTestId('finding-photo-0').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('switch', { name: '一键转为案件' }).click();
  await page.getByLabel('反映人手机号').fill('13904781234');
  await page.getByRole('button', { name: '结束巡查并保存' }).click();
}

test('a grid worker logs a patrol on a phone and turns a finding into a case, online and offline', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'grid');
  await page.goto(`${baseUrl}/m`);
  await page.getByRole('button', { name: '在本机启用离线登录' }).click();
  await page.getByRole('button', { name: '开始巡查' }).waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'patrol-home.png');

  // online: saved, sent, the finding became a grid case with its photo
  const run = String(Date.now()).slice(-6);
  const note1 = `巡查团结巷 ${run}`;
  await logPatrol(page, note1, `团结巷口垃圾堆放 ${run}`);
  await expect.poll(async () => (await patrolsWith(page, note1)).length, WAIT).toBe(1);
  const [p1] = await patrolsWith(page, note1);
  await expect.poll(async () => ((await (await page.request.get(`${baseUrl}/api/patrols/${p1.id}`)).json()) as PatrolDetail).findings[0].caseNumber, WAIT).toBeTruthy();
  const d1 = (await (await page.request.get(`${baseUrl}/api/patrols/${p1.id}`)).json()) as PatrolDetail;
  expect(d1.photos).toHaveLength(1);
  // the finding names its case when the case commits; its photos are copied to the case just after
  const files = async () => ((await (await page.request.get(`${baseUrl}/api/cases/${d1.findings[0].caseId}/attachments`)).json()) as unknown[]).length;
  await expect.poll(files, WAIT).toBe(1);
  await page.getByTestId('sync-indicator').getByText('在线').waitFor(WAIT);

  // offline: kept on the phone and shown as waiting
  await browser.context.setOffline(true);
  await page.getByTestId('sync-indicator').getByText('离线').waitFor(WAIT);
  const note2 = `离线巡查西环路 ${run}`;
  await logPatrol(page, note2, `西环路井盖缺失 ${run}`);
  await page.getByTestId('pending-item').first().waitFor(WAIT);
  expect(await page.getByTestId('pending-item').count()).toBe(1);
  await expect.poll(() => page.getByTestId('sync-indicator').locator('.ant-badge').textContent(), WAIT).toContain('1');
  await settled(page);
  await screenshot(page, 'patrol-offline-waiting.png');
  expect(await patrolsWith(page, note2)).toHaveLength(0);

  // back online: the queue is sent once
  await browser.context.setOffline(false);
  await queueEmpties(page);
  await expect.poll(async () => (await patrolsWith(page, note2)).length, WAIT).toBe(1);
  await page.getByRole('button', { name: '我的', exact: true }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByTestId('sent-item').first().waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'patrol-synced.png');
  expect(await patrolsWith(page, note2)).toHaveLength(1);
  const [p2] = await patrolsWith(page, note2);
  const d2 = (await (await page.request.get(`${baseUrl}/api/patrols/${p2.id}`)).json()) as PatrolDetail;
  expect(d2.findings[0].caseNumber).toBeTruthy();
  const cases = (await (await page.request.get(`${baseUrl}/api/cases?q=${encodeURIComponent('西环路井盖缺失')}`)).json()) as { items: { title: string }[] };
  expect(cases.items.filter((c) => c.title.includes(run))).toHaveLength(1);
  expect(problems).toEqual([]);
}, 180_000);

test('a report with photos made offline on the phone becomes one case with each photo attached once', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'grid');
  await page.goto(`${baseUrl}/m`);
  // the device sign-in is kept on this browser profile if an earlier journey enabled it
  const enroll = page.getByRole('button', { name: '在本机启用离线登录' });
  const home = page.getByRole('button', { name: '开始巡查' });
  await enroll.or(home).first().waitFor(WAIT);
  if (await enroll.isVisible()) await enroll.click();
  await home.waitFor(WAIT);

  await browser.context.setOffline(true);
  await page.getByTestId('sync-indicator').getByText('离线').waitFor(WAIT);
  await page.getByRole('button', { name: '上报', exact: true }).click();
  const run = String(Date.now()).slice(-6);
  const text = `育才小区北门路灯杆倾斜 ${run}`;
  await page.getByLabel('反映的问题（地点、情况）').fill(text);
  await page.getByTestId('report-photo').setInputFiles([
    { name: '路灯1.png', mimeType: 'image/png', buffer: PNG },
    { name: '路灯2.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await expect.poll(() => page.getByTestId('report-photo-item').count(), WAIT).toBe(2);
  await page.getByLabel('反映人手机号').fill('13904785678');
  await page.getByTestId('report-save').click();
  await page.getByTestId('pending-item').first().waitFor(WAIT);
  await page.getByTestId('pending-photos').getByText('照片 2 张待传').waitFor(WAIT);
  await expect.poll(() => page.getByTestId('sync-indicator').locator('.ant-badge').textContent(), WAIT).toContain('1');
  await settled(page);
  await screenshot(page, 'report-offline-waiting.png');

  const find = async () => ((await (await page.request.get(`${baseUrl}/api/cases?q=${encodeURIComponent(run)}`)).json()) as { items: { id: number; title: string }[] }).items.filter((c) => c.title.includes(run));
  expect(await find()).toHaveLength(0);
  // the first send after the network returns hangs without an answer (a weak signal): the app gives it up
  // after its timeout and sends again with the same Idempotency-Key
  let held = 0;
  await browser.context.route('**/api/cases', (route) => (route.request().method() === 'POST' && held++ === 0 ? undefined : route.continue()));
  await browser.context.setOffline(false);
  // the first journey's tab is still open on the same queue: one tab sends, and neither keeps showing the item
  const tabs = browser.context.pages().filter((p) => p.url().endsWith('/m'));
  expect(tabs).toHaveLength(2);
  for (const p of tabs) await queueEmpties(p);
  expect(held).toBe(2);
  await expect.poll(async () => (await find()).length, WAIT).toBe(1);
  const [c] = await find();
  const files = async () => ((await (await page.request.get(`${baseUrl}/api/cases/${c.id}/attachments`)).json()) as { filename: string }[]).map((f) => f.filename);
  await expect.poll(files, WAIT).toEqual(['路灯1.png', '路灯2.png']);
  // a second sync sends nothing more
  await page.getByRole('button', { name: '首页', exact: true }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByText('暂无').first().waitFor(WAIT);
  expect(await find()).toHaveLength(1);
  expect(await files()).toEqual(['路灯1.png', '路灯2.png']);
  expect(problems).toEqual([]);
}, 180_000);

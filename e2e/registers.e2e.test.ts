// 重点人员 on a phone: a grid worker adds a key person (a resident registered through the API), fills the
// category's own field, and logs a visit with a photo; the visit shows in the log and the next-due date moves on.
// Screenshots: test-results/screenshots/registers-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { request, type APIRequestContext } from 'playwright-core';
import { DEMO_PASSWORD, launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 20_000 };
let browser: Browser;
let api: APIRequestContext;

beforeAll(async () => {
  browser = await launch({ width: 390, height: 844 });
  api = await request.newContext({ baseURL: baseUrl });
  const res = await api.post('/api/auth/login', { data: { username: 'grid', password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`login: ${res.status()}`);
});
afterAll(async () => {
  await api?.dispose();
  await browser?.close();
});

/** A valid 18-character resident ID number (GB 11643 MOD 11-2 check character) with a random sequence. */
function residentId(): string {
  const first17 = `15082619850615${String(100 + Math.floor(Math.random() * 900))}`;
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * (2 ** (17 - i) % 11), 0);
  return first17 + '10X98765432'[sum % 11];
}

test('a grid worker adds a key person and logs a visit on a phone', async () => {
  const idNumber = residentId();
  const reg = await api.post('/api/people', { data: { name: '测试上访人', idNumber, phone: '13904781122', gridCode: '150826100001001001', registration: 'registered' } });
  expect(reg.status(), await reg.text()).toBe(201);

  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'grid');
  await page.goto(`${baseUrl}/keypersons`);
  await page.getByTestId('kp-table').waitFor(WAIT);
  await settled(page);
  expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(390);
  await screenshot(page, 'registers-keypersons-phone.png');

  await page.getByTestId('kp-add').click();
  const dialog = page.locator('.ant-modal', { hasText: '风险等级' });
  await dialog.locator('#keyperson-create_idNumber').fill(idNumber);
  await dialog.locator('#keyperson-create_categoryCode').click();
  await page.keyboard.type('上访');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '重点上访人员' }).click();
  await dialog.getByText('红', { exact: true }).click();
  await dialog.locator('#keyperson-create_fields_issue').fill('宅基地确权争议');
  await screenshot(page, 'registers-keyperson-add-phone.png');
  await dialog.getByTestId('kp-submit').click();
  await dialog.waitFor({ state: 'hidden', ...WAIT });

  const detail = page.getByTestId('kp-detail');
  await detail.waitFor(WAIT);
  await expect.poll(() => detail.textContent(), WAIT).toContain('宅基地确权争议');
  expect(await detail.textContent()).toContain(`150826********${idNumber.slice(-4)}`);
  expect(await detail.textContent()).not.toContain(idNumber);

  await page.getByTestId('kp-visit').click();
  const visit = page.locator('.ant-modal', { hasText: '走访情况' });
  await visit.getByTestId('visit-findings').fill('入户走访，本人情绪平稳，已做思想疏导');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await visit.getByTestId('visit-photos').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: png });
  await visit.getByTestId('visit-submit').click();
  await visit.waitFor({ state: 'hidden', ...WAIT });
  await page.getByTestId('kp-visits').waitFor(WAIT);
  await expect.poll(() => page.getByTestId('kp-visits').textContent(), WAIT).toContain('已做思想疏导');
  await expect.poll(() => page.locator('.fq-kp-photo').evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth)), WAIT).toEqual([1]);
  await settled(page);
  await screenshot(page, 'registers-keyperson-visit-phone.png');
  expect(problems).toEqual([]);
  await page.close();
});

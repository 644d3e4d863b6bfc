// 系统 › 节假日与时限 as `admin`: a year's holidays and make-up days (a date entered twice → the API's 400 is
// shown; saving says how many deadlines were recomputed) and a deadline rule edited inline (0 → 400 shown).
// Uses the year 2030 so the journeys' own deadlines stay as they are; the rule is put back afterwards.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 20_000 };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts data-testid on the input of an InputNumber in some versions, on its wrapper in others. */
function amountInput(row: ReturnType<Page['locator']>) {
  return row.locator('input[data-testid=rule-amount], [data-testid=rule-amount] input').first();
}

async function pickDate(page: Page, testId: string, day: string) {
  const input = page.getByTestId(testId).locator('input').first();
  const target = (await input.count()) ? input : page.getByTestId(testId);
  await target.click();
  await target.fill(day);
  await target.press('Enter');
}

test('holidays of a year and the deadline rules', async () => {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'admin');
  await page.goto(`${baseUrl}/system/calendar?year=2030`);
  await page.getByTestId('calendar-card').waitFor(WAIT);
  await page.getByTestId('cal-save').and(page.locator(':not([disabled])')).waitFor(WAIT);

  // 2030-10-01 as a holiday and, by mistake, as a make-up day too → the API answers 400, shown above
  await pickDate(page, 'cal-add-holiday', '2030-10-01');
  await page.locator('[data-testid=cal-holidays] [data-day="2030-10-01"]').waitFor(WAIT);
  await pickDate(page, 'cal-add-holiday', '2030-10-02');
  await pickDate(page, 'cal-add-workday', '2030-10-01');
  await page.locator('[data-testid=cal-workdays] [data-day="2030-10-01"]').waitFor(WAIT);
  await page.getByTestId('cal-save').click();
  await expect.poll(() => page.getByTestId('cal-error').textContent(), WAIT).toContain('2030-10-01');
  await settled(page);
  await screenshot(page, 'calendar-twice.png', true);

  // drop the make-up day and save: the answer says how many deadlines were recomputed
  await page.locator('[data-testid=cal-workdays] [data-day="2030-10-01"] .ant-tag-close-icon').click();
  await page.getByTestId('cal-save').click();
  await expect.poll(() => page.getByTestId('cal-result').textContent(), WAIT).toMatch(/放假 2 天.*重新计算了 \d+ 个/);

  // a rule set to 0 → the API's 400 is shown; then it is put back
  const row = page.locator('[data-testid=rules-table] tbody tr.ant-table-row').first();
  await row.waitFor(WAIT);
  const before = (await row.getByTestId('rule-value').textContent())!.trim();
  const amount = before.split(' ')[0];
  await row.getByTestId('rule-edit').click();
  await amountInput(row).fill('0');
  await row.getByTestId('rule-save').click();
  await page.getByTestId('rule-error').waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'calendar-rules.png', true);
  await amountInput(row).fill(amount);
  await row.getByTestId('rule-save').click();
  await expect.poll(() => row.getByTestId('rule-value').textContent(), WAIT).toBe(before);
  expect(problems).toEqual([]);
  await page.close();
});

// 限期处理 in Chromium: a leader issues a 红牌督办 on a case the county justice bureau handles, the bureau
// sees it in its inbox bell, opens the case and replies in the dialog. The case is set up through the API.
// Screenshots: test-results/screenshots/supervision-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { APIRequestContext, Page } from 'playwright-core';
import { apiAs as sharedApiAs, launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 20_000 };
let browser: Browser;
const apis: APIRequestContext[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.dispose()));
  await browser?.close();
});

const apiAs = (username: string) => sharedApiAs(baseUrl, username, apis);

async function pageAs(username: string): Promise<{ page: Page; problems: string[] }> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, username);
  return { page, problems };
}

async function noToasts(page: Page) {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', ...WAIT });
}

const TITLE = `工程款纠纷督办${String(Date.now()).slice(-4)}`;

test('a leader issues a 红牌督办; the justice bureau finds it in its inbox and replies', async () => {
  // set-up through the API: window intake, file, assign to 杭锦后旗司法局, the bureau starts it
  const dispatcher = await apiAs('dispatcher');
  const dept = await apiAs('dept');
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const { id } = await dispatcher.call<{ id: number }>('POST', '/api/cases', {
    title: TITLE, description: '包工头拖欠材料款三个月，多次催要未果。', category: 'dispute', disputeType: '06', channel: 'window',
    regionCode: '150826100001', applicant: { name: '冯军', phone },
  });
  await dispatcher.act(id, { action: 'file' });
  const units = await dispatcher.call<{ id: number; name: string }[]>('GET', `/api/cases/${id}/assignees`);
  const justice = units.find((u) => u.name === '杭锦后旗司法局');
  expect(justice, 'the county justice bureau is assignable').toBeDefined();
  await dispatcher.act(id, { action: 'assign', unitId: justice!.id });
  expect((await dept.act(id, { action: 'start' })).status).toBe('in_progress');

  // 1. the leader issues a red-card supervision order in the dialog
  {
    const { page, problems } = await pageAs('leader');
    await page.goto(`${baseUrl}/cases/${id}`);
    await page.getByTestId('action-supervise').waitFor(WAIT);
    await page.getByTestId('action-supervise').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.waitFor(WAIT);
    await dialog.getByText('红牌', { exact: true }).click();
    await expect.poll(() => dialog.locator('.fq-grade-red.ant-radio-button-wrapper-checked').count(), WAIT).toBe(1);
    // the reply due time comes preset (three days on, 17:30); it shows in the picker
    await expect.poll(async () => (await dialog.locator('.ant-picker input').inputValue()).length, WAIT).toBeGreaterThan(0);
    await dialog.getByTestId('action-note').fill('三日内化解，逾期追责');
    await settled(page);
    await screenshot(page, 'supervision-leader.png');
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.locator('[data-testid=supervision-tag][data-grade=red]').filter({ hasText: '红牌督办 · 待回复' }).waitFor(WAIT);
    expect(problems).toEqual([]);
    await page.close();
  }

  // 2. the bureau sees it in the inbox bell and opens the case from there
  {
    const { page, problems } = await pageAs('dept');
    await page.goto(`${baseUrl}/cases/workbench`);
    const bell = page.getByTestId('inbox-bell');
    await bell.waitFor(WAIT);
    await expect.poll(async () => Number((await bell.locator('.ant-badge-count').textContent().catch(() => '0')) || 0), WAIT).toBeGreaterThan(0);
    await bell.click();
    const item = page.locator(`[data-testid=inbox-item][data-case="${id}"][data-kind=supervise_red]`);
    await item.waitFor(WAIT);
    await expect.poll(() => item.textContent(), WAIT).toContain('红牌督办');
    await settled(page);
    await screenshot(page, 'supervision-dept-inbox.png');
    const before = Number(await bell.locator('.ant-badge-count').textContent());
    await item.click();
    await page.waitForURL(new RegExp(`/cases/${id}$`), WAIT);
    await expect.poll(async () => Number((await bell.locator('.ant-badge-count').textContent().catch(() => '0')) || 0), WAIT).toBe(before - 1);

    // 3. … and replies in the dialog
    await page.getByTestId('action-reply_supervision').waitFor(WAIT);
    await page.getByTestId('action-reply_supervision').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.waitFor(WAIT);
    // the reply is required
    await expect.poll(() => dialog.getByTestId('supervision-order').textContent(), WAIT).toContain('三日内化解');
    await dialog.getByTestId('action-submit').click();
    await dialog.locator('.ant-form-item-explain-error').filter({ hasText: '请填写回复内容' }).waitFor(WAIT);
    await dialog.getByTestId('action-note').fill('已约谈双方当事人，本周五组织调解，结果及时报告。');
    await settled(page);
    await screenshot(page, 'supervision-reply.png');
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByTestId('supervision-tag').filter({ hasText: '红牌督办 · 已回复' }).waitFor(WAIT);
    await page.getByRole('tab', { name: '办理过程' }).click();
    await page.locator('[data-testid=timeline-step][data-action=reply_supervision]').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('action-reply_supervision').count(), WAIT).toBe(0);
    await noToasts(page);
    expect(problems).toEqual([]);
    await page.close();
  }
}, 180_000); // two sign-ins, two dialogs and six screens: ~40 s alone on this box, more when it is busy

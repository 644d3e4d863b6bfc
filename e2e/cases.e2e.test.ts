// The six-step loop in Chromium: a citizen reports on a phone, the village files and assigns to its mediation
// committee, the mediator escalates to the town, the police station handles it, the town verifies, the citizen
// rates and the town archives. Plus window intake with a field error. Screenshots: test-results/screenshots/case-*.
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

async function pageAs(username: string | null): Promise<{ page: Page; problems: string[] }> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  if (username) await loginViaApi(page, baseUrl, username);
  return { page, problems };
}

/** Opens the antd Select with `testId` (within `scope`) and clicks the option with `text`. */
async function choose(page: Page, testId: string, text: string, search = false) {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  await expect.poll(() => page.getByTestId(testId).textContent(), WAIT).toContain(text);
}

/** Success toasts fade after 3 s; screenshots wait for them so they do not cover the header. */
async function noToasts(page: Page) {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', ...WAIT });
}

const headStatus = (page: Page) => page.locator('.fq-case-head [data-testid=case-status]');

async function waitStatus(page: Page, name: string) {
  await headStatus(page).filter({ hasText: name }).waitFor(WAIT);
}

/** Clicks an action button, fills the dialog with `fill`, submits and waits for the new status. */
async function act(page: Page, action: string, status: string, fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.waitFor(WAIT);
  if (fill) await fill(dialog);
  await dialog.getByTestId('action-submit').click();
  await Promise.race([dialog.waitFor({ state: 'hidden', ...WAIT }), dialog.getByTestId('action-error').waitFor(WAIT)]);
  if (await dialog.getByTestId('action-error').isVisible()) throw new Error(`${action}: ${await dialog.getByTestId('action-error').textContent()}`);
  await waitStatus(page, status);
}

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const TITLE = `楼上卫生间漏水协商不成${String(Date.now()).slice(-4)}`;
let caseId = 0;
let trackingCode = '';

test('the whole loop, from a citizen phone report to an archived case', async () => {
  // 1. the citizen reports on a phone
  {
    const { page, problems } = await pageAs(null);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('public-report-link').click();
    await page.waitForURL(/\/report$/);
    await page.locator('#report_title').fill(TITLE);
    await page.locator('#report_description').fill('幸福小区3号楼楼上卫生间漏水，多次协商未果，请社区帮忙调解。');
    await choose(page, 'report-place', '西环社区');
    await page.locator('#report_address').fill('幸福小区3号楼2单元');
    await choose(page, 'report-type', '邻里之间');
    await page.locator('#report_name').fill('王秀兰');
    await page.locator('#report_phone').fill(phone);
    await settled(page);
    await screenshot(page, 'case-0-citizen-form.png', true);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/public/cases') && r.request().method() === 'POST');
    await page.getByTestId('report-submit').click();
    const res = await answer;
    expect(res.status()).toBe(201);
    expect(res.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    caseId = (await res.json()).id;
    trackingCode = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(trackingCode).toMatch(/^[A-Z2-9]{10}$/);
    await page.locator('.fq-pub canvas, .fq-pub svg').first().waitFor(WAIT); // the QR code
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(390);
    // a photo follows within the hour
    await page.locator('.fq-pub input[type=file]').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('✓ leak.png').waitFor(WAIT);
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-1-citizen-report.png', true);
    expect(problems).toEqual([]);
    await page.close();
  }

  // 2. the village office finds it on its workbench, files it and assigns it to its mediation committee
  {
    const { page, problems } = await pageAs('village');
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/cases\/workbench/);
    // opened without a choice, the workbench shows the first queue that holds work: here 待受理
    await page.locator('[data-testid=wb-toAccept].fq-wb-active').waitFor(WAIT);
    await page.getByTestId('cases-table').getByText(TITLE).waitFor(WAIT);
    // the list shows the stage's deadline
    const due = page.getByTestId('cases-table').locator('tr').filter({ hasText: TITLE }).getByTestId('case-due');
    expect(await due.textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await settled(page);
    await screenshot(page, 'case-2-village-workbench.png');
    await page.getByTestId('cases-table').getByText(TITLE).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await waitStatus(page, '待受理');
    // exactly the buttons the API allows, in its order
    const allowed: string[] = (await (await page.request.get(`${baseUrl}/api/cases/${caseId}`)).json()).allowedActions;
    expect(allowed).toEqual(expect.arrayContaining(['file', 'reject', 'merge', 'escalate']));
    expect(await page.getByTestId('case-actions').locator('button').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(
      allowed.map((a) => `action-${a}`),
    );
    await page.getByTestId('duplicates').waitFor(WAIT);
    // the citizen's photo is among the attachments; staff add a document
    await page.getByRole('tab', { name: '附件' }).click();
    await page.getByTestId('attachments').getByText('leak.png').waitFor(WAIT);
    await page.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('attachments').getByText('现场照片.png').waitFor(WAIT);
    expect(await page.getByTestId('attachments').locator('a').first().getAttribute('href')).toMatch(new RegExp(`/api/cases/${caseId}/attachments/\\d+$`));
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-2-village-reported.png', true);
    await act(page, 'file', '待指派');
    await act(page, 'assign', '待签收', async (d) => {
      await choose(page, 'assign-unit', '西环社区人民调解委员会');
      await d.locator('#act-assign_note').fill('请调委会组织调解');
    });
    await page.locator('.fq-case-head').waitFor();
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-3-village-assigned.png');

    // 3. the same person switches to the mediator role, signs for the case and escalates it to the town
    await page.getByTestId('current-role').click();
    await page.getByRole('menuitem', { name: /调解员/ }).click();
    await page.getByTestId('current-role').filter({ hasText: '调解员' }).waitFor(WAIT);
    await page.getByTestId('wb-myTodo').waitFor(WAIT);
    await page.getByTestId('wb-myTodo').click();
    await page.getByTestId('cases-table').getByText(TITLE).click();
    await waitStatus(page, '待签收');
    await act(page, 'start', '办理中');
    await act(page, 'escalate', '待指派', async (d) => {
      await d.getByTestId('action-reason').fill('涉及房屋结构鉴定，需镇里协调');
    });
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-4-mediator-escalated.png');
    expect(problems).toEqual([]);
    await page.close();
  }

  // 4. the town assigns to the police station
  {
    const { page, problems } = await pageAs('town');
    await page.goto(`${baseUrl}/cases/${caseId}`);
    await waitStatus(page, '待指派');
    expect(await page.locator('.fq-case-head').textContent()).toContain('镇/街道');
    await act(page, 'assign', '待签收', async () => {
      await choose(page, 'assign-unit', '陕坝派出所');
    });
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-5-town-assigned.png');
    expect(problems).toEqual([]);
    await page.close();
  }

  // 5. the police station signs and feeds back
  {
    const { page, problems } = await pageAs('police');
    await page.goto(`${baseUrl}/cases/${caseId}`);
    await waitStatus(page, '待签收');
    await act(page, 'start', '办理中');
    await act(page, 'feedback', '待核查', async (d) => {
      await choose(page, 'feedback-disposition', '调解成功');
      await d.getByTestId('feedback-result').fill('民警联合社区调解，楼上住户同意维修并赔偿 800 元');
    });
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-6-police-feedback.png');
    expect(problems).toEqual([]);
    await page.close();
  }

  // 6. the town verifies
  {
    const { page, problems } = await pageAs('town');
    await page.goto(`${baseUrl}/cases/${caseId}`);
    await waitStatus(page, '待核查');
    await act(page, 'verify', '待评价', async (d) => {
      await d.getByText('通过', { exact: true }).click();
    });
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-7-town-verified.png');
    expect(problems).toEqual([]);
    await page.close();
  }

  // 7. the citizen tracks and rates on the phone
  {
    const { page, problems } = await pageAs(null);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/track?code=${trackingCode}`);
    await page.locator('#track_phone4').fill(phone.slice(-4));
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-status').filter({ hasText: '待评价' }).waitFor(WAIT);
    await settled(page);
    await screenshot(page, 'case-8-citizen-track.png', true);
    await page.getByTestId('go-rate').click();
    await page.getByTestId('rate-form').waitFor(WAIT);
    await page.locator('[data-testid=rate-form] textarea').fill('谢谢社区和民警');
    await settled(page);
    await screenshot(page, 'case-9-citizen-rate.png', true);
    await page.getByTestId('rate-satisfied').click();
    await page.getByTestId('rate-thanks').waitFor(WAIT);
    // a second rating is refused: "已评价过"
    await page.goto(`${baseUrl}/rate`);
    await page.locator('#rate_code').fill(trackingCode.toLowerCase());
    await page.locator('#rate_phone4').fill(phone.slice(-4));
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('rate-already').waitFor(WAIT);
    expect(problems).toEqual([]);
    await page.close();
  }

  // 8. the town archives: 已归档, no action left, the whole timeline shown
  {
    const { page, problems } = await pageAs('town');
    await page.goto(`${baseUrl}/cases/${caseId}`);
    await waitStatus(page, '已结案');
    await act(page, 'archive', '已归档');
    expect(await page.getByTestId('case-actions').locator('button').count()).toBe(0);
    await page.getByTestId('case-actions').getByText('当前无可执行的操作').waitFor();
    await page.getByRole('tab', { name: '办理过程' }).click();
    await expect
      .poll(() => page.locator('[data-testid=timeline-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), WAIT)
      .toEqual(['report', 'file', 'assign', 'start', 'escalate', 'assign', 'start', 'feedback', 'verify', 'rate', 'archive']);
    await noToasts(page);
    await settled(page);
    await screenshot(page, 'case-10-town-archived.png', true);
    expect(problems).toEqual([]);
    await page.close();
  }
}, 240_000);

test('window intake: a dispute without its type is refused on the field, then goes through', async () => {
  const { page, problems } = await pageAs('dispatcher');
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/cases\/workbench/);
  await page.locator('.fq-menu').getByText('窗口受理').click();
  await page.waitForURL(/\/cases\/new$/);
  await page.locator('#intake_title').fill('工资拖欠三个月');
  await page.locator('#intake_description').fill('申请人在某工地务工，工资拖欠三个月未付，来窗口求助。');
  await page.getByTestId('intake-region').click();
  await page.keyboard.type('西环');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: '西环社区' }).first().click();
  await page.locator('#intake_applicant_name').fill('张建国');
  await page.locator('#intake_applicant_phone').fill('13804781234');
  await page.getByTestId('add-respondent').click();
  await page.locator('#intake_respondents_0_name').fill('刘德明');
  await page.getByTestId('intake-submit').click();
  await page.locator('#intake_disputeType_help', { hasText: '纠纷类型' }).waitFor(WAIT);
  await settled(page);
  await page.locator('#intake_disputeType').scrollIntoViewIfNeeded();
  await screenshot(page, 'case-intake-error.png');

  await choose(page, 'intake-dispute-type', '劳动人事纠纷', true);
  await page.getByTestId('intake-submit').click();
  await page.getByTestId('intake-done').waitFor(WAIT);
  const number = (await page.getByTestId('created-number').textContent())!.match(/150826-\d{8}-\d{6}/)![0];
  await settled(page);
  await screenshot(page, 'case-intake-done.png');
  await page.getByTestId('open-created').click();
  await waitStatus(page, '待受理');

  // the list finds it by a two-character Chinese word and by category
  await page.locator('.fq-menu').getByText('案件列表').click();
  await page.waitForURL(/\/cases$/);
  await page.locator('#cases-filter_q').fill('工资');
  await page.locator('#cases-filter_q').press('Enter');
  const rows = page.getByTestId('cases-table').locator('tr.ant-table-row');
  // wait for the filtered answer (the unfiltered list also starts with the new case): every row holds the word
  await expect.poll(async () => {
    const all = await rows.allTextContents();
    return all.length > 0 && all[0].includes(number) && all.every((r) => r.includes('工资'));
  }, WAIT).toBe(true);
  await noToasts(page);
  await settled(page);
  await screenshot(page, 'case-list.png');
  expect(problems).toEqual([]);
  await page.close();
}, 120_000);

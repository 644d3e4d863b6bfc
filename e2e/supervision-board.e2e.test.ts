// 督办看板 in Chromium: the leader issues a 红牌督办 (through the API), opens the board from the menu, finds
// the order in red with its unit and reply time, filters by grade, and follows the link to the case.
// Then the dispatcher's workbench card 即将到期/已超期 lists through the server-side due filter.
// Screenshots: test-results/screenshots/board-*.png
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

const TITLE = `占道纠纷看板${String(Date.now()).slice(-4)}`;

test('the leader finds the 红牌督办 they issued on the board, filters by grade and opens the case', async () => {
  const dispatcher = await apiAs('dispatcher');
  const leader = await apiAs('leader');
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const { id } = await dispatcher.call<{ id: number }>('POST', '/api/cases', {
    title: TITLE, description: '商户长期占用消防通道堆放货物。', category: 'dispute', disputeType: '02', channel: 'window',
    regionCode: '150826100001', applicant: { name: '韩梅', phone },
  });
  await dispatcher.act(id, { action: 'file' });
  const replyDueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const { caseNumber } = await leader.act(id, { action: 'supervise', grade: 'red', replyDueAt, note: '两日内疏通消防通道' });

  const { page, problems } = await pageAs('leader');
  await page.goto(`${baseUrl}/cases/workbench`);
  await page.locator('.fq-menu').getByText('督办看板', { exact: true }).click();
  await page.waitForURL(/\/supervision$/, WAIT);
  const row = page.locator('[data-testid=board-table] tr').filter({ hasText: caseNumber });
  await row.waitFor(WAIT);
  await expect.poll(() => row.locator('[data-testid=board-grade]').getAttribute('data-grade'), WAIT).toBe('red');
  await expect.poll(() => row.textContent(), WAIT).toContain('杭锦后旗社会治理中心');
  await expect.poll(() => row.locator('[data-testid=board-state]').getAttribute('data-state'), WAIT).toBe('waiting');
  // the red tag is red
  const color = await row.locator('[data-testid=board-grade]').evaluate((el) => {
    type Win = { getComputedStyle(e: unknown): { color: string } };
    return (el as unknown as { ownerDocument: { defaultView: Win } }).ownerDocument.defaultView.getComputedStyle(el).color;
  });
  expect(color).toMatch(/rgb\(2[0-9]{2}, [0-9]{1,2}, [0-9]{1,2}\)/);
  const redCount = page.getByTestId('board-count-red').locator('.fq-board-count');
  await expect.poll(async () => Number((await redCount.textContent()) ?? 0), WAIT).toBeGreaterThan(0);
  await settled(page);
  await screenshot(page, 'board-leader.png');

  // the grade filter: yellow hides it, red shows it again
  await page.getByTestId('board-count-yellow').click();
  await expect.poll(() => row.count(), WAIT).toBe(0);
  await page.getByTestId('board-count-red').click();
  await row.waitFor(WAIT);
  await row.getByTestId('board-case').click();
  await page.waitForURL(new RegExp(`/cases/${id}$`), WAIT);
  await page.locator('[data-testid=supervision-tag][data-grade=red]').waitFor(WAIT);
  expect(problems).toEqual([]);
  await page.close();
});

test('the workbench 已超期, 即将到期 and 督办中 cards and the list filter ask the server', async () => {
  const { page, problems } = await pageAs('dispatcher');
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/cases?')) asked.push(new URL(r.url()).searchParams.get('due') ?? '');
  });
  await page.goto(`${baseUrl}/cases/workbench`);
  await page.getByTestId('wb-overdue').click();
  await page.getByTestId('cases-table').waitFor(WAIT);
  await expect.poll(() => asked.includes('overdue'), WAIT).toBe(true);
  await page.getByTestId('wb-dueSoon').click();
  await expect.poll(() => asked.includes('yellow'), WAIT).toBe(true);
  // 督办中: the case under the red order (first test) is listed
  await page.getByTestId('wb-supervising').click();
  await page.getByTestId('cases-table').getByText(TITLE).waitFor(WAIT);
  await page.goto(`${baseUrl}/cases`);
  await page.getByTestId('filter-due').click();
  await page.locator('.ant-select-dropdown:visible').getByText('已超期', { exact: true }).click();
  await page.getByRole('button', { name: /查\s*询|搜\s*索/ }).click();
  await expect.poll(() => asked.filter((d) => d === 'overdue').length, WAIT).toBeGreaterThan(1);
  await settled(page);
  await screenshot(page, 'board-cases-due.png');
  expect(problems).toEqual([]);
  await page.close();
});

test('a concluded petition shows its review clock; the office records a 复查 request in the dialog', async () => {
  const dispatcher = await apiAs('dispatcher');
  const dept = await apiAs('dept');
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const { id } = await dispatcher.call<{ id: number }>('POST', '/api/cases', {
    title: `信访：补偿款${String(Date.now()).slice(-4)}`, description: '反映征地补偿款未足额发放。', category: 'service', channel: 'petition',
    regionCode: '150826100001', applicant: { name: '高文', phone },
  });
  await dispatcher.act(id, { action: 'file' });
  const units = await dispatcher.call<{ id: number; name: string }[]>('GET', `/api/cases/${id}/assignees`);
  await dispatcher.act(id, { action: 'assign', unitId: units.find((u) => u.name === '杭锦后旗司法局')!.id });
  await dept.act(id, { action: 'start' });
  await dept.act(id, { action: 'feedback', result: '已书面答复信访人', disposition: '已答复/解释' });
  await dispatcher.act(id, { action: 'verify', passed: true });
  await dispatcher.act(id, { action: 'close', note: '信访事项已办结' });

  const { page, problems } = await pageAs('dispatcher');
  await page.goto(`${baseUrl}/cases/${id}`);
  const card = page.getByTestId('petition-card');
  await card.waitFor(WAIT);
  await expect.poll(() => card.textContent(), WAIT).toContain('复查申请期限');
  await page.getByTestId('action-request_review').click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.waitFor(WAIT);
  await dialog.getByTestId('action-submit').click();
  await dialog.locator('.ant-form-item-explain-error').first().waitFor(WAIT); // the reason is required
  await dialog.getByTestId('action-reason').fill('信访人对补偿标准不服，申请复查');
  await dialog.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'hidden', ...WAIT });
  const review = page.getByTestId('petition-review');
  await review.waitFor(WAIT);
  await expect.poll(() => review.textContent(), WAIT).toContain('待答复');
  await page.getByTestId('action-decide_review').waitFor(WAIT);
  await settled(page);
  await screenshot(page, 'board-petition-review.png');
  expect(problems).toEqual([]);
  await page.close();
});

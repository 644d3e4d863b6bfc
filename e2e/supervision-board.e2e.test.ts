// 督办看板 in Chromium: the leader issues a 红牌督办 (through the API), opens the board from the menu, finds
// the order in red with its unit and reply time, filters by grade, and follows the link to the case.
// Then the dispatcher's workbench card 即将到期/已超期 lists through the server-side due filter.
// Screenshots: test-results/screenshots/board-*.png
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

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

async function apiAs(username: string) {
  const ctx = await request.newContext({ baseURL: baseUrl });
  apis.push(ctx);
  const res = await ctx.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`login as ${username}: ${res.status()} ${await res.text()}`);
  const call = async <T>(method: 'GET' | 'POST', url: string, data?: object): Promise<T> => {
    const r = await ctx.fetch(url, { method, data });
    if (!r.ok()) throw new Error(`${method} ${url} as ${username}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const act = async (id: number, body: object) => {
    const c = await call<{ version: number }>('GET', `/api/cases/${id}`);
    return call<{ status: string; caseNumber: string }>('POST', `/api/cases/${id}/actions`, { version: c.version, ...body });
  };
  return { call, act };
}

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
  const color = await row.locator('[data-testid=board-grade]').evaluate((el) => getComputedStyle(el).color);
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

test('the workbench 已超期 and 即将到期 cards and the list filter ask the server', async () => {
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

// Identity and personal-data journeys in Chromium against the real server with demo data. The tests run in
// order: the auditor looks for the dispatcher's unmask from the first test.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, loginViaApi, screenshot, settled, watch, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const WAIT = { timeout: 20_000 };
let browser: Browser;
let unmaskedPersonId: string | undefined;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function pageAs(username: string): Promise<{ page: Page; problems: string[] }> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, username);
  return { page, problems };
}

const menuTexts = (page: Page) => page.locator('.fq-menu .ant-menu-item').allTextContents();

/** Picks an option of the antd Select whose root carries `testId`: type to filter, Enter takes the first match. */
async function pick(page: Page, testId: string, text: string) {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: text }).waitFor(WAIT);
  await page.keyboard.press('Enter');
  await expect.poll(() => select.textContent(), WAIT).toContain(text);
}

test('dispatcher: masked people, eye button, unmask with a reason; no system menu', async () => {
  const { page, problems } = await pageAs('dispatcher');
  await page.goto(`${baseUrl}/people`);
  const ids = page.getByTestId('id-number');
  await ids.first().waitFor(WAIT);
  const values = await ids.allTextContents();
  expect(values.length).toBeGreaterThanOrEqual(10);
  for (const v of values) expect(v).toMatch(/^150826\*{8}[\dX]{4}$/);
  expect(await page.getByTestId('unmask').count()).toBe(values.length);
  expect(await page.getByTestId('create-person').count()).toBe(1);

  const menu = await menuTexts(page);
  expect(menu).toContain('实有人口');
  expect(menu).toContain('区划网格树');
  for (const name of ['账号管理', '安全策略', '审计日志']) expect(menu).not.toContain(name);
  expect(await page.locator('.fq-menu').getByText('系统', { exact: true }).count()).toBe(0);
  await settled(page);
  await screenshot(page, 'dispatcher-people.png');

  // the eye asks for a reason first; too short is refused in the form
  const masked = values[0];
  await page.getByTestId('unmask').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('查看行为将记入审计日志').waitFor();
  await dialog.locator('#unmask_reason').fill('核实');
  await dialog.getByTestId('unmask-submit').click();
  await dialog.getByText('请填写事由（4–200 字）').waitFor();
  await dialog.locator('#unmask_reason').fill('核实矛盾纠纷当事人身份');
  const answer = page.waitForResponse((r) => /\/api\/people\/\d+\/unmask$/.test(r.url()));
  await dialog.getByTestId('unmask-submit').click();
  unmaskedPersonId = (await answer).url().match(/people\/(\d+)\/unmask/)![1];
  const full = (await dialog.getByTestId('unmasked-id').textContent()) ?? '';
  expect(full).toMatch(/^150826\d{11}[\dX]$/);
  expect(full.slice(-4)).toBe(masked.slice(-4));
  await settled(page);
  await screenshot(page, 'dispatcher-unmask.png');
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  // the list itself stays masked
  expect(await ids.first().textContent()).toBe(masked);

  // an exact ID number search goes through the blind index
  await page.locator('#people-filter_idNumber').fill(full);
  await page.locator('#people-filter button[type=submit]').click();
  await expect.poll(() => ids.allTextContents(), WAIT).toEqual([masked]);
  expect(problems).toEqual([]);
  await page.close();
});

test('dispatcher on a phone: the people list fits the screen', async () => {
  const { page, problems } = await pageAs('dispatcher');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/people`);
  await page.getByTestId('id-number').first().waitFor(WAIT);
  expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(390);
  await screenshot(page, 'dispatcher-people-phone.png');
  expect(problems).toEqual([]);
  await page.close();
});

/** A valid 18-character resident ID number (GB 11643 MOD 11-2 check character) with a random sequence. */
function residentId(): string {
  const first17 = `15082619900101${String(100 + Math.floor(Math.random() * 900))}`;
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * (2 ** (17 - i) % 11), 0);
  return first17 + '10X98765432'[sum % 11];
}

test('grid worker registers a person; the server names the wrong field; the intake is 事件上报 by 网格上报', async () => {
  const { page, problems } = await pageAs('grid');
  await page.goto(`${baseUrl}/people`);
  await page.getByTestId('id-number').first().waitFor(WAIT);
  expect(await page.getByTestId('unmask').count()).toBe(0); // no personal.unmask for grid workers

  await page.getByTestId('create-person').click();
  const dialog = page.locator('.ant-modal', { hasText: '户籍类别' });
  const id = residentId();
  const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  await dialog.locator('#person-create_name').fill('测试居民');
  await dialog.locator('#person-create_idNumber').fill(wrong);
  await dialog.locator('#person-create_phone').fill('13912345678');
  await dialog.locator('#person-create_gridCode').click();
  await page.keyboard.type('幸福');
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: '幸福小区网格' }).click();
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await page.locator('#person-create_idNumber_help', { hasText: '身份证号码校验位错误' }).waitFor(WAIT);

  await dialog.locator('#person-create_idNumber').fill(id);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden', ...WAIT });
  await page.locator('#people-filter_idNumber').fill(id);
  await page.locator('#people-filter button[type=submit]').click();
  await expect.poll(() => page.getByTestId('id-number').allTextContents(), WAIT).toEqual([`150826********${id.slice(-4)}`]);

  // the menu calls the intake form 事件上报 for a grid worker, and it starts on the channel 网格上报
  await page.locator('.fq-menu').getByText('事件上报', { exact: true }).click();
  await page.waitForURL(/\/cases\/new$/, WAIT);
  await page.locator('.fq-intake').getByText('网格上报', { exact: true }).waitFor(WAIT);
  expect(problems).toEqual([]);
  await page.close();
});

test('auditor: only the audit log; the chain is intact and lists the unmask', async () => {
  expect(unmaskedPersonId).toBeDefined();
  const { page, problems } = await pageAs('auditor');
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/system\/audit$/);
  expect(await menuTexts(page)).toEqual(['审计日志']);

  await page.getByTestId('chain-title').filter({ hasText: '哈希链完整' }).waitFor(WAIT);
  const unmask = page.locator('[data-testid=audit-table] tr.ant-table-row', { has: page.locator('[data-action="person.unmask"]') });
  await unmask.first().waitFor(WAIT);
  expect(await unmask.first().textContent()).toContain('dispatcher');
  expect(await unmask.first().textContent()).toContain(`person #${unmaskedPersonId}`);

  // the row opens to its details, with the reason given
  await unmask.first().locator('.ant-table-row-expand-icon').click();
  await page.getByTestId('audit-details').filter({ hasText: '核实矛盾纠纷当事人身份' }).waitFor();

  // re-check after the server has sealed the row: still intact, nothing broken
  await page.getByTestId('chain-recheck').click();
  await page.getByTestId('chain-title').filter({ hasText: '哈希链完整' }).waitFor(WAIT);
  expect(await page.getByTestId('chain-broken').count()).toBe(0);
  await settled(page);
  await screenshot(page, 'auditor-audit.png');

  // a preset filter
  await page.getByTestId('filter-action').locator('input').fill('login.*');
  await page.locator('#audit-filter button[type=submit]').click();
  await expect
    .poll(async () => (await page.locator('[data-testid=audit-table] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).every((a) => a?.startsWith('login.')), WAIT)
    .toBe(true);

  // pages it may not open answer 403 in the app too
  await page.goto(`${baseUrl}/people`);
  await page.getByText('当前角色无权访问此页面').waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test('admin creates an account in the UI and finds it in the list', async () => {
  const { page, problems } = await pageAs('admin');
  await page.goto(`${baseUrl}/system/users`);
  await page.getByTestId('users-table').getByText('dispatcher', { exact: true }).waitFor(WAIT);
  // 三权分立: the system administrator runs the system, not the cases, the audit or the security policy
  const adminMenu = await menuTexts(page);
  for (const name of ['区划网格树', '批量导入', '账号管理', '节假日与时限']) expect(adminMenu).toContain(name);
  for (const name of ['工作台', '案件列表', '实有人口', '重点人员', '审计日志', '安全策略']) expect(adminMenu).not.toContain(name);

  await page.getByTestId('create-user').click();
  const dialog = page.locator('.ant-modal', { hasText: '新建账号' });
  await dialog.locator('#user-create_username').fill('e2e_police');
  await dialog.locator('#user-create_displayName').fill('测试民警');
  // a weak password is refused by the server with its message
  await dialog.locator('#user-create_password').fill('abcdefgh');
  await dialog.getByTestId('add-role').click();
  await pick(page, 'role-select-0', '社区民警');
  await pick(page, 'unit-select-0', '陕坝派出所');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.getByText('密码须包含小写字母、大写字母、数字、符号中的至少 3 类').waitFor(WAIT);

  await dialog.getByRole('button', { name: /生\s*成/ }).click();
  expect((await dialog.locator('#user-create_password').inputValue()).length).toBeGreaterThanOrEqual(12);
  await settled(page);
  await screenshot(page, 'admin-users-create.png');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden', ...WAIT });

  // the new account's drawer opens with its role, and the list shows it
  const drawer = page.locator('.fq-user-drawer');
  await drawer.getByTestId('user-assignments').getByText('陕坝派出所', { exact: false }).waitFor(WAIT);
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });
  const row = page.getByTestId('users-table').locator('tr', { hasText: 'e2e_police' });
  await row.waitFor(WAIT);
  expect(await row.textContent()).toContain('社区民警');
  expect(await row.textContent()).toContain('待改密');

  // keyword filter
  await page.getByTestId('filter-keyword').locator('input').fill('e2e_');
  await page.getByTestId('filter-keyword').locator('input').press('Enter');
  await expect.poll(() => page.getByTestId('users-table').locator('tr.ant-table-row').count(), WAIT).toBe(1);
  await settled(page);
  await screenshot(page, 'admin-users.png');
  expect(problems).toEqual([]);
  await page.close();
});

test('secadmin sees the role matrix and meets separation of duties', async () => {
  const { page, problems } = await pageAs('secadmin');
  await page.goto(`${baseUrl}/system/policy`);
  const matrix = page.getByTestId('role-matrix');
  await matrix.getByText('审计员').first().waitFor(WAIT);
  expect(await matrix.locator('tbody tr.ant-table-row').count()).toBe(13);
  const auditorRow = matrix.locator('tbody tr.ant-table-row', { hasText: '审计员' });
  expect(await auditorRow.locator('[data-perm]').evaluateAll((els) => els.map((e) => e.getAttribute('data-perm')))).toEqual(['auth.self', 'audit.read']);
  expect(await page.locator('#security-policy_passwordMinLength').inputValue()).toBe('8');
  const secMenu = await menuTexts(page);
  for (const name of ['账号管理', '安全策略']) expect(secMenu).toContain(name);
  for (const name of ['工作台', '案件列表', '实有人口', '重点人员', '审计日志', '批量导入']) expect(secMenu).not.toContain(name);
  await settled(page);
  await screenshot(page, 'secadmin-policy.png', true);

  // granting 审计员 to an operational account: the API refuses (三权分立) and the dialog says so
  await page.goto(`${baseUrl}/system/users`);
  await page.getByTestId('users-table').getByText('dispatcher', { exact: true }).click();
  const drawer = page.locator('.fq-user-drawer');
  await drawer.getByRole('button', { name: /编辑角色/ }).click();
  const dialog = page.locator('.ant-modal', { hasText: '编辑角色' });
  await dialog.getByTestId('add-role').click();
  await pick(page, 'role-select-0', '审计员');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await dialog.getByTestId('roles-error').filter({ hasText: '三权分立' }).waitFor(WAIT);
  expect(problems).toEqual([]);
  await page.close();
});

// Region tree and map journeys in Chromium against the real server with demo data.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launch, loginViaApi, screenshot, watch, DEMO_PASSWORD, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const POLL = { timeout: 20_000, interval: 200 };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('dispatcher sees 西环社区 with its 4 big and 16 small grids on the map', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'dispatcher');
  await page.goto(`${baseUrl}/regions?code=150826100001`);

  await page.getByTestId('map-title').filter({ hasText: '西环社区' }).waitFor();
  await expect.poll(() => page.locator('path.fq-level-grid_big').count(), POLL).toBeGreaterThanOrEqual(4);
  await expect.poll(() => page.locator('path.fq-level-grid_small').count(), POLL).toBeGreaterThanOrEqual(16);
  expect(await page.locator('path.fq-code-150826100001').count()).toBe(1);
  for (const n of ['001', '002', '003', '004']) expect(await page.locator(`path[data-code="150826100001${n}"]`).count()).toBe(1);
  // the big grids are labelled on the map; the tree has opened down to the selected node
  await page.locator('.fq-label-permanent', { hasText: '西环一网格' }).waitFor();
  await page.locator('.ant-tree-treenode-selected', { hasText: '西环社区' }).waitFor();
  // top bar: the user and the active role
  expect(await page.getByTestId('current-user').textContent()).toContain('旗县受理分流员');
  expect(await page.getByText('李晓燕（旗社会治理中心）').count()).toBe(1);
  // details: breadcrumbs of the ancestors; a dispatcher may not manage regions
  const details = page.getByTestId('region-details');
  await details.getByText('陕坝镇').waitFor();
  expect(await details.getByText('巴彦淖尔市').count()).toBe(1);
  expect(await page.getByRole('button', { name: /新建下级/ }).count()).toBe(0);
  await screenshot(page, 'regions-map.png');

  // clicking a small grid on the map selects it
  await page.locator('path.fq-code-150826100001002001').click();
  await page.waitForURL(/code=150826100001002001/);
  await page.getByTestId('map-title').filter({ hasText: '胜利巷网格' }).waitFor();

  // the tree's search box finds a grid by name and selects it
  await page.locator('.fq-tree-search input').fill('康乐');
  await page.locator('.fq-tree .fq-tree-title', { hasText: '康乐小区网格' }).click();
  await page.waitForURL(/code=150826100001004004/);
  await page.getByTestId('map-title').filter({ hasText: '康乐小区网格' }).waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test('on a phone the page renders and the menu opens from a button', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'dispatcher');
  await page.goto(`${baseUrl}/regions?code=150826100001`);

  const menuButton = page.getByTestId('menu-button');
  await menuButton.waitFor({ state: 'visible' });
  expect(await page.locator('.fq-sider').count()).toBe(0);
  await expect.poll(() => page.locator('path.fq-level-grid_small').count(), POLL).toBeGreaterThanOrEqual(16);
  await page.getByTestId('map-title').filter({ hasText: '西环社区' }).waitFor();
  const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(scrollWidth).toBeLessThanOrEqual(390);
  await screenshot(page, 'regions-phone.png');

  await menuButton.click();
  await page.locator('.fq-menu-drawer').getByText('区划网格树').waitFor({ state: 'visible' });
  await page.waitForFunction('document.getAnimations().length === 0'); // the drawer has slid in
  await screenshot(page, 'regions-phone-menu.png');
  expect(problems).toEqual([]);
  await page.close();
});

test('admin logs in through the form and gets the management actions', async () => {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  await page.goto(`${baseUrl}/regions`);
  await page.waitForURL(/\/login/);

  // demo banner with the accounts and the password
  const banner = page.locator('.fq-demo-banner');
  await banner.waitFor();
  for (const a of ['admin', 'dispatcher', 'secadmin', 'auditor']) expect(await banner.getByText(a, { exact: true }).count()).toBe(1);
  expect(await banner.textContent()).toContain(DEMO_PASSWORD);
  await screenshot(page, 'login.png');

  // a wrong password shows the API's message
  await page.locator('#login_username').fill('admin');
  await page.locator('#login_password').fill('wrong-password');
  await page.locator('#login button[type=submit]').click();
  await page.locator('.fq-login-error', { hasText: '用户名或密码错误' }).waitFor();

  await page.locator('#login_password').fill(DEMO_PASSWORD);
  await page.locator('#login button[type=submit]').click();
  await page.waitForURL(/\/regions\?code=150826$/);
  await page.getByTestId('map-title').filter({ hasText: '杭锦后旗' }).waitFor();
  await page.getByRole('button', { name: /新建下级/ }).waitFor();
  for (const name of [/更\s*名/, /变更代码/, /调整隶属/, /撤\s*并/]) expect(await page.getByRole('button', { name }).count()).toBe(1);
  expect(await page.locator('.fq-menu').getByText('批量导入').count()).toBe(1);

  // creating a child: the server's validation message shows in the dialog, then a valid one goes through
  await page.getByRole('button', { name: /新建下级/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#region-create_name').fill('测试新镇');
  await dialog.locator('#region-create_code').fill('1508261');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.locator('.ant-alert-error', { hasText: '代码应为 9 位' }).waitFor();
  await dialog.locator('#region-create_code').fill('');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.fq-tree .fq-tree-title', { hasText: '测试新镇' }).waitFor();
  await screenshot(page, 'regions-admin.png');

  // English
  await page.locator('.fq-lang-switch').click();
  await page.getByRole('button', { name: /New child/ }).waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test('a user with two roles starts at their own region and switches role from the top bar', async () => {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'village');
  await page.goto(`${baseUrl}/regions`);
  await page.waitForURL(/code=150826100001$/);
  await page.getByTestId('map-title').filter({ hasText: '西环社区' }).waitFor();

  const role = page.getByTestId('current-role');
  expect(await role.textContent()).toContain('村/社区工作人员');
  await role.click();
  await page.getByRole('menuitem', { name: /调解员/ }).click();
  await page.getByTestId('current-role').filter({ hasText: '调解员' }).waitFor();
  const me = await page.request.get(`${baseUrl}/api/auth/me`);
  expect((await me.json()).user.role).toBe('mediator');
  expect(problems).toEqual([]);
  await page.close();
});

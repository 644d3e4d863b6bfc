// 我的账号 in Chromium: a grid worker enrols and revokes a phone, sets up two-factor sign-in with a code
// computed here from the secret the page shows, and a wrong current password is named on its field.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createHmac } from 'node:crypto';
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

/** RFC 6238: SHA-1, 30 s steps, 6 digits, base32 secret — what an authenticator app computes. */
function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('grid worker: device token once, revoke; two-factor on; password errors on the field', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  await loginViaApi(page, baseUrl, 'grid2'); // its own account: turning two-factor on must not lock the other journeys out of 'grid'
  await page.goto(`${baseUrl}/regions`);
  await page.getByTestId('account-link').click();
  await page.waitForURL(/\/account$/);

  // enrol a phone: the token shows once
  const devices = page.getByTestId('device-tokens');
  await devices.locator('#device-enrol_name').fill('孙海军的手机');
  await devices.getByRole('button', { name: /登记设备/ }).click();
  const token = page.getByTestId('device-token');
  await token.waitFor(WAIT);
  expect(await token.textContent()).toMatch(/^fqd_[A-Za-z0-9_-]{40,}/);
  await page.locator('.ant-modal', { hasText: '令牌只显示这一次' }).getByRole('button', { name: /我已复制/ }).click();
  const row = devices.locator('tr.ant-table-row', { hasText: '孙海军的手机' });
  await row.getByText('有效').waitFor(WAIT);

  // revoke it
  await row.getByRole('button', { name: /吊\s*销/ }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: /吊\s*销/ }).click();
  await row.getByText('已吊销').waitFor(WAIT);

  // a wrong current password is named on its field
  await page.locator('#account-password_currentPassword').fill('not-my-password');
  await page.locator('#account-password_newPassword').fill('Xk7#pLm2Qw');
  await page.locator('#account-password_confirm').fill('Xk7#pLm2Qw');
  await page.locator('#account-password button[type=submit]').click();
  await page.locator('#account-password_currentPassword_help', { hasText: '当前密码不正确' }).waitFor(WAIT);

  // two-factor: the secret, the otpauth URL and a QR code; a wrong code is refused, the right one turns it on
  await page.getByTestId('totp-start').click();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(await page.getByTestId('totp-card').textContent()).toContain(`otpauth://totp/`);
  expect(await page.getByTestId('totp-card').locator('canvas, svg').count()).toBeGreaterThan(0);
  await settled(page);
  await screenshot(page, 'account-grid.png', true);

  const wrong = totp(secret) === '000000' ? '111111' : '000000';
  await page.locator('#totp-enable_code').fill(wrong);
  await page.locator('#totp-enable button[type=submit]').click();
  await page.locator('#totp-enable_code_help', { hasText: '动态验证码不正确' }).waitFor(WAIT);
  await page.locator('#totp-enable_code').fill(totp(secret));
  await page.locator('#totp-enable button[type=submit]').click();
  await page.getByTestId('totp-card').getByText('已启用两步验证').waitFor(WAIT);

  // the next login needs a code
  const res = await page.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'grid2', password: 'Fq@demo2026' } });
  expect(res.status()).toBe(401);
  expect((await res.json()).details).toEqual({ otpRequired: true });
  expect(problems).toEqual([]);
  await page.close();
});

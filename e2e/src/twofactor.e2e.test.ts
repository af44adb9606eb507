import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, logout, pickOption, shot, visible } from './harness';
import { stepAt, totpCode } from './totp';

const username = 'e2e.official';
const initialPassword = 'Init@2024x';
const password = 'Changed@2024';

/** Reads the secret the enrolment page shows (in groups of four) without the spaces. */
async function readSecret(page: Page): Promise<string> {
  const el = await visible(page.getByTestId('totp-secret'));
  await page.waitForFunction(() =>
    /[A-Z2-7]{4}/.test(document.querySelector('[data-testid="totp-secret"]')?.textContent ?? ''),
  );
  const text = (await el.textContent()) ?? '';
  expect(text).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  return text.replace(/\s/g, '');
}

/** On /totp: a wrong code is refused in place, the right one enables 2FA and leads home. Returns the step used. */
async function enrol(page: Page): Promise<{ secret: string; step: number }> {
  await visible(page.getByTestId('totp-forced'));
  expect(await page.getByText('您的角色须启用双因素认证').count()).toBe(1);
  // The QR code of the otpauth URI is drawn.
  await visible(page.getByTestId('totp-qr').locator('canvas'));
  const secret = await readSecret(page);
  const step = stepAt();
  const wrong = totpCode(secret, step) === '000000' ? '111111' : '000000';
  await page.getByTestId('totp-code').fill(wrong);
  await page.getByTestId('totp-submit').click();
  await visible(page.getByText('动态验证码不正确'));
  // A wrong code does not end the session: still on the page.
  expect(new URL(page.url()).pathname).toBe('/totp');
  await page.getByTestId('totp-code').fill(totpCode(secret, step));
  await page.getByTestId('totp-submit').click();
  await page.waitForURL((url) => url.pathname === '/');
  await visible(page.getByTestId('home-welcome'));
  return { secret, step };
}

/** Username and password, then the code step; checks the code field is made for one-time codes. */
async function loginToCodeStep(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  const code = await visible(page.getByTestId('login-totp'));
  expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
  expect(await code.getAttribute('inputmode')).toBe('numeric');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('login-totp');
  await visible(page.getByText('动态验证码', { exact: true }));
}

describe('two-factor authentication', () => {
  const suite = browserSuite('twofactor');
  const open = (size: 'desktop' | 'phone' = 'desktop') => suite.open(size);

  it('makes an official change the password, enrol an authenticator, then sign in with a code', async () => {
    const admin = await open();
    await login(admin, 'admin');
    await admin.goto('/admin/users');
    await visible(admin.getByTestId('users-table').locator('.ant-table-row'));
    await admin.getByTestId('user-create').click();
    await visible(admin.getByRole('dialog', { name: '新建用户' }));
    await admin.getByTestId('uf-username').fill(username);
    await admin.getByTestId('uf-displayName').fill('测试专班');
    await admin.getByTestId('uf-roles').click();
    await pickOption(admin, '市教委/工作专班');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('uf-password').fill(initialPassword);
    await admin.getByTestId('uf-submit').click();
    await visible(admin.getByText(`已创建用户 ${username}`));

    const user = await open();
    // Password first, then the second factor.
    await login(user, username, initialPassword);
    expect(new URL(user.url()).pathname).toBe('/password');
    await user.getByTestId('pw-current').fill(initialPassword);
    await user.getByTestId('pw-new').fill(password);
    await user.getByTestId('pw-confirm').fill(password);
    await user.getByTestId('pw-submit').click();
    await user.waitForURL((url) => url.pathname === '/totp');
    // Nothing else opens until the authenticator is bound.
    await user.goto('/reference');
    await user.waitForURL((url) => url.pathname === '/totp');
    expect(await user.getByTestId('side-menu').count()).toBe(0);
    await visible(user.getByTestId('totp-secret'));
    await readSecret(user);
    expect(await horizontalOverflow(user)).toBeLessThanOrEqual(0);
    await shot(user, 'totp-enrol-desktop');
    const { secret, step } = await enrol(user);

    // The user menu shows 2FA as on, and the page says so without asking for a new secret.
    await user.getByTestId('user-menu').click();
    await (await visible(user.getByTestId('user-menu-totp'))).click();
    await user.waitForURL((url) => url.pathname === '/totp');
    await visible(user.getByTestId('totp-on'));
    expect(await user.getByTestId('totp-secret').count()).toBe(0);

    await logout(user);
    await loginToCodeStep(user);
    // The username and password stay filled behind the code step.
    expect(await user.getByTestId('login-username').inputValue()).toBe(username);
    expect(await user.getByTestId('login-password').inputValue()).toBe(password);
    expect(await horizontalOverflow(user)).toBeLessThanOrEqual(0);
    await shot(user, 'login-totp-desktop');
    // The code used for enrolment cannot be used again.
    await user.getByTestId('login-totp').fill(totpCode(secret, step));
    await user.getByTestId('login-submit').click();
    const error = await visible(user.getByTestId('login-error'));
    expect(await error.textContent()).toContain('动态验证码不正确或已使用');
    expect(new URL(user.url()).pathname).toBe('/login');
    // The next 30-second step's code is accepted (the server allows one step of clock drift).
    await user.getByTestId('login-totp').fill(totpCode(secret, Math.max(step, stepAt()) + 1));
    await user.getByTestId('login-submit').click();
    await user.waitForURL((url) => url.pathname === '/');
    await visible(user.getByTestId('home-welcome'));

    // The administrator sees 2FA on for the user.
    await admin.goto(`/admin/users?q=${username}`);
    const row = await visible(admin.locator('.ant-table-row', { hasText: username }));
    expect(await row.getByTestId(`totp-${username}`).textContent()).toBe('已启用');
    await shot(admin, 'users-totp-desktop');
  });

  it('lets an administrator remove the binding; the official then enrols again on a phone', async () => {
    const admin = await open();
    await login(admin, 'admin');
    await admin.goto(`/admin/users?q=${username}`);
    const row = await visible(admin.locator('.ant-table-row', { hasText: username }));
    await row.getByTestId(`reset-totp-${username}`).click();
    await admin.getByTestId('reset-totp-confirm').click();
    await visible(admin.getByText(`已解除 ${username} 的双因素绑定`));
    await admin.waitForFunction(
      (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent === '未启用',
      `totp-${username}`,
    );
    expect(await row.getByTestId(`reset-totp-${username}`).count()).toBe(0);

    const phone = await open('phone');
    // No code asked any more; the role still requires one, so enrolment comes first.
    await login(phone, username, password);
    expect(new URL(phone.url()).pathname).toBe('/totp');
    await visible(phone.getByTestId('totp-secret'));
    await readSecret(phone);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'totp-enrol-phone');
    const { secret, step } = await enrol(phone);

    await logout(phone);
    await loginToCodeStep(phone);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'login-totp-phone');
    // Back to the password step keeps what was typed.
    await phone.getByTestId('login-totp-back').click();
    expect(await phone.getByTestId('login-username').inputValue()).toBe(username);
    await phone.getByTestId('login-submit').click();
    await visible(phone.getByTestId('login-totp'));
    await phone.getByTestId('login-totp').fill(totpCode(secret, Math.max(step, stepAt()) + 1));
    await phone.getByTestId('login-submit').click();
    await phone.waitForURL((url) => url.pathname === '/');
    await visible(phone.getByTestId('home-welcome'));
  });

  it('opens 2FA set-up from the user menu for a user whose role does not require it', async () => {
    const page = await open();
    await login(page, 'teacher');
    await page.getByTestId('user-menu').click();
    await (await visible(page.getByTestId('user-menu-totp'))).click();
    await page.waitForURL((url) => url.pathname === '/totp');
    await readSecret(page);
    expect(await page.getByTestId('totp-forced').count()).toBe(0);
    // Not forced: the menu stays, and the user may leave.
    await visible(page.getByTestId('side-menu'));
    await visible(page.getByRole('button', { name: /取\s*消/ }));
  });
});

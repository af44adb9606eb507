import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, logout, openOptions, pickOption, shot, visible } from './harness';

const sizes = ['desktop', 'phone'] as const;
const idleInput = 'input[data-testid="sp-idleTimeoutMinutes"], [data-testid="sp-idleTimeoutMinutes"] input';
const inactiveInput = 'input[data-testid="sp-inactiveDisableDays"], [data-testid="sp-inactiveDisableDays"] input';

describe('app shell', () => {
  const suite = browserSuite('shell');
  const open = (size: (typeof sizes)[number] = 'desktop') => suite.open(size);

  it('shows the login page with the demo banner and demo accounts at both widths', async () => {
    for (const size of sizes) {
      const page = await open(size);
      await page.goto('/login');
      await visible(page.getByText('市域产教联合体智慧管理平台'));
      await visible(page.getByTestId('demo-banner'));
      await page.getByText('演示账号', { exact: true }).click();
      const accounts = await visible(page.getByTestId('demo-accounts'));
      expect(await accounts.textContent()).toContain('admin');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `login-${size}`);
    }
  });

  it('rejects a wrong password with the server message', async () => {
    const page = await open();
    await page.goto('/login');
    await page.getByTestId('login-username').fill('teacher');
    await page.getByTestId('login-password').fill('Wrong@2023x');
    await page.getByTestId('login-submit').click();
    const error = await visible(page.getByTestId('login-error'));
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
  });

  it('signs the demo admin in to a layout with the system administrator menu', async () => {
    for (const size of sizes) {
      const page = await open(size);
      await login(page, 'admin');
      await visible(page.getByTestId('home-page'));
      expect(await page.getByTestId('home-role').allTextContents()).toContain('系统管理员');
      expect(await page.getByTestId('home-scope').textContent()).toBe('全市');
      await visible(page.getByTestId('demo-banner'));
      if (size === 'phone') {
        expect(await page.getByTestId('side-menu').count()).toBe(0);
        await page.getByTestId('menu-toggle').click();
      }
      const menu = await visible(page.getByTestId('side-menu'));
      await visible(menu.getByText('系统管理'));
      const menuText = await menu.textContent();
      expect(menuText).toContain('首页');
      // 三权分立: the system administrator does not read the audit log.
      expect(menuText).not.toContain('审计日志');
      if (size === 'phone') {
        await shot(page, 'home-phone-menu');
        await page.keyboard.press('Escape');
        await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' });
      }
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `home-${size}`);

      await page.goto('/admin/users');
      const table = await visible(page.getByTestId('users-table'));
      await visible(table.locator('.ant-table-row'));
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `users-${size}`);

      await page.goto('/reference?tab=majors');
      await visible(page.locator('.ant-table-row'));
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `reference-${size}`);
    }
  });

  it('creates a user who must change the password at first login', async () => {
    const admin = await open();
    await login(admin, 'admin');
    await admin.goto('/admin/users');
    await visible(admin.getByTestId('users-table').locator('.ant-table-row'));
    await admin.getByTestId('user-create').click();
    const modal = await visible(admin.getByRole('dialog', { name: '新建用户' }));

    // Submitting empty shows the contract's messages under the fields.
    await admin.getByTestId('uf-submit').click();
    await visible(modal.getByText('请输入姓名'));

    await admin.getByTestId('uf-username').fill('e2e.teacher');
    await admin.getByTestId('uf-displayName').fill('测试教师');
    await admin.getByTestId('uf-roles').click();
    await pickOption(admin, '企业用户');
    await admin.keyboard.press('Escape');
    // An enterprise user needs an organization: the picker appears and offers enterprises only.
    const org = await visible(admin.getByTestId('uf-org'));
    await org.click();
    await visible(openOptions(admin).filter({ hasText: '【演示】渝新智能汽车零部件有限公司' }));
    expect((await openOptions(admin).allTextContents()).some((o) => o.includes('学院'))).toBe(false);
    await pickOption(admin, '【演示】渝新智能汽车零部件有限公司');
    // Now a teacher instead: a teacher belongs to a school, so the enterprise is cleared and
    // only schools are offered.
    await admin.getByTestId('uf-roles').click();
    await pickOption(admin, '教师');
    await pickOption(admin, '企业用户');
    await admin.keyboard.press('Escape');
    await admin.waitForFunction(
      () => !document.querySelector('[data-testid="uf-org"]')?.textContent?.includes('渝新'),
      undefined,
      { timeout: 10_000 },
    );
    await org.click();
    await visible(openOptions(admin).filter({ hasText: '【演示】重庆示范职业技术学院' }));
    const offered = await openOptions(admin).allTextContents();
    expect(offered.some((o) => o.includes('产业园') || o.includes('有限公司'))).toBe(false);
    await pickOption(admin, '【演示】重庆示范职业技术学院');
    await admin.getByTestId('uf-phone').fill('13800138000');
    await admin.getByTestId('uf-password').fill('Init@2024x');
    await shot(admin, 'users-create-desktop');
    await admin.getByTestId('uf-submit').click();
    await visible(admin.getByText('已创建用户 e2e.teacher'));
    await admin.getByTestId('table-search').locator('input').fill('e2e.teacher');
    await admin.getByTestId('table-search').locator('input').press('Enter');
    const row = await visible(admin.locator('.ant-table-row', { hasText: 'e2e.teacher' }));
    expect(await row.textContent()).toContain('教师');
    expect(await row.textContent()).not.toContain('13800138000');

    const user = await open();
    await login(user, 'e2e.teacher', 'Init@2024x');
    expect(new URL(user.url()).pathname).toBe('/password');
    await visible(user.getByTestId('password-forced'));
    await shot(user, 'password-forced-desktop');
    // Business pages stay closed until the password is changed.
    await user.goto('/reference');
    await user.waitForURL(/\/password$/);
    await user.getByTestId('pw-current').fill('Init@2024x');
    await user.getByTestId('pw-new').fill('short');
    await user.getByTestId('pw-confirm').fill('short');
    await user.getByTestId('pw-submit').click();
    await visible(user.getByText('密码长度至少 8 位'));
    await user.getByTestId('pw-new').fill('Changed@2024');
    await user.getByTestId('pw-confirm').fill('Changed@2024');
    await user.getByTestId('pw-submit').click();
    await user.waitForURL((url) => url.pathname === '/');
    const welcome = await visible(user.getByTestId('home-welcome'));
    expect(await welcome.textContent()).toContain('测试教师');

    await logout(user);
    await login(user, 'e2e.teacher', 'Changed@2024');
    expect(new URL(user.url()).pathname).toBe('/');
  });

  it('edits a user, reveals the full phone number (audited) and resets the password', async () => {
    const admin = await open();
    await login(admin, 'admin');
    await admin.goto('/admin/users?q=teacher');
    const row = await visible(admin.locator('.ant-table-row', { hasText: '演示教师' }));
    await row.getByTestId('edit-teacher').click();
    const modal = await visible(admin.getByRole('dialog', { name: /teacher/ }));
    // The current organization is shown by name before any search.
    await visible(modal.getByText('重庆示范职业技术学院'));
    await admin.getByTestId('uf-displayName').fill('演示教师（已编辑）');
    await admin.getByTestId('uf-submit').click();
    await visible(admin.getByText('已保存 演示教师（已编辑） 的信息'));
    const edited = await visible(admin.locator('.ant-table-row', { hasText: '演示教师（已编辑）' }));
    expect(await edited.textContent()).toMatch(/138\*{4}\d{4}/);

    await edited.getByRole('button', { name: /查看完整号码/ }).click();
    await admin
      .locator('.ant-popover:visible')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await visible(admin.getByText('本次查看已记入审计日志', { exact: false }));
    expect(await edited.textContent()).toMatch(/138\d{8}/);

    await edited.getByTestId('reset-teacher').click();
    await admin.getByTestId('rp-new').fill('Reset@2024x');
    await admin.getByTestId('rp-confirm').fill('Reset@2024y');
    await admin.getByTestId('rp-submit').click();
    await visible(admin.getByText('两次输入的密码不一致'));
    await admin.getByTestId('rp-confirm').fill('Reset@2024x');
    await admin.getByTestId('rp-submit').click();
    await visible(admin.getByText('已重置 teacher 的密码'));

    const teacher = await open('phone');
    await login(teacher, 'teacher', 'Reset@2024x');
    expect(new URL(teacher.url()).pathname).toBe('/password');
    await visible(teacher.getByTestId('password-forced'));
    expect(await horizontalOverflow(teacher)).toBeLessThanOrEqual(0);
    await shot(teacher, 'password-forced-phone');
  });

  it('locks a user, who then cannot sign in and is told why', async () => {
    const admin = await open();
    await login(admin, 'admin');
    await admin.goto('/admin/users?q=reviewer');
    await visible(admin.locator('.ant-table-row', { hasText: 'reviewer' }));
    await admin.getByTestId('lock-reviewer').click();
    await admin.getByTestId('lock-reason').fill('e2e 测试锁定');
    await admin.getByTestId('lock-confirm').click();
    await visible(admin.getByText('已锁定 reviewer'));
    const status = await visible(admin.getByTestId('status-reviewer'));
    // The server records an administrator's lock as a disabled account.
    expect(await status.textContent()).toBe('已停用');

    const locked = await open();
    await locked.goto('/login');
    await locked.getByTestId('login-username').fill('reviewer');
    await locked.getByTestId('login-password').fill('Demo@2023');
    await locked.getByTestId('login-submit').click();
    const error = await visible(locked.getByTestId('login-error'));
    expect(await error.textContent()).toContain('账号已停用');
    expect(locked.url()).toContain('/login');
  });

  it('lets the auditor read the audit log, verify the hash chain and export', async () => {
    for (const size of sizes) {
      const page = await open(size);
      await login(page, 'auditor');
      await page.goto('/audit');
      const table = await visible(page.getByTestId('audit-table'));
      await visible(table.locator('.ant-table-row'));
      await page.getByTestId('audit-verify').click();
      const result = await visible(page.getByTestId('audit-verify-result'));
      expect(await result.textContent()).toContain('哈希链完整');
      if (size === 'desktop') {
        // The admin's lock from the test above, with its before/after and reason.
        const lockRow = await visible(table.locator('.ant-table-row', { hasText: 'user.lock' }));
        await lockRow.locator('.ant-table-row-expand-icon').click();
        const diff = await visible(page.getByTestId('audit-diff'));
        const diffText = await diff.textContent();
        for (const part of ['status', 'active', 'disabled', 'e2e 测试锁定']) expect(diffText).toContain(part);
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
        expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      }
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `audit-${size}`);
    }
  });

  it('shows the 403 page to a student opening user administration, and 404 for unknown URLs', async () => {
    const page = await open();
    await login(page, 'student');
    expect(await page.getByTestId('side-menu').textContent()).not.toContain('用户管理');
    await page.goto('/admin/users');
    await visible(page.getByTestId('page-403'));
    await shot(page, 'forbidden-desktop');
    await page.goto('/no/such/page');
    await visible(page.getByTestId('page-404'));
    await shot(page, 'not-found-desktop');
    await page.getByRole('button', { name: /返回首页/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('lets the security administrator edit the policy, validated with the contract', async () => {
    for (const size of sizes) {
      const page = await open(size);
      await login(page, 'security');
      await page.goto('/admin/security');
      const idle = await visible(page.locator(idleInput));
      await page.waitForFunction((sel) => {
        const input = document.querySelector<HTMLInputElement>(sel);
        return !!input?.value;
      }, idleInput);
      // The roles that must use a second factor, by their Chinese names (the default list).
      const totpRoles = await visible(page.getByTestId('sp-totpRequiredRoles'));
      for (const role of ['系统管理员', '安全管理员', '审计管理员', '市教委/工作专班'])
        await visible(totpRoles.getByText(role, { exact: true }));
      if (size === 'desktop') {
        expect(await page.locator(inactiveInput).inputValue()).toBe('90');
        await idle.fill('60');
        await page.getByTestId('sp-save').click();
        await visible(page.getByText('等保要求不超过 30 分钟'));
        await idle.fill('20');
        await page.locator(inactiveInput).fill('180');
        await totpRoles.click();
        // The list is virtual: filter it down to the role, which is at its end.
        await page.keyboard.type('评审');
        await pickOption(page, '评审专家');
        await page.keyboard.press('Escape');
        await page.getByTestId('sp-save').click();
        await visible(page.getByText('安全策略已保存'));
        await page.reload();
        await page.waitForFunction(
          ([a, b]) =>
            document.querySelector<HTMLInputElement>(a)?.value === '20' &&
            document.querySelector<HTMLInputElement>(b)?.value === '180',
          [idleInput, inactiveInput] as const,
        );
        await visible(page.getByTestId('sp-totpRequiredRoles').getByText('评审专家', { exact: true }));
      }
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `security-${size}`);
    }
  });

  it('switches to English: labels, antd texts and server messages follow', async () => {
    const page = await open();
    await page.goto('/login');
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await visible(page.getByRole('button', { name: 'Sign in' }));
    await page.getByTestId('login-username').fill('official');
    await page.getByTestId('login-password').fill('Wrong@2023x');
    await page.getByTestId('login-submit').click();
    const error = await visible(page.getByTestId('login-error'));
    expect(await error.textContent()).toContain('Wrong username or password');
    await page.getByTestId('login-password').fill('Demo@2023');
    await page.getByTestId('login-submit').click();
    const welcome = await visible(page.getByTestId('home-welcome'));
    expect(await welcome.textContent()).toContain('Welcome');
    expect(await page.getByTestId('home-role').allTextContents()).toContain('Education commission official');
    await page.goto('/consortia');
    await visible(page.locator('.ant-table-row'));
    await visible(page.getByText(/in total/));
    await shot(page, 'consortia-en-desktop');
    // The choice survives a reload.
    await page.reload();
    await visible(page.getByText(/in total/));
  });

  it('sends a signed-out visitor to the login page and back after signing in', async () => {
    const page = await open();
    await page.goto('/reference?tab=majors');
    await page.waitForURL(/\/login\?redirect=/);
    await page.getByTestId('login-username').fill('enterprise');
    await page.getByTestId('login-password').fill('Demo@2023');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/reference');
    await visible(page.locator('.ant-table-row'));

    // The session disappears (expired, revoked): the next call's 401 leads back to /login.
    await page.context().clearCookies();
    await page.getByRole('tab', { name: '行业分类' }).click();
    await page.waitForURL(/\/login\?redirect=%2Freference%3Ftab%3Dindustries/);
    await visible(page.getByTestId('login-submit'));
  });
});

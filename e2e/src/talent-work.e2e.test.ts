import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, openOptions, pickOption, shot, visible } from './harness';

const demoConsortium = '重庆市智能网联新能源汽车产教联合体';
const jobTitle = `【E2E】新能源汽车动力电池检测员 ${Date.now() % 100000}`;

/** The text box of an antd field, whether the test id sits on the input or on its wrapper. */
function inputOf(scope: Page | Locator, testId: string): Locator {
  return scope
    .locator(
      [`input[data-testid="${testId}"]`, `textarea[data-testid="${testId}"]`, `[data-testid="${testId}"] input`].join(
        ', ',
      ),
    )
    .first();
}

/** Opens a Select and picks the option whose label starts with `label`; retries a click lost to the opening animation. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 1; ; attempt++) {
    await select.click();
    const option = openOptions(page)
      .filter({ hasText: new RegExp(`^${label}`) })
      .first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    try {
      await expect.poll(() => select.textContent(), { timeout: 3000 }).toContain(label);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens a remote-search Select, types, and picks the option containing `label`. */
async function searchAndPick(page: Page, testId: string, text: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await visible(openOptions(page).filter({ hasText: label }));
  await pickOption(page, label);
}

/** Types items into a tags-mode Select, each followed by Enter. */
async function addTags(page: Page, testId: string, items: string[]): Promise<void> {
  await page.getByTestId(testId).click();
  for (const item of items) {
    await page.keyboard.type(item);
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => page.getByTestId(testId).textContent()).toContain(items[items.length - 1]!);
}

/** Clicks the OK button of the open Popconfirm. */
async function confirmPopover(page: Page, label: RegExp): Promise<void> {
  const pop = await visible(page.locator('.ant-popconfirm:visible'));
  await pop.getByRole('button', { name: label }).click();
}

describe('talent: enterprise posts a job, invites; the student applies; the enterprise moves it', () => {
  const suite = browserSuite('talent-work');
  let jobPath = '';
  let studentName = '';

  it('lets the enterprise post a job and see explained recommendations, and invite a student', async () => {
    // The demo student's name, so the enterprise invites someone else and the student applies himself.
    const probe = await suite.open();
    await login(probe, 'student');
    const me = await probe.request.get('/api/students/me');
    expect(me.status()).toBe(200);
    studentName = ((await me.json()) as { name: string }).name;

    const page = await suite.open();
    await login(page, 'enterprise');
    await page.goto('/talent/jobs');
    await visible(page.getByTestId('jobs-table').locator('.ant-table-row'));
    // Facet counts in the status filter (from the list response).
    await page.getByTestId('filter-status').click();
    await visible(openOptions(page).filter({ hasText: /已发布 \(\d+\)/ }));
    await page.keyboard.press('Escape');

    await page.getByTestId('job-create').click();
    const modal = await visible(page.getByRole('dialog', { name: '发布岗位' }));
    // Empty: the contract's messages under the fields.
    await inputOf(page, 'jf-title').fill('');
    await page.getByTestId('jf-publish').click();
    await visible(modal.getByText('岗位名称至少 2 个字'));
    await visible(modal.getByText('请选择工作区县'));

    await choose(page, 'jf-consortium', demoConsortium);
    await inputOf(page, 'jf-title').fill(jobTitle);
    await inputOf(page, 'jf-description').fill(
      '负责动力电池包的检测、装调与质量记录，参与新能源汽车整车下线检验（端到端测试）。',
    );
    await choose(page, 'jf-kind', '全职');
    await inputOf(page, 'jf-headCount').fill('3');
    await choose(page, 'jf-minLevel', '高职专科');
    await searchAndPick(page, 'jf-occupation', '汽车装调', '汽车装调工');
    await choose(page, 'jf-cluster', '智能网联新能源汽车');
    await searchAndPick(page, 'jf-industry', '汽车零部件', '汽车零部件');
    await page.keyboard.press('Escape');
    await page.getByTestId('jf-district').click();
    await page.keyboard.type('渝北');
    await pickOption(page, '渝北区');
    // A whole 专业类 and one exact major, each labelled with its kind.
    await page.getByTestId('jf-majors').click();
    await page.keyboard.type('460702');
    const exact = await visible(openOptions(page).filter({ hasText: '460702' }));
    expect(await exact.textContent()).toContain('专业');
    await exact.click();
    await page.keyboard.press('Escape');
    await page.getByTestId('jf-majors').click();
    await page.keyboard.type('汽车制造类');
    const klass = await visible(openOptions(page).filter({ hasText: '专业类' }).filter({ hasText: '汽车制造类' }));
    await klass.click();
    await page.keyboard.press('Escape');
    await addTags(page, 'jf-skills', ['新能源汽车装调', '动力电池检测', 'CAN总线']);
    await addTags(page, 'jf-certificates', ['1+X 新能源汽车动力驱动电机电池技术']);
    await inputOf(page, 'jf-salaryMin').fill('6000');
    await inputOf(page, 'jf-salaryMax').fill('9000');
    // The headline field once more, so the screenshot shows the modal from its top.
    await inputOf(page, 'jf-title').click();
    await shot(page, 'work-job-form');
    await page.getByTestId('jf-publish').click();

    await page.waitForURL(/\/talent\/jobs\/[0-9a-f-]{36}$/);
    jobPath = new URL(page.url()).pathname;
    await visible(page.getByText(`已发布岗位“${jobTitle}”`));
    await visible(page.getByTestId('job-title').filter({ hasText: jobTitle }));
    expect(await page.getByTestId('job-status').first().textContent()).toBe('已发布');
    const info = await visible(page.getByTestId('job-info'));
    expect(await info.textContent()).toContain('新能源汽车技术');
    expect(await info.textContent()).toContain('渝北区');

    // Recommended students: a score and a reason per row.
    await page.getByRole('tab', { name: '推荐学生' }).click();
    const rows = page.getByTestId('rec-table').locator('.ant-table-row');
    await visible(rows);
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThanOrEqual(20);
    const firstReason = await rows.first().getByTestId('rec-reason').textContent();
    expect(firstReason).toMatch(/专业/);
    const score = Number(await rows.first().getByTestId('match-score-value').textContent());
    expect(score).toBeGreaterThan(0);
    await visible(rows.first().getByTestId('match-factors'));
    // Scores best first.
    const scores = await page.getByTestId('match-score-value').allTextContents();
    expect(scores.map(Number)).toEqual([...scores.map(Number)].sort((a, b) => b - a));
    await shot(page, 'work-job-recommendations');

    // Invite the best student who is not the demo student.
    const other = rows.filter({ hasNot: page.getByText(studentName, { exact: true }) }).first();
    const invitedName = (await other.getByTestId('rec-student').locator('strong').first().textContent()) ?? '';
    await other.getByRole('button', { name: /邀请投递/ }).click();
    await confirmPopover(page, /邀请投递/);
    await visible(page.getByText(`已邀请 ${invitedName}`));
    await visible(other.getByText('已在流程中：投递'));

    // 投递记录 lists the invitation.
    await page.getByRole('tab', { name: '投递记录' }).click();
    const appRow = await visible(
      page.getByTestId('job-applications-table').locator('.ant-table-row', { hasText: invitedName }),
    );
    expect(await appRow.textContent()).toContain('企业邀请');
  });

  it('shows the reason in English too', async () => {
    const page = await suite.open('desktop', 'en-US');
    await login(page, 'enterprise');
    await page.goto(`${jobPath}?tab=recommend`);
    const rows = page.getByTestId('rec-table').locator('.ant-table-row');
    await visible(rows);
    expect(await rows.first().getByTestId('rec-reason').textContent()).toMatch(/major|skills/);
    await shot(page, 'work-job-recommendations-en');
  });

  it('lets the student see recommended jobs with reasons, apply, and find it under 我的投递', async () => {
    const page = await suite.open();
    await login(page, 'student');
    await page.goto('/talent/me');
    const profile = await visible(page.getByTestId('my-profile'));
    expect(await profile.textContent()).toContain(studentName);
    expect(await profile.textContent()).toContain('新能源汽车技术');
    expect(await page.getByTestId('me-consent').getAttribute('aria-checked')).toBe('true');
    await visible(page.getByText('企业永远看不到'));
    // Her applications are here, so the menu has no separate 投递管理.
    expect(await page.getByRole('menuitem', { name: '投递管理' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '我的求职' }).count()).toBe(1);

    const items = page.getByTestId('my-rec-item');
    await visible(items);
    expect(await items.first().getByTestId('my-rec-reason').textContent()).toMatch(/专业|技能|区县|集群/);
    const mine = await visible(items.filter({ hasText: jobTitle }));
    expect(await mine.getByTestId('my-rec-reason').textContent()).toContain('专业完全匹配');
    await shot(page, 'work-student-home');

    await mine.getByRole('button', { name: /投递/ }).click();
    await page.getByTestId('apply-note').fill('我有动力电池检测实训经历，期待面试机会。');
    await page.getByTestId('apply-confirm').click();
    await visible(page.getByText(`已投递“${jobTitle}”`));
    await visible(mine.getByText('已投递'));

    await page.getByRole('tab', { name: /我的投递/ }).click();
    const row = await visible(page.getByTestId('my-applications').locator('.ant-table-row', { hasText: jobTitle }));
    expect(await row.getByTestId('application-stage').textContent()).toBe('投递');
    expect(await row.textContent()).toContain('学生投递');
    // The history names the application.
    await row.getByRole('button', { name: /进度/ }).click();
    const drawer = await visible(page.getByTestId('history-drawer'));
    await visible(drawer.getByTestId('history-timeline'));
    expect(await drawer.textContent()).toContain('期待面试机会');
    await page.keyboard.press('Escape');
    await shot(page, 'work-student-applications');

    // The phone: no sideways scroll; the tables scroll inside their card.
    const phone = await suite.open('phone');
    await login(phone, 'student');
    await phone.goto('/talent/me');
    await visible(phone.getByTestId('my-rec-item'));
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'work-student-home-phone');
  });

  it('lets the enterprise move the application to 面试', async () => {
    const page = await suite.open();
    await login(page, 'enterprise');
    await page.goto('/talent/applications');
    const table = await visible(page.getByTestId('applications-table'));
    const row = await visible(table.locator('.ant-table-row', { hasText: studentName }).filter({ hasText: jobTitle }));
    expect(await row.getByTestId('application-stage').textContent()).toBe('投递');

    for (const stage of ['筛选', '面试']) {
      await row.getByRole('button', { name: /推进/ }).click();
      const modal = await visible(page.getByRole('dialog', { name: /推进投递/ }));
      await modal.locator('label', { hasText: stage }).click();
      await inputOf(modal, 'move-note').fill(`${stage}：端到端测试`);
      await page.getByTestId('move-submit').click();
      await visible(page.getByText(`${studentName} 已进入“${stage}”阶段`));
      await modal.waitFor({ state: 'hidden' });
      await expect.poll(() => row.getByTestId('application-stage').textContent()).toBe(stage);
    }
    await shot(page, 'work-applications');

    // Filters: the stage filter keeps the row.
    await page.getByTestId('filter-stage').click();
    await pickOption(page, '面试');
    await visible(table.locator('.ant-table-row', { hasText: jobTitle }));

    // A draft: saved, deleted (confirmed), found under 已删除 and restored.
    const draft = `【E2E】草稿岗位 ${Date.now() % 100000}`;
    await page.goto('/talent/jobs');
    await page.getByTestId('job-create').click();
    await visible(page.getByRole('dialog', { name: '发布岗位' }));
    await inputOf(page, 'jf-title').fill(draft);
    await page.getByTestId('jf-district').click();
    await page.keyboard.type('渝北');
    await pickOption(page, '渝北区');
    await page.getByTestId('jf-draft').click();
    await page.waitForURL(/\/talent\/jobs\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('job-title').filter({ hasText: draft }));
    expect(await page.getByTestId('job-status').first().textContent()).toBe('草稿');
    await page.goto('/talent/jobs');
    const draftRow = await visible(page.getByTestId('jobs-table').locator('.ant-table-row', { hasText: draft }));
    await draftRow.getByRole('button', { name: /删除/ }).click();
    await confirmPopover(page, /删\s*除/);
    await visible(page.getByText(`已删除岗位“${draft}”`));
    await page.getByTestId('filter-deleted').getByText('已删除').click();
    const deletedRow = await visible(page.getByTestId('jobs-table').locator('.ant-table-row', { hasText: draft }));
    await deletedRow.getByRole('button', { name: /恢复/ }).click();
    await confirmPopover(page, /恢\s*复/);
    await visible(page.getByText(`已恢复岗位“${draft}”`));

    const phone = await suite.open('phone');
    await login(phone, 'enterprise');
    await phone.goto('/talent/jobs');
    await visible(phone.getByTestId('jobs-table').locator('.ant-table-row'));
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'work-jobs-phone');
  });
});

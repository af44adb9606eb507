import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, shot, visible } from './harness';

// The demo seed (apps/server/src/seed/ledger.ts): the account `unit` (official of 市经济信息委) has a
// SUBMITTED Q3 2026 report on one of its tasks; officials without an organization review it.
const UNIT = '市经济信息委';
const YEAR = 2026;
const RETURN_COMMENT = 'E2E：请补充第三季度订单班开班数量和企业参与的佐证材料。';
const REVISED = 'E2E：已补充——第三季度新开订单班 4 个，合作企业 12 家，附开班通知。';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** The report row of the unit's submitted Q3 report in the official's review list. */
async function openSubmittedQ3(page: Page): Promise<void> {
  await page.goto(`/ledger?tab=reports&year=${YEAR}&quarter=3&status=submitted`);
  const row = page.getByTestId('reports-table').locator('.ant-table-row', { hasText: UNIT }).first();
  await visible(row);
  await row.getByTestId('report-open').click();
  await visible(page.getByTestId('task-drawer').getByTestId('report-view'));
}

function drawer(page: Page): Locator {
  return page.getByTestId('task-drawer');
}

async function modalOk(page: Page, name: RegExp | string, testId: string): Promise<Locator> {
  const modal = await visible(page.getByRole('dialog', { name }));
  // Let the opening animation finish before pressing OK.
  await page.waitForTimeout(300);
  await modal.getByTestId(testId).click();
  return modal;
}

describe('工作台账: a quarterly ledger report is returned and resubmitted', () => {
  const suite = browserSuite('ledger');
  let taskTitle = '';

  it('the official finds the unit’s submitted Q3 report and returns it with a comment', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/ledger?year=${YEAR}`);
    await visible(page.getByTestId('ledger-legend'));
    await visible(page.getByTestId('tasks-table').locator('.ant-table-row'));
    // The rules of the highlighted rows are explained on the page.
    expect(await page.getByTestId('ledger-legend').textContent()).toContain('10 天');
    await shot(page, 'ledger-tasks');

    await openSubmittedQ3(page);
    const d = drawer(page);
    taskTitle = (await d.locator('.ant-drawer-title').textContent()) ?? '';
    expect(taskTitle.length).toBeGreaterThan(0);
    expect(await d.getByTestId('report-status').textContent()).toBe('已提交');
    expect(await d.getByTestId('report-form').count()).toBe(0);

    // A return needs a comment: the form says so before anything is sent.
    await d.getByTestId('report-return').click();
    const modal = await modalOk(page, '退回修改', 'review-modal-ok');
    await visible(modal.getByText('请填写退回意见'));
    await modal.getByTestId('review-comment').fill(RETURN_COMMENT);
    await modal.getByTestId('review-modal-ok').click();
    await expect.poll(() => d.getByTestId('report-status').textContent(), { timeout: 15_000 }).toBe('已退回');
    expect(await d.getByTestId('report-return-comment').textContent()).toContain(RETURN_COMMENT);
    await visible(d.getByTestId('ledger-history').getByText('退回修改'));
    await shot(page, 'ledger-report-returned-official');
  });

  it('the unit sees it returned with the comment, revises, adds evidence and resubmits', async () => {
    const page = await suite.open();
    await login(page, 'unit');
    await page.goto(`/ledger?year=${YEAR}`);
    const row = page.getByTestId('tasks-table').locator('.ant-table-row', { hasText: taskTitle }).first();
    await visible(row);
    await expect.poll(() => row.getByTestId('task-q3').textContent(), { timeout: 15_000 }).toContain('已退回');

    // The in-app notice of the return (the bell, when the app has one) leads to the report;
    // without it, the task's row does.
    const bell = page.getByTestId('notification-bell');
    const d = drawer(page);
    let viaBell = false;
    if (await bell.count()) {
      await bell.click();
      const panel = await visible(page.getByTestId('notification-panel'));
      const notice = panel.getByTestId('notification-item').filter({ hasText: '退回' }).first();
      if (await notice.count()) {
        await shot(page, 'ledger-unit-notification');
        await notice.click();
        viaBell = true;
      } else await page.keyboard.press('Escape');
    }
    if (!viaBell) await row.getByTestId('task-open').click();
    // The drawer opens on the quarter that waits for the unit: Q3, returned, with the comment.
    await visible(d.getByTestId('report-return-comment'));
    expect(await d.getByTestId('report-return-comment').textContent()).toContain(RETURN_COMMENT);
    expect(await d.getByTestId('report-status').textContent()).toBe('已退回');
    expect(await d.locator('.ant-tabs-tab-active').textContent()).toContain('Q3');
    await shot(page, 'ledger-report-returned-unit');

    const form = d.getByTestId('report-form');
    const percent = form.getByTestId('report-percent-input');
    const before = Number(await percent.inputValue());
    const after = Math.min(100, before + 10);
    await percent.fill(String(after));
    await form.getByTestId('report-narrative-input').fill(REVISED);
    await form.getByTestId('report-save').click();
    await visible(page.getByText('草稿已保存'));
    // Evidence goes with the report (multipart upload), then shows in its list.
    await d
      .getByTestId('report-evidence-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '第三季度开班通知.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visible(d.getByTestId('evidence-list').getByText('第三季度开班通知.pdf'));
    await form.getByTestId('report-submit').click();
    await expect.poll(() => d.getByTestId('report-status').textContent(), { timeout: 15_000 }).toBe('已提交');
    await visible(d.getByTestId('report-resubmitted'));
    expect(await d.getByTestId('report-narrative').textContent()).toBe(REVISED);
    expect(await d.getByTestId('report-percent').textContent()).toBe(String(after));
    await visible(d.getByTestId('ledger-history').getByText('重新提交'));
    // The unit cannot review its own report.
    expect(await d.getByTestId('report-accept').count()).toBe(0);
    expect(await d.getByTestId('report-return').count()).toBe(0);
    await shot(page, 'ledger-report-resubmitted-unit');
  });

  it('the official sees it resubmitted and accepts it', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await openSubmittedQ3(page);
    const d = drawer(page);
    await visible(d.getByTestId('report-resubmitted'));
    expect(await d.getByTestId('report-narrative').textContent()).toBe(REVISED);
    // The comment that sent it back is still shown, as the last return's.
    expect(await d.getByTestId('report-last-return').textContent()).toContain(RETURN_COMMENT);
    // The unit's evidence downloads.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      d.getByTestId('evidence-list').getByTestId('evidence-download').first().click(),
    ]);
    expect(file.suggestedFilename()).toBe('第三季度开班通知.pdf');
    await d.getByTestId('report-accept').click();
    const accept = await modalOk(page, '审核通过', 'review-modal-ok');
    await expect.poll(() => accept.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => d.getByTestId('report-status').textContent(), { timeout: 15_000 }).toBe('已通过');
    await visible(d.getByTestId('report-accept-note'));
    expect(await d.getByTestId('report-last-return').count()).toBe(0);
    const history = d.getByTestId('ledger-history');
    for (const step of ['退回修改', '重新提交', '通过']) await visible(history.getByText(step).first());
    expect(await d.getByTestId('report-review-actions').getByTestId('report-accept').count()).toBe(0);
    await shot(page, 'ledger-report-accepted');
  });
});

describe('赛马比拼 and 政策事项', () => {
  const suite = browserSuite('ledger-competition');

  it('a unit submits one best-practice case a quarter; a second is refused with the server’s message', async () => {
    const page = await suite.open();
    await login(page, 'unit');
    await page.goto('/ledger/competition');
    await visible(page.getByTestId('cases-table'));
    const submit = async (title: string) => {
      await page.getByTestId('case-create').first().click();
      const modal = await visible(page.getByRole('dialog', { name: '提交案例' }));
      await modal.getByTestId('case-title').fill(title);
      await modal.getByTestId('case-summary').fill(`${title}：做法、成效与可推广经验。`);
      await modal.getByTestId('case-modal-ok').click();
      return modal;
    };
    const first = await submit('E2E 最佳实践：校企共建产业学院');
    // Either it is the unit's first case this quarter, or the seed already has one: then the server refuses.
    const created = await Promise.race([
      page
        .getByTestId('case-drawer')
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => true),
      first
        .getByTestId('case-modal-error')
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => false),
    ]);
    if (created) {
      await page.getByTestId('case-drawer').locator('.ant-drawer-close').click();
      const second = await submit('E2E 第二个案例');
      await visible(second.getByTestId('case-modal-error'));
      expect(await second.getByTestId('case-modal-error').textContent()).toMatch(/季度/);
      await shot(page, 'ledger-case-refused');
    } else {
      expect(await first.getByTestId('case-modal-error').textContent()).toMatch(/季度/);
      await shot(page, 'ledger-case-refused');
    }
  });

  it('an official shortlists a submitted case', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/ledger/competition?year=${YEAR}&status=submitted`);
    const row = page.getByTestId('cases-table').locator('.ant-table-row').first();
    await visible(row);
    await row.getByTestId('case-open').click();
    const d = await visible(page.getByTestId('case-drawer'));
    await visible(d.getByTestId('case-status'));
    expect(await d.getByTestId('case-status').textContent()).toBe('已提交');
    await d.getByTestId('case-decide-shortlisted').click();
    await modalOk(page, /入围/, 'decision-modal-ok');
    await expect.poll(() => d.getByTestId('case-status').textContent(), { timeout: 15_000 }).toBe('入围');
    await visible(d.getByTestId('case-decide-selected'));
    await visible(d.getByTestId('ledger-history').getByText('入围'));
    await shot(page, 'ledger-case-shortlisted');
  });

  it('the official computes the annual ranking and sees the formula and weights', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/ledger/competition?tab=ranking&year=${YEAR}`);
    await visible(page.getByTestId('ranking-view'));
    await page.getByTestId('ranking-compute').click();
    const modal = await visible(page.getByRole('dialog', { name: /计算 .* 年联合体排名/ }));
    expect(await modal.getByTestId('compute-sum').textContent()).toContain('100%');
    await modal.getByTestId('compute-modal-ok').click();
    const formula = await visible(page.getByTestId('ranking-formula'));
    const text = (await formula.textContent()) ?? '';
    expect(text).toMatch(/50/);
    expect(text).toMatch(/30/);
    expect(text).toMatch(/20/);
    expect(await page.getByTestId('weight-evaluation').textContent()).toContain('50');
    await visible(page.getByTestId('ranking-table').locator('.ant-table-row'));
    expect(await page.getByTestId('ranking-status').textContent()).toBe('草稿');
    await shot(page, 'ledger-ranking');
    // Which targets were counted for the KPI component: in the score's tooltip.
    await page.getByTestId('ranking-table').getByTestId('ranking-kpi').first().hover();
    const tip = await visible(page.locator('.ant-tooltip:visible'));
    expect(await tip.textContent()).toContain('计入的目标');
    await shot(page, 'ledger-ranking-kpi-tooltip');
    await page.mouse.move(0, 0);

    await page.getByTestId('ranking-publish').click();
    await (await visible(page.locator('.ant-popconfirm:visible'))).getByRole('button', { name: /发\s*布/ }).click();
    await expect.poll(() => page.getByTestId('ranking-status').textContent(), { timeout: 15_000 }).toBe('已发布');
    expect(await page.getByTestId('ranking-publish').count()).toBe(0);
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ranking-pdf').click()]);
    expect(report.suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('the policy items list shows each lead department’s status; an official updates one', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/ledger/policy-items?year=${YEAR}`);
    const rows = page.getByTestId('policy-table').locator('.ant-table-row');
    await visible(rows);
    await visible(page.getByTestId('policy-summary'));
    await shot(page, 'ledger-policy-items');
    await rows.first().locator('[data-testid^="policy-open-"]').click();
    const d = await visible(page.getByTestId('policy-drawer'));
    const form = await visible(d.getByTestId('policy-form'));
    await form.getByText('推进中').click();
    await form.getByTestId('policy-evidence-text').fill('E2E：已印发实施方案，正在组织申报。');
    await form.getByTestId('policy-save').click();
    await visible(page.getByText('落实情况已保存'));
    await expect.poll(() => d.getByTestId('policy-status').first().textContent(), { timeout: 15_000 }).toBe('推进中');
  });

  it('an official assigns a task to one of the measure’s responsible units', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/ledger?tab=measures&year=${YEAR}`);
    await visible(page.getByTestId('measures-view').locator('.ant-table-row'));
    await shot(page, 'ledger-measures');
    await page.getByTestId('measure-create-3').click();
    const modal = await visible(page.getByRole('dialog', { name: '下达任务' }));
    await modal.getByTestId('task-unit').click();
    // Only the units measure 3 names (市经济信息委；市教委) are offered.
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await visible(options);
    expect((await options.allTextContents()).sort()).toEqual(['市教委', '市经济信息委']);
    // Chosen by keyboard (type to filter, Enter): a pointer click on the option can be lost while the
    // dropdown is still positioning itself inside the scrolled modal.
    await page.keyboard.type('市教委');
    await expect.poll(() => options.allTextContents()).toEqual(['市教委']);
    await page.keyboard.press('Enter');
    await visible(modal.getByTestId('task-unit').getByText('市教委', { exact: true }));
    await modal.getByTestId('task-title').fill('E2E：组建 1 个行业企业牵头的产教联合体');
    await modal.getByTestId('task-target').fill('年底前完成 1 个行业企业牵头的产教联合体组建并登记。');
    await modal.getByTestId('task-modal-ok').click();
    const d = drawer(page);
    await visible(d.getByText('E2E：组建 1 个行业企业牵头的产教联合体'));
    await visible(d.getByTestId('ledger-history').getByText(/下达|创建/));
  });

  it('the pages speak English too', async () => {
    const page = await suite.open('desktop', 'en-US');
    await login(page, 'official');
    await page.goto(`/ledger?year=${YEAR}`);
    await visible(page.getByTestId('tasks-table').locator('.ant-table-row'));
    await visible(page.getByRole('heading', { name: 'Work ledger' }));
    expect(await page.getByTestId('ledger-legend').textContent()).toContain('10 days');
    await page.goto(`/ledger/competition?tab=ranking&year=${YEAR}`);
    await visible(page.getByTestId('ranking-formula'));
    await shot(page, 'ledger-ranking-en');
  });

  it('the ledger fits a phone', async () => {
    const page = await suite.open('phone');
    await login(page, 'official');
    await page.goto(`/ledger?year=${YEAR}`);
    await visible(page.getByTestId('tasks-table').locator('.ant-table-row'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'ledger-phone');
    await page.getByTestId('tasks-table').getByTestId('task-open').first().click();
    await visible(page.getByTestId('task-drawer').getByTestId('ledger-history'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'ledger-phone-drawer');
    await page.goto(`/ledger/competition?tab=ranking&year=${YEAR}`);
    await visible(page.getByTestId('ranking-view'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto(`/ledger/policy-items?year=${YEAR}`);
    await visible(page.getByTestId('policy-table').locator('.ant-table-row'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, pickOption, shot, visible } from './harness';

// The cockpit (issue 6): the overview of every policy target, a KPI's trajectory and drill-down to
// the records behind it, and a statistical return (统计填报) written by the demo `unit` account
// (official of 市经济信息委), submitted with evidence and approved by `official` — after which the
// KPI shows the figure. T04 (国家产教融合试点区县) is a returns KPI without a demo return.
const KPI = 'T04';
const YEAR = 2025;
const VALUE = '3';
const NOTE = 'E2E：教育部、国家发展改革委公布的国家产教融合试点区县名单（重庆）。';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function popconfirm(page: Page, name: string): Promise<void> {
  const pop = await visible(page.locator('.ant-popconfirm:not(.ant-popover-hidden)'));
  await page.waitForTimeout(200);
  await pop.getByRole('button', { name }).click();
}

function drawer(page: Page): Locator {
  return page.getByTestId('return-drawer');
}

describe('数据驾驶舱: overview, KPI drill-down, and a statistical return that counts once approved', () => {
  const suite = browserSuite('cockpit');

  it('the official sees every KPI grouped by section with status counts, and filters by status', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/cockpit?year=${YEAR + 1}`);
    const summary = await visible(page.getByTestId('cockpit-summary'));
    // The status counters add up to every defined KPI (54 policy targets).
    const counts = await Promise.all(
      ['met', 'on_track', 'lagging', 'severely_lagging', 'no_data'].map(async (s) =>
        Number(await summary.getByTestId(`count-${s}`).locator('.cockpit-count-n').textContent()),
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(54);
    expect(await page.getByTestId('cockpit-coverage').textContent()).toContain('54');
    const cards = page.locator('[data-testid^="kpi-card-"]');
    await visible(cards);
    expect(await cards.count()).toBe(54);
    // An awaiting KPI says so and shows no number; a records KPI shows its value and source.
    const awaiting = page.locator('[data-testid^="kpi-card-"]', { hasText: '数据来源模块未上线' }).first();
    expect(await awaiting.getByTestId('kpi-value').textContent()).toBe('数据来源模块未上线');
    expect(await awaiting.getByTestId('kpi-status').textContent()).toBe('无数据');
    const t03 = page.getByTestId('kpi-card-T03');
    expect(await t03.getByTestId('kpi-source-kind').textContent()).toBe('平台记录');
    expect(await t03.getByTestId('kpi-value').textContent()).toMatch(/^\d+$/);
    await shot(page, 'cockpit-overview');
    // The monthly briefing downloads from the overview.
    const [briefing] = await Promise.all([page.waitForEvent('download'), page.getByTestId('briefing-pdf').click()]);
    expect(briefing.suggestedFilename()).toMatch(/\.pdf$/);

    // Clicking a counter shows only the KPIs of that status.
    const noData = counts[4]!;
    await summary.getByTestId('count-no_data').click();
    await expect.poll(() => cards.count()).toBe(noData);
    for (const tag of await page.getByTestId('kpi-status').allTextContents()) expect(tag).toBe('无数据');
    await summary.getByTestId('count-no_data').click();
    await expect.poll(() => cards.count()).toBe(54);
  });

  it('a KPI opens with its definition, trajectory and drill-down to the records behind it', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/cockpit?year=${YEAR + 1}`);
    await (await visible(page.getByTestId('kpi-card-T10'))).click();
    await page.waitForURL(/\/cockpit\/kpis\/T10/);
    const detail = await visible(page.getByTestId('kpi-detail'));
    expect(await detail.getByTestId('kpi-formula').textContent()).toContain('联合体');
    expect(await detail.getByTestId('kpi-targets').textContent()).toContain('2027');
    await visible(detail.getByTestId('kpi-trajectory'));
    // Drill-down by district: the buckets, then the records of one bucket, linking to the registry.
    const drill = await visible(detail.getByTestId('kpi-drill'));
    await drill.getByRole('tab', { name: '按区县' }).click();
    const bucketRow = drill.getByTestId('kpi-breakdown').locator('.ant-table-row').first();
    await visible(bucketRow);
    const bucket = ((await bucketRow.locator('td').first().textContent()) ?? '').trim();
    await bucketRow.getByTestId('drill-records').click();
    const records = page.getByTestId('kpi-records');
    await expect.poll(() => records.getByTestId('records-bucket').textContent()).toContain(bucket);
    const link = records.getByTestId('record-link').first();
    await visible(link);
    // A full-page shot of a scrolled page draws the fixed header mid-page: back to the top first.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'cockpit-kpi-drill');
    const name = ((await link.textContent()) ?? '').trim();
    await link.click();
    await page.waitForURL(/\/consortia\/[0-9a-f-]{36}/);
    await visible(page.getByText(name).first());
  });

  it('the unit writes a return for a KPI, attaches evidence and submits it', async () => {
    const page = await suite.open();
    await login(page, 'unit');
    await page.goto('/cockpit/returns');
    await visible(page.getByTestId('returns-table'));
    await page.getByTestId('return-create').first().click();
    const modal = await visible(page.getByRole('dialog', { name: '新建统计填报' }));
    await page.waitForTimeout(300);
    // The form checks with the contract before anything is sent.
    await modal.getByTestId('return-modal-ok').click();
    await visible(modal.getByText('请选择指标'));
    await modal.getByTestId('return-kpi').click();
    await pickOption(page, `${KPI} `);
    await visible(modal.getByTestId('return-kpi-targets'));
    await modal.getByTestId('return-year').click();
    await pickOption(page, String(YEAR));
    await modal.getByTestId('return-value-input').fill(VALUE);
    await modal.getByTestId('return-note').fill(NOTE);
    await modal.getByTestId('return-modal-ok').click();
    const d = await visible(drawer(page));
    await expect.poll(() => d.getByTestId('return-status').textContent(), { timeout: 15_000 }).toBe('草稿');
    expect(await d.getByTestId('return-detail-value').textContent()).toBe(`${VALUE} 个`);
    await d
      .getByTestId('return-evidence-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '国家产教融合试点名单.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visible(d.getByTestId('evidence-list').getByText('国家产教融合试点名单.pdf'));
    await d.getByTestId('return-submit').click();
    await popconfirm(page, '提交审核');
    await expect.poll(() => d.getByTestId('return-status').textContent(), { timeout: 15_000 }).toBe('待审核');
    // The unit cannot approve its own return.
    expect(await d.getByTestId('return-approve').count()).toBe(0);
    await shot(page, 'cockpit-return-submitted');
  });

  it('the official approves it, and the KPI shows the figure', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/cockpit/kpis/${KPI}?year=${YEAR}`);
    await visible(page.getByTestId('kpi-detail'));
    // Submitted is not approved: the KPI has no value yet.
    expect(await page.getByTestId('detail-status').textContent()).toBe('无数据');

    await page.goto(`/cockpit/returns?status=submitted&kpiCode=${KPI}`);
    const row = page.getByTestId('returns-table').locator('.ant-table-row', { hasText: KPI }).first();
    await visible(row);
    await row.getByTestId('return-open').click();
    const d = await visible(drawer(page));
    await visible(d.getByTestId('evidence-list').getByText('国家产教融合试点名单.pdf'));
    await shot(page, 'cockpit-return-review');
    await d.getByTestId('return-approve').click();
    await popconfirm(page, '审核通过');
    await expect.poll(() => d.getByTestId('return-status').textContent(), { timeout: 15_000 }).toBe('已通过');
    await visible(d.getByTestId('return-counts-note'));

    await d.getByTestId('return-kpi-link').click();
    await page.waitForURL(new RegExp(`/cockpit/kpis/${KPI}`));
    // The refresher recomputes within seconds; reload until the value is there.
    await expect
      .poll(
        async () => {
          await page.reload();
          await visible(page.getByTestId('kpi-detail'));
          return page.getByTestId('detail-value').textContent();
        },
        { timeout: 20_000, interval: 1500 },
      )
      .toBe(VALUE);
    expect(await page.getByTestId('kpi-returns').textContent()).toContain('市经济信息委');
    await shot(page, 'cockpit-kpi-after-approval');
  });

  it('the official rejects a return only with a reason, and the reason is shown', async () => {
    const page = await suite.open();
    await login(page, 'official');
    // The demo seed's submitted return of 市经济信息委 (T07).
    await page.goto('/cockpit/returns?status=submitted&kpiCode=T07');
    const row = page.getByTestId('returns-table').locator('.ant-table-row', { hasText: 'T07' }).first();
    await visible(row);
    await row.getByTestId('return-open').click();
    const d = await visible(drawer(page));
    await d.getByTestId('return-reject').click();
    const modal = await visible(page.getByRole('dialog', { name: '驳回统计填报' }));
    await page.waitForTimeout(300);
    await modal.getByTestId('reject-modal-ok').click();
    await visible(modal.getByText('请填写驳回理由'));
    await modal.getByTestId('reject-reason').fill('E2E：请补充重点园区名单及各园区参与联合体的佐证。');
    await modal.getByTestId('reject-modal-ok').click();
    await expect.poll(() => d.getByTestId('return-status').textContent(), { timeout: 15_000 }).toBe('已驳回');
    expect(await d.getByTestId('return-reject-reason').textContent()).toContain('重点园区名单');
    expect(await d.getByTestId('return-approve').count()).toBe(0);
    await shot(page, 'cockpit-return-rejected');
  });

  it('on a phone the overview and the returns list fit the width', async () => {
    const page = await suite.open('phone');
    await login(page, 'official');
    await page.goto('/cockpit');
    await visible(page.getByTestId('kpi-card-T03'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'cockpit-overview-phone');
    await page.goto('/cockpit/returns');
    await visible(page.getByTestId('returns-table').locator('.ant-table-row'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});

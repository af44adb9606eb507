import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, shot, visible } from './harness';

const YEAR = 2026;
const maskedIdCard = /^\d{4}\*{10}[\dX]{4}$/;

/** GB 11643 check character of the first 17 digits of a 身份证号. */
function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i]!;
  return '10X98765432'[s % 11]!;
}

/** A valid 身份证号 of 沙坪坝区 born in 2001 (the demo students are born 2005 or later, so none clashes). */
function idCard(): string {
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const serial = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const first17 = `5001062001${month}${day}${serial}`;
  return first17 + checkChar(first17);
}

/** The same number with a wrong check character, and the one it should have. */
function wrongCheck(id: string): { wrong: string; expected: string } {
  const expected = id[17]!;
  const wrong = expected === '0' ? '1' : '0';
  return { wrong: id.slice(0, 17) + wrong, expected };
}

/** A CSV as Excel saves it (UTF-8 with BOM, CRLF). */
function csv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
}

const header = ['姓名', '身份证号', '学历层次', '专业代码', '年级', '预计毕业年月', '技能', '同意向企业公开'];
const newStudents = [
  { name: '司马晓东', id: idCard(), major: '460702' },
  { name: '欧阳雨桐', id: idCard(), major: '460704' },
];
function studentSheet(ids: string[]): Buffer {
  return csv([
    header,
    ...newStudents.map((s, i) => [s.name, ids[i]!, '高职专科', s.major, '2024', '2027-06', '动力电池检测', '是']),
  ]);
}

/** The table's 「共 N 条」 as a number. */
async function totalOf(table: Locator): Promise<number> {
  const text = (await visible(table.locator('.ant-pagination-total-text'))).textContent();
  return Number(/(\d+)/.exec((await text) ?? '')?.[1] ?? Number.NaN);
}

/** Clicks an export button and returns the saved file's bytes. */
async function downloaded(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testId).click(),
  ]);
  const path = await download.path();
  return { download, bytes: readFileSync(path!) };
}

/** A full-page screenshot from the top (sticky header and menu where they belong). */
async function topShot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** The red / yellow / green counts of the fit report's summary. */
async function fitCounts(page: Page): Promise<{ red: number; yellow: number; green: number }> {
  const n = async (c: string) => Number(await page.getByTestId(`fit-count-${c}`).textContent());
  await expect.poll(() => n('red')).not.toBeNaN();
  return { red: await n('red'), yellow: await n('yellow'), green: await n('green') };
}

describe('talent insight: students, reports and warning rules', () => {
  const suite = browserSuite('talent-insight');

  it('the school sees masked 身份证号, reveals one, and imports students (a bad row refused, then fixed)', async () => {
    const page = await suite.open();
    await login(page, 'school');
    await page.goto('/talent/students');
    const table = page.getByTestId('students-table');
    await visible(table.locator('.ant-table-row'));
    await visible(page.getByTestId('student-idcard-note'));

    // Every number is masked; 查看 shows the full one (the server records the view).
    const cards = table.getByTestId('student-idcard');
    await expect.poll(() => cards.count()).toBeGreaterThan(5);
    for (const text of await cards.allTextContents()) expect(text).toMatch(maskedIdCard);
    const first = table.locator('.ant-table-row').first();
    const masked = (await first.getByTestId('student-idcard').textContent())!;
    await first.getByTestId('student-idcard-reveal').click();
    await expect.poll(() => first.getByTestId('student-idcard').textContent()).toMatch(/^\d{17}[\dX]$/);
    const full = (await first.getByTestId('student-idcard').textContent())!;
    expect(full.slice(0, 4)).toBe(masked.slice(0, 4));
    expect(full.slice(-4)).toBe(masked.slice(-4));
    // Only that one is shown in full.
    expect((await cards.allTextContents()).filter((c) => maskedIdCard.test(c)).length).toBe((await cards.count()) - 1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await topShot(page, 'insight-students');
    await first.getByTestId('student-idcard-hide').click();
    await expect.poll(() => first.getByTestId('student-idcard').textContent()).toBe(masked);

    const before = await totalOf(table);

    // ── Import: the second row's check character is wrong, so nothing is imported.
    await page.getByTestId('student-import').click();
    const modal = await visible(page.getByRole('dialog', { name: '批量导入学生档案' }));
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByTestId('student-import-template').click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const bad = wrongCheck(newStudents[1]!.id);
    await modal.locator('input[type="file"]').setInputFiles({
      name: '学生导入.csv',
      mimeType: 'text/csv',
      buffer: studentSheet([newStudents[0]!.id, bad.wrong]),
    });
    const failed = await visible(modal.getByTestId('student-import-failed'), 60_000);
    expect(await failed.textContent()).toContain('未导入任何数据');
    const errorRows = failed.locator('.ant-table-row');
    expect(await errorRows.count()).toBe(1);
    const cells = await errorRows.first().locator('td').allTextContents();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toContain('身份证号');
    expect(cells[3]).toContain(`末位应为“${bad.expected}”`);
    await topShot(page, 'insight-students-import-errors');

    // ── Fixed: both are added.
    await modal.getByTestId('student-import-again').click();
    await modal.locator('input[type="file"]').setInputFiles({
      name: '学生导入.csv',
      mimeType: 'text/csv',
      buffer: studentSheet(newStudents.map((s) => s.id)),
    });
    const done = await visible(modal.getByTestId('student-import-done'), 60_000);
    expect(await done.locator('.ant-statistic').allTextContents()).toEqual(['新增2', '更新0', '未变0']);
    await modal.getByTestId('student-import-close').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => totalOf(table)).toBe(before + 2);

    // The school's graduate destinations: placement rates as percentages.
    await page.getByTestId('students-tabs').getByRole('tab', { name: '毕业生去向' }).click();
    const cohorts = page.getByTestId('cohorts-table');
    await visible(cohorts.locator('.ant-table-row'));
    expect(await cohorts.getByTestId('cohort-rate').first().textContent()).toMatch(/^\d{1,3}\.\d%$/);
    await visible(page.getByTestId('cohort-totals'));

    // 专业对接: each of the school's majors with the published jobs open to it and its warning.
    await page.goto('/talent/majors');
    const majors = page.getByTestId('majors-table');
    const row = majors.locator('.ant-table-row', { hasText: '460702' });
    await visible(row);
    await visible(row.getByTestId('warning-tag'));
    await expect.poll(() => row.getByTestId('major-jobs').textContent()).toMatch(/^[1-9]\d* 个$/);
    const jobCount = Number(/\d+/.exec((await row.getByTestId('major-jobs').textContent())!)![0]);
    await topShot(page, 'insight-majors');
    await row.getByTestId('major-jobs').click();
    const drawer = page.getByTestId('major-jobs-table');
    await visible(drawer.locator('.ant-table-row'));
    expect(await drawer.locator('.ant-table-row').count()).toBe(Math.min(jobCount, 10));
    await topShot(page, 'insight-majors-jobs');
  });

  it('on a phone: the students list and the reports scroll inside their cards', async () => {
    const page = await suite.open('phone');
    await login(page, 'school');
    await page.goto('/talent/students');
    await visible(page.getByTestId('students-table').locator('.ant-table-row'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await topShot(page, 'insight-students-phone');

    // The official's reports fit a phone too: filters stacked, chart and tables within the width.
    const official = await suite.open('phone');
    await login(official, 'official');
    await official.goto(`/talent/reports/warnings?year=${YEAR}`);
    await visible(official.getByTestId('warnings-table').locator('.ant-table-row'));
    await visible(official.getByTestId('rules-table').locator('.ant-table-row'));
    expect(await horizontalOverflow(official)).toBeLessThanOrEqual(0);
    await official.goto(`/talent/reports/fit?year=${YEAR}`);
    await visible(official.getByTestId('fit-table').locator('.ant-table-row'));
    await visible(official.getByTestId('fit-chart').locator('canvas'));
    expect(await horizontalOverflow(official)).toBeLessThanOrEqual(0);
    await topShot(official, 'insight-fit-report-phone');
  });

  it('the official opens the fit report for 2026: colours with reasons, xlsx and PDF exports; and the catalogue', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/talent/reports/fit?year=${YEAR}&sort=warning`);
    const table = page.getByTestId('fit-table');
    await visible(table.locator('.ant-table-row'));
    expect(await page.getByTestId('filter-year').textContent()).toContain(`${YEAR} 年`);

    // Red, yellow and green majors, each tag with its reason.
    const counts = await fitCounts(page);
    expect(counts.red).toBeGreaterThan(0);
    expect(counts.yellow).toBeGreaterThan(0);
    expect(counts.green).toBeGreaterThan(0);
    // Warnings first: the first page shows each colour there is room for.
    for (const colour of counts.red + counts.yellow < 20 ? ['red', 'yellow', 'green'] : ['red'])
      await visible(table.locator(`[data-testid="warning-tag"][data-color="${colour}"]`));
    const redRow = table.locator('tr.ant-table-row', { has: page.locator('[data-color="red"]') }).first();
    await redRow.locator('[data-testid="warning-tag"]').hover();
    const tip = await visible(page.locator('.ant-tooltip:visible'));
    expect(await tip.textContent()).toMatch(/去向落实率|供需比/);
    await redRow.locator('.ant-table-row-expand-icon').click();
    const reasons = await visible(table.locator('.ant-table-expanded-row [data-testid="warning-reasons"]'));
    expect(await reasons.textContent()).toMatch(/红色预警.*(去向落实率|供需比)/);
    await visible(page.getByTestId('fit-chart').locator('canvas'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await topShot(page, 'insight-fit-report');

    // Exports with the same filters: a real xlsx (zip) and a real PDF.
    const xlsx = await downloaded(page, 'fit-export-xlsx');
    expect(xlsx.download.suggestedFilename()).toBe(`专业结构与产业结构匹配状况报告-${YEAR}.xlsx`);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const pdf = await downloaded(page, 'fit-export-pdf');
    expect(pdf.download.suggestedFilename()).toBe(`专业结构与产业结构匹配状况报告-${YEAR}.pdf`);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

    // Per 专业类 too.
    await page.getByRole('tab', { name: '按专业类' }).click();
    await visible(page.getByTestId('fit-class-table').locator('.ant-table-row'));

    // ── The demand catalogue of the year: rows by cluster × occupation × district × level, the chart.
    await page.goto(`/talent/reports/catalogue?year=${YEAR}`);
    const catalogue = page.getByTestId('catalogue-table');
    await visible(catalogue.locator('.ant-table-row'));
    await visible(page.getByTestId('catalogue-chart').locator('canvas'));
    expect(await catalogue.locator('thead').textContent()).toMatch(
      /产业集群.*职业.*区县.*最低学历.*需求人数.*上年.*同比变化/,
    );
    await visible(catalogue.getByTestId('change'));
    const cat = await downloaded(page, 'catalogue-export-pdf');
    expect(cat.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await topShot(page, 'insight-catalogue');
  });

  it('the official raises a warning rule threshold and the reports follow', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto(`/talent/reports/fit?year=${YEAR}`);
    await visible(page.getByTestId('fit-table').locator('.ant-table-row'));
    const before = await fitCounts(page);

    await page.goto(`/talent/reports/warnings?year=${YEAR}`);
    await visible(page.getByTestId('warnings-table').locator('.ant-table-row'));
    const rules = page.getByTestId('rules-table');
    const rule = rules.locator('.ant-table-row', { hasText: '去向落实率连续 2 年低于 85%' });
    await visible(rule);
    await rule.getByTestId('rule-edit').click();
    const modal = await visible(page.getByRole('dialog', { name: '修改预警规则' }));

    // An empty threshold is refused by the form, in Chinese.
    const threshold = modal.locator('input[data-testid="rf-threshold"], [data-testid="rf-threshold"] input').first();
    await threshold.fill('');
    await modal.getByTestId('rf-submit').click();
    await visible(modal.getByText('请输入阈值'));
    await threshold.fill('95');
    await modal.getByTestId('rf-submit').click();
    await modal.waitFor({ state: 'hidden' });
    await visible(rules.locator('.ant-table-row', { hasText: '去向落实率连续 2 年低于 95%' }));

    // The warnings list is recomputed: more red majors, each saying 95%.
    const segmented = page.getByTestId('warnings-color');
    await segmented.getByText(/红色预警/).click();
    await visible(
      page
        .getByTestId('warnings-table')
        .getByText(/低于 95%/)
        .first(),
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await topShot(page, 'insight-warnings-rules');

    await page.goto(`/talent/reports/fit?year=${YEAR}`);
    await visible(page.getByTestId('fit-table').locator('.ant-table-row'));
    await expect.poll(async () => (await fitCounts(page)).red).toBeGreaterThan(before.red);
    const after = await fitCounts(page);
    expect(after.red + after.yellow + after.green).toBe(before.red + before.yellow + before.green);
  });

  it('an enterprise sees the demand catalogue only: no majors page, no supply reports', async () => {
    const page = await suite.open();
    await login(page, 'enterprise');
    // Supply analysis (talent.supply) is not the enterprise's: no menu entry, and the app's 403 page.
    await page.goto('/talent/reports/fit');
    await visible(page.getByTestId('page-403'));
    expect(await page.getByRole('menuitem', { name: '专业匹配报告' }).count()).toBe(0);
    await page.goto('/talent/majors');
    // The route is not the enterprise's (student.write): the app's 403 page.
    await visible(page.getByTestId('page-403'));
    expect(await page.getByTestId('majors-table').count()).toBe(0);
    // The catalogue is: demand only, the enterprise's consortia.
    await page.goto(`/talent/reports/catalogue?year=${YEAR}`);
    await visible(page.getByTestId('catalogue-table').locator('.ant-table-row'));
  });
});

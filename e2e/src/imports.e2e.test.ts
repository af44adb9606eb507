import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { randomCreditCode, withWrongCheckChar } from './creditcode';
import { browserSuite, horizontalOverflow, login, shot, visible } from './harness';

const demoConsortium = '重庆市智能网联新能源汽车产教联合体';
const prefix = '【E2E导入】';
const orgs = [
  { name: `${prefix}重庆两江精工机械有限公司`, type: '企业', district: '渝北区', code: randomCreditCode('500112') },
  { name: `${prefix}重庆渝北智能装备有限公司`, type: '企业', district: '渝北区', code: randomCreditCode('500112') },
  { name: `${prefix}重庆智能制造研究院`, type: '科研院所', district: '渝北区', code: randomCreditCode('500112') },
];
const bad = withWrongCheckChar(orgs[1]!.code);

/** A CSV as Excel saves it (UTF-8 with BOM, CRLF). */
function csv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
}

function orgSheet(codes: string[]): Buffer {
  return csv([
    ['单位名称', '统一社会信用代码', '单位类型', '所在区县', '规模以上企业'],
    ...orgs.map((o, i) => [o.name, codes[i]!, o.type, o.district, '否']),
  ]);
}

/** Drops a file on the import dialog's Upload.Dragger. */
async function pickFile(modal: Locator, name: string, buffer: Buffer, mimeType = 'text/csv'): Promise<void> {
  await modal.locator('input[type="file"]').setInputFiles({ name, mimeType, buffer });
}

/** Clicks the OK button of the open Popconfirm. */
async function confirmPopover(page: Page, label: RegExp): Promise<void> {
  const pop = await visible(page.locator('.ant-popconfirm:visible'));
  await pop.getByRole('button', { name: label }).click();
}

describe('bulk import, delete and restore', () => {
  const suite = browserSuite('imports');
  const open = (size?: 'desktop' | 'phone', lang?: 'en-US') => suite.open(size, lang);

  it('imports organizations: a bad check digit is named, reported and fixed; then one is deleted and restored', async () => {
    const page = await open();
    await login(page, 'secretariat');
    await page.goto('/orgs');
    await visible(page.getByTestId('orgs-table').locator('.ant-table-row'));

    await page.getByTestId('org-import').click();
    const modal = await visible(page.getByRole('dialog', { name: '批量导入单位' }));
    await visible(modal.getByTestId('org-import-template'));
    await shot(page, 'org-import-pick-desktop');

    // The template downloads as an xlsx.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByTestId('org-import-template').click(),
    ]);
    expect(template.suggestedFilename()).toBe('单位导入模板.xlsx');

    // ── Three rows, the second with a wrong check character: nothing is imported.
    await pickFile(modal, '单位导入.csv', orgSheet(orgs.map((o, i) => (i === 1 ? bad.wrong : o.code))));
    const failed = await visible(modal.getByTestId('org-import-failed'), 30_000);
    expect(await failed.textContent()).toContain('1 处错误，未导入任何数据');
    const errorRows = failed.locator('.ant-table-row');
    expect(await errorRows.count()).toBe(1);
    const cells = await errorRows.first().locator('td').allTextContents();
    // Row 3 of the sheet (the header is row 1), its column, the value and why.
    expect(cells[0]).toBe('3');
    expect(cells[1]).toContain('统一社会信用代码');
    expect(cells[2]).toBe(bad.wrong);
    expect(cells[3]).toContain(`校验位错误（应为 ${bad.expected}）`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'org-import-errors-desktop');

    // ── The error report: the uploaded sheet with an error column.
    const [report] = await Promise.all([page.waitForEvent('download'), modal.getByTestId('org-import-report').click()]);
    expect(report.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await report.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    const headerAt = rows.findIndex((r) => r.includes('单位名称'));
    expect(headerAt).toBeGreaterThanOrEqual(0);
    const header = rows[headerAt]!;
    expect(header.slice(0, 5)).toEqual(['单位名称', '统一社会信用代码', '单位类型', '所在区县', '规模以上企业']);
    expect(header).toContain('错误说明');
    const errorCol = header.indexOf('错误说明');
    const badRow = rows.find((r) => r[0] === orgs[1]!.name)!;
    expect(badRow[1]).toBe(bad.wrong);
    expect(badRow[errorCol]).toContain('校验位错误');
    const goodRow = rows.find((r) => r[0] === orgs[0]!.name)!;
    expect(goodRow[errorCol] ?? '').toBe('');

    // ── Fixed and imported again: all three are added.
    await modal.getByTestId('org-import-again').click();
    await pickFile(modal, '单位导入.csv', orgSheet(orgs.map((o) => o.code)));
    const done = await visible(modal.getByTestId('org-import-done'), 30_000);
    const stats = await done.locator('.ant-statistic').allTextContents();
    expect(stats).toEqual(['新增3', '更新0', '未变0']);
    await shot(page, 'org-import-done-desktop');
    await modal.getByTestId('org-import-close').click();
    await modal.waitFor({ state: 'hidden' });

    // The list shows them (refetched after the import).
    const search = page.getByTestId('table-search').locator('input');
    await search.fill(prefix);
    await search.press('Enter');
    const table = page.getByTestId('orgs-table');
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(3);
    for (const o of orgs) await visible(table.locator('.ant-table-row', { hasText: o.name }));
    await shot(page, 'org-import-listed-desktop');

    // ── Delete one; it leaves the list and appears under 已删除.
    const victim = orgs[2]!;
    const row = table.locator('.ant-table-row', { hasText: victim.name });
    await row.locator('[data-testid^="org-delete-"]').click();
    await visible(page.locator('.ant-popconfirm:visible').getByText(`确定删除单位“${victim.name}”？`));
    await shot(page, 'org-delete-confirm-desktop');
    await confirmPopover(page, /删\s*除/);
    await visible(page.getByText(`已删除 ${victim.name}`));
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(2);

    await page.getByTestId('filter-deleted').getByText('已删除').click();
    const deletedRow = await visible(table.locator('.ant-table-row', { hasText: victim.name }));
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(1);
    expect(await deletedRow.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await shot(page, 'orgs-deleted-desktop');

    // Its detail page says so and offers restoring instead of editing.
    await deletedRow.getByRole('link', { name: victim.name }).click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('org-deleted-banner'));
    await visible(page.getByTestId('org-restore'));
    expect(await page.getByTestId('org-edit').count()).toBe(0);
    expect(await page.getByTestId('contact-add').count()).toBe(0);
    await shot(page, 'org-deleted-detail-desktop');
    await page.goBack();

    await deletedRow.locator('[data-testid^="org-restore-"]').click();
    await confirmPopover(page, /恢\s*复/);
    await visible(page.getByText(`已恢复 ${victim.name}`));
    await deletedRow.waitFor({ state: 'detached' });
    await page.getByTestId('filter-deleted').getByText('在册').click();
    await visible(table.locator('.ant-table-row', { hasText: victim.name }));
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(3);
  });

  it('imports members into the consortium; a member organization then cannot be deleted', async () => {
    const page = await open();
    await login(page, 'secretariat');
    await page.goto('/consortia');
    await page.getByTestId('consortia-table').getByRole('link', { name: demoConsortium }).click();
    await page.waitForURL(/\/consortia\/[0-9a-f-]{36}$/);
    await page.getByRole('tab', { name: /成员单位/ }).click();
    await visible(page.getByTestId('members-table').locator('.ant-table-row'));

    await page.getByTestId('member-import').click();
    const modal = await visible(page.getByRole('dialog', { name: /批量导入成员单位/ }));
    expect(await modal.textContent()).toContain(demoConsortium);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await pickFile(
      modal,
      '成员单位.csv',
      csv([
        ['统一社会信用代码', '单位名称', '成员类型', '加入日期'],
        ...orgs.map((o, i) => [o.code, o.name, i === 0 ? '理事单位' : '成员单位', today]),
      ]),
    );
    const done = await visible(modal.getByTestId('member-import-done'), 30_000);
    expect(await done.locator('.ant-statistic').allTextContents()).toEqual(['新增3', '更新0', '未变0']);
    await shot(page, 'member-import-done-desktop');
    await modal.getByTestId('member-import-close').click();

    const members = page.getByTestId('members-table');
    for (const o of orgs) await visible(members.locator('.ant-table-row', { hasText: o.name }));
    expect(await members.locator('.ant-table-row', { hasText: orgs[0]!.name }).textContent()).toContain('理事单位');
    await shot(page, 'member-import-listed-desktop');

    // Deleting an active member is refused, naming the consortium.
    await members.getByRole('link', { name: orgs[1]!.name }).click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
    await page.getByTestId('org-delete').click();
    await confirmPopover(page, /删\s*除/);
    const refusal = await visible(page.locator('.ant-message').getByText(/不能删除/));
    expect(await refusal.textContent()).toContain(demoConsortium);
    await shot(page, 'org-delete-refused-desktop');
    expect(await page.getByTestId('org-deleted-tag').count()).toBe(0);
  });

  it('lays the import dialog out on a phone and in English', async () => {
    const page = await open('phone');
    await login(page, 'secretariat');
    await page.goto('/orgs');
    await visible(page.getByTestId('orgs-table').locator('.ant-table-row'));
    await page.getByTestId('org-import').click();
    const modal = await visible(page.getByRole('dialog', { name: '批量导入单位' }));
    const fresh = orgs.map(() => randomCreditCode('500112'));
    await pickFile(modal, '单位导入.csv', orgSheet(fresh.map((c, i) => (i === 1 ? withWrongCheckChar(c).wrong : c))));
    await visible(modal.getByTestId('org-import-failed'), 30_000);
    const box = (await modal.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'org-import-errors-phone');

    const en = await open('desktop', 'en-US');
    await login(en, 'secretariat');
    await en.goto('/orgs');
    await visible(en.getByTestId('orgs-table').locator('.ant-table-row'));
    await en.getByTestId('org-import').click();
    const enModal = await visible(en.getByRole('dialog', { name: 'Import organizations' }));
    expect(await enModal.textContent()).toContain('Download template');
    await pickFile(enModal, 'orgs.csv', orgSheet(fresh.map((c, i) => (i === 1 ? withWrongCheckChar(c).wrong : c))));
    const failed = await visible(enModal.getByTestId('org-import-failed'), 30_000);
    expect(await failed.textContent()).toContain('nothing was imported');
    await shot(en, 'org-import-errors-en-desktop');
  });
});

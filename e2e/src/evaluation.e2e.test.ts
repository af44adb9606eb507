import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, login, shot, visible } from './harness';

/** Clicks the OK button of the open Popconfirm. */
async function confirmPopover(page: Page, label: RegExp): Promise<void> {
  const pop = await visible(page.locator('.ant-popconfirm:visible'));
  await pop.getByRole('button', { name: label }).click();
}

async function openVersion(page: Page, version: number): Promise<void> {
  const row = page.getByTestId('frameworks-table').locator('.ant-table-row', { hasText: `第 ${version} 版` });
  await row.getByTestId('framework-open').click();
  await visible(page.getByTestId('framework-detail').getByText(`第 ${version} 版`));
}

/** Sets the weight of the first point of the open draft. */
async function setFirstWeight(page: Page, weight: number): Promise<void> {
  await page.getByTestId('framework-detail').locator('[data-testid^="point-edit-"]').first().click();
  const modal = await visible(page.getByRole('dialog', { name: '编辑观测点' }));
  await modal.locator('input#weight').fill(String(weight));
  await modal.getByTestId('point-modal-ok').click();
  await expect.poll(() => modal.isVisible()).toBe(false);
}

describe('indicator frameworks', () => {
  const suite = browserSuite('evaluation');

  it('an official copies version 1, sees the total checked, fixes it and publishes version 2', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto('/evaluation/frameworks');
    await visible(page.getByTestId('frameworks-table').locator('.ant-table-row'));
    await openVersion(page, 1);
    const detail = page.getByTestId('framework-detail');
    await expect.poll(() => detail.getByTestId('framework-point-count').textContent()).toBe('26');
    expect(await detail.getByTestId('framework-total').textContent()).toBe('100');
    expect(await detail.getByTestId('framework-status').textContent()).toBe('已发布');
    await shot(page, 'evaluation-frameworks');

    await detail.getByTestId('framework-copy').click();
    const copy = await visible(page.getByRole('dialog', { name: '复制为新版本' }));
    await copy.getByRole('textbox').fill('E2E：调整分值');
    await copy.getByTestId('copy-modal-ok').click();
    await visible(detail.getByText('第 2 版'));
    expect(await detail.getByTestId('framework-status').textContent()).toBe('草稿');

    const first = Number(await detail.getByTestId('point-weight-cell').first().textContent());
    await setFirstWeight(page, first + 1);
    expect(await detail.getByTestId('framework-total').textContent()).toBe('101');
    await detail.getByTestId('points-save').click();
    const error = await visible(detail.getByTestId('points-error'));
    expect(await error.textContent()).toContain('基本指标分值合计应为 100 分，当前为 101 分');

    await setFirstWeight(page, first);
    await detail.getByTestId('points-save').click();
    await visible(page.getByText('观测点已保存'));
    expect(await detail.getByTestId('points-error').count()).toBe(0);

    await detail.getByTestId('framework-publish').click();
    await confirmPopover(page, /发\s*布/);
    await expect.poll(() => detail.getByTestId('framework-status').textContent()).toBe('已发布');

    await openVersion(page, 1);
    await expect
      .poll(() => page.getByTestId('framework-detail').getByTestId('framework-status').textContent())
      .toBe('已停用');
  });

  it('a school sees the versions but cannot copy or publish', async () => {
    const page = await suite.open();
    await login(page, 'school');
    await page.goto('/evaluation/frameworks');
    await visible(page.getByTestId('frameworks-table').locator('.ant-table-row'));
    await openVersion(page, 2);
    await visible(page.getByTestId('framework-detail').getByTestId('framework-point-count'));
    expect(await page.getByTestId('framework-copy').count()).toBe(0);
    expect(await page.getByTestId('framework-publish').count()).toBe(0);
    expect(await page.locator('[data-testid^="point-edit-"]').count()).toBe(0);
    await openVersion(page, 1);
    expect(await page.getByTestId('framework-copy').count()).toBe(0);
  });
});

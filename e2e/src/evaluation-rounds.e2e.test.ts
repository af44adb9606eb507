import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, openOptions, shot, visible } from './harness';

/** The demo acceptance round of the secretariat's consortium (seed/evaluation.ts). */
const ROUND = '2026年度验收（演示）';
const CONSORTIUM = '重庆市智能网联新能源汽车产教联合体';

function inputOf(scope: Page | Locator, testId: string): Locator {
  return scope
    .locator(
      [`input[data-testid="${testId}"]`, `textarea[data-testid="${testId}"]`, `[data-testid="${testId}"] input`].join(
        ', ',
      ),
    )
    .first();
}

function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/** Calls the API from the page's session (cookie + the CSRF token /api/auth/me hands out). */
async function callApi<T = unknown>(page: Page, method: string, url: string, data?: unknown): Promise<T> {
  const me = await page.request.get('/api/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const res = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': csrfToken, 'accept-language': 'zh-CN' },
    ...(data === undefined ? {} : { data }),
  });
  if (!res.ok()) throw new Error(`${method} ${url} → ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

interface EntryPointJson {
  pointCode: string;
  kind: 'basic' | 'deduction';
  weight: number;
  selfScore: number | null;
  myScore: number | null;
}
interface EntryJson {
  id: string;
  consortiumId: string;
  status: string;
  myAssignmentId: string | null;
  points: EntryPointJson[];
}

/** Picks today's cell in a DatePicker (by its date: the 今天 link can be hit while the popup animates). */
async function pickToday(page: Page, testId: string): Promise<void> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const input = inputOf(page, testId);
  await input.click();
  const dropdown = page.locator('.ant-picker-dropdown:visible');
  await dropdown.locator(`td[title="${today}"]`).click();
  await expect.poll(() => input.inputValue()).toBe(today);
  await dropdown.waitFor({ state: 'hidden' });
}

/** A full-page screenshot from the top (sticky bars would otherwise be drawn where the page was scrolled). */
async function shotTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** Clicks the OK button of the open Popconfirm. */
async function confirmPopover(page: Page, label: RegExp): Promise<void> {
  const pop = await visible(page.locator('.ant-popconfirm:visible'));
  await pop.getByRole('button', { name: label }).click();
}

/** The round's row in the official's round detail, by consortium name. */
function entryRow(page: Page): Locator {
  return page.getByTestId('entries-table').locator('.ant-table-row', { hasText: CONSORTIUM });
}

/** Opens the round from the rounds list (search by name). */
async function openRound(page: Page): Promise<void> {
  await page.goto('/evaluation/rounds');
  const link = await visible(page.getByTestId('round-link').filter({ hasText: ROUND }));
  await link.click();
  await visible(page.getByTestId('round-summary'));
}

/** A reviewer scores point 1.1 through the page, the rest through the API, then submits on the page. */
async function reviewAs(page: Page, username: string, name: string, scoreOf: (p: EntryPointJson) => number) {
  await login(page, username);
  await page.goto('/evaluation/reviews');
  const link = await visible(page.getByTestId('review-task-link').filter({ hasText: CONSORTIUM }));
  await link.click();
  const first = await visible(page.locator('[data-testid="point-1.1"]'));
  await visible(first.getByTestId('review-block'));
  // The secretariat's flagged narrative is in front of the reviewer too (from the snapshot).
  await visible(page.locator('[data-testid="point-2.1"]').getByTestId('point-flags'));

  const entryId = page.url().split('/').pop()!;
  const entry = await callApi<EntryJson>(page, 'GET', `/api/evaluation-entries/${entryId}`);
  const p11 = entry.points.find((p) => p.pointCode === '1.1')!;
  await inputOf(first, 'review-score').fill(String(scoreOf(p11)));
  await inputOf(first, 'review-comment').fill(`${name}：机构健全，章程完备。`);
  await page.getByTestId('entry-save').click();
  await visible(page.getByText('评分已保存'));

  const rest = entry.points.filter((p) => p.kind === 'basic' && p.pointCode !== '1.1');
  await callApi(page, 'PUT', `/api/review-assignments/${entry.myAssignmentId}/scores`, {
    scores: rest.map((p) => ({ pointCode: p.pointCode, score: scoreOf(p), comment: '' })),
  });
  await page.reload();
  await expect
    .poll(() => page.getByTestId('entry-progress').textContent())
    .toBe(`已评分 ${rest.length + 1} / ${rest.length + 1} 个观测点`);
  await shotTop(page, `evaluation-rounds-4-review-${username}`);
  await page.getByTestId('entry-submit').click();
  await (await visible(page.getByTestId('submit-confirm'))).click();
  await visible(page.getByTestId('review-done'));
  expect(await page.getByTestId('review-block').count()).toBe(0);
}

describe('evaluation rounds', () => {
  const suite = browserSuite('evaluation-rounds');

  it('a secretariat fills a self-assessment with evidence; two reviewers score; the official consolidates and the consortium becomes 验收通过', async () => {
    // ── The secretariat fills 2.1 on the page: the narrative contradicts the council on record.
    const sec = await suite.open();
    await login(sec, 'secretariat');
    await sec.goto('/evaluation/self-assessments');
    const mine = await visible(sec.getByTestId('my-entry-link').filter({ hasText: ROUND }));
    await mine.click();
    const p21 = await visible(sec.locator('[data-testid="point-2.1"]'));
    await visible(p21.getByTestId('point-fact'));
    const entryId = sec.url().split('/').pop()!;
    const before = await callApi<EntryJson>(sec, 'GET', `/api/evaluation-entries/${entryId}`);
    const basics = before.points.filter((p) => p.kind === 'basic');
    expect(basics.length).toBe(25);
    await shot(sec, 'evaluation-rounds-1-self-assessment');

    await inputOf(p21, 'self-narrative').fill(
      '联合体理事会由理事单位 99 家组成，其中企业 60 家、院校 30 家，定期召开理事会议。',
    );
    await inputOf(p21, 'self-score').fill('3.5');
    await sec.getByTestId('entry-save').click();
    await visible(sec.getByText('自评草稿已保存'));
    const flags = await visible(p21.getByTestId('point-flags'));
    expect(await flags.textContent()).toContain('99');

    // Evidence on 1.1 through the page's upload button.
    const p11 = sec.locator('[data-testid="point-1.1"]');
    await inputOf(p11, 'self-narrative').fill('联合体章程经第一届理事会审议通过，设秘书处负责日常工作。');
    await inputOf(p11, 'self-score').fill('4');
    await p11.locator('input[type="file"]').setInputFiles({
      name: '联合体章程.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('charter'),
    });
    await visible(p11.getByTestId('evidence-item').filter({ hasText: '联合体章程.pdf' }));
    await sec.getByTestId('entry-save').click();
    await visible(sec.getByText('自评草稿已保存'));
    await shotTop(sec, 'evaluation-rounds-2-flag-and-evidence');

    // The other 23 points through the API, then submit on the page.
    const rest = basics.filter((p) => p.pointCode !== '1.1' && p.pointCode !== '2.1');
    await callApi(sec, 'PUT', `/api/evaluation-entries/${entryId}/self-assessment`, {
      points: rest.map((p) => ({
        pointCode: p.pointCode,
        narrative: `${p.pointCode} 建设情况说明：已按方案推进，成效明显。`,
        selfScore: p.weight - 0.5,
      })),
    });
    await sec.reload();
    await expect.poll(() => sec.getByTestId('entry-progress').textContent()).toBe('已填写 25 / 25 个观测点');
    await sec.getByTestId('entry-submit').click();
    await (await visible(sec.getByTestId('submit-confirm'))).click();
    await expect.poll(() => sec.getByTestId('entry-status').first().textContent()).toBe('已提交');
    expect(await sec.getByTestId('self-narrative').count()).toBe(0);
    expect(await sec.getByTestId('evidence-upload').count()).toBe(0);
    await shotTop(sec, 'evaluation-rounds-3-submitted');

    // ── A reviewer from a member organization of the consortium, created by the admin.
    const official = await suite.open();
    await login(official, 'official');
    const orgs = await callApi<{ items: { id: string; name: string }[] }>(
      official,
      'GET',
      `/api/orgs?q=${encodeURIComponent('渝新智能汽车')}`,
    );
    const memberOrg = orgs.items[0]!;
    const admin = await suite.open();
    await login(admin, 'admin');
    await callApi(admin, 'POST', '/api/users', {
      username: 'reviewer.member',
      displayName: '成员单位专家',
      roles: ['reviewer'],
      orgId: memberOrg.id,
      initialPassword: 'Member@2023x',
    });

    // ── The official assigns: the member's expert is refused with the reason; two reviewers are assigned.
    const names: Record<string, string> = {};
    for (const u of ['reviewer', 'reviewer2']) {
      const p = await suite.open();
      await login(p, u);
      names[u] = (await callApi<{ user: { displayName: string } }>(p, 'GET', '/api/auth/me')).user.displayName;
      await p.context().close();
    }
    await openRound(official);
    await entryRow(official).getByTestId('entry-assign').click();
    const assign = await visible(official.getByRole('dialog', { name: /评审专家：/ }));
    const pick = async (label: string) => {
      await assign.getByTestId('assign-reviewer').click();
      const option = openOptions(official).filter({ hasText: label }).first();
      await option.waitFor({ state: 'visible' });
      await option.click();
      await assign.getByTestId('assign-ok').click();
    };
    await pick('成员单位专家');
    await expect.poll(async () => (await assign.textContent()) ?? '').toMatch(/不能指派为评审专家/);
    await shot(official, 'evaluation-rounds-5-conflict-refused');
    for (const u of ['reviewer', 'reviewer2']) {
      await pick(names[u]!);
      await visible(assign.getByTestId('assign-table').locator('.ant-table-row', { hasText: names[u]! }));
    }
    expect(await assign.getByTestId('assign-table').locator('.ant-table-row').count()).toBe(2);
    await assign.getByTestId('assign-close').click();
    await assign.waitFor({ state: 'hidden' });
    await official.getByTestId('round-start-review').click();
    await confirmPopover(official, /开始评审/);
    await expect.poll(() => official.getByTestId('round-status').first().textContent()).toBe('评审中');
    await expect.poll(() => entryRow(official).getByTestId('entry-reviews').textContent()).toBe('0 / 2');

    // ── Two reviewers score independently.
    const r1 = await suite.open();
    await reviewAs(r1, 'reviewer', names.reviewer!, (p) => p.weight - 1);
    const r2 = await suite.open();
    await reviewAs(r2, 'reviewer2', names.reviewer2!, (p) => p.weight);

    // ── The official consolidates: mean of 3 and 4 per point → 3.5 × 25 = 87.5, 通过.
    await openRound(official);
    await expect.poll(() => entryRow(official).getByTestId('entry-reviews').textContent()).toBe('2 / 2');
    await official.getByTestId('round-consolidate').click();
    await (await visible(official.getByTestId('consolidate-ok'))).click();
    await expect.poll(() => official.getByTestId('round-status').first().textContent()).toBe('已汇总');
    const weights = basics.reduce((s, p) => s + p.weight, 0);
    const expected = (weights * 2 - basics.length) / 2;
    await expect.poll(() => entryRow(official).getByTestId('entry-total').textContent()).toBe(String(expected));
    expect(await entryRow(official).getByTestId('entry-result').textContent()).toContain('通过');
    await shot(official, 'evaluation-rounds-6-consolidated');
    // The entry shows each reviewer's score of a point and the consolidated one.
    await entryRow(official).getByTestId('entry-link').click();
    const scored = await visible(official.locator('[data-testid="point-1.1"]'));
    await expect.poll(() => scored.getByTestId('point-consolidated').textContent()).toBe('3.5');
    expect(await scored.getByTestId('point-reviews').textContent()).toContain(names.reviewer2!);
    await shotTop(official, 'evaluation-rounds-6b-entry-scores');
    await official.goBack();
    await visible(official.getByTestId('round-summary'));

    // ── 验收通过 through the registry.
    await entryRow(official).getByTestId('entry-decide').click();
    const decision = await visible(official.getByRole('dialog', { name: /验收结果决定：/ }));
    await decision.getByText('验收通过', { exact: true }).click();
    await inputOf(decision, 'decision-documentNo').fill('渝教职成〔2026〕1号');
    await decision.getByTestId('decision-ok').click();
    await visible(entryRow(official).getByTestId('entry-decision'));
    expect(await entryRow(official).getByTestId('entry-decision').textContent()).toBe('验收通过');
    await official.getByRole('tab', { name: '历史记录' }).click();
    await visible(official.getByTestId('round-history').getByText('登记结果决定'));
    await shot(official, 'evaluation-rounds-7-history');

    await official.goto(`/consortia/${before.consortiumId}`);
    const status = await visible(official.getByTestId('status-card'));
    await expect.poll(() => status.textContent()).toContain('验收通过');
    expect(await status.textContent()).toContain(ROUND);
    await shot(official, 'evaluation-rounds-8-consortium-accepted');
  }, 300_000);

  it('an official creates a round with the form, edits the draft and opens it; the secretariat sees the facts', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto('/evaluation/rounds');
    await visible(page.getByTestId('rounds-table'));
    await page.getByTestId('round-create').click();
    const modal = await visible(page.getByRole('dialog', { name: '创建评价轮次' }));
    await inputOf(modal, 'round-name').fill('2026年度绩效评价（测试）');
    await modal.getByTestId('round-kind').click();
    await (await visible(openOptions(page).filter({ hasText: '年度绩效评价' }))).click();
    // The pinned version defaults to the newest published one.
    await expect.poll(() => modal.getByTestId('round-framework').textContent()).toContain('第');
    // Due dates missing: the contract's messages show under the fields.
    await modal.getByTestId('round-modal-ok').click();
    await visible(modal.getByText('日期格式应为 YYYY-MM-DD').first());
    await pickToday(page, 'round-selfDueOn');
    await pickToday(page, 'round-reviewDueOn');
    await modal.getByTestId('round-consortia').click();
    await (await visible(openOptions(page).filter({ hasText: CONSORTIUM }))).click();
    await page.keyboard.press('Escape');
    await shot(page, 'evaluation-rounds-create-form');
    await modal.getByTestId('round-modal-ok').click();
    await page.waitForURL(/\/evaluation\/rounds\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('round-status').first().textContent()).toBe('草稿');

    await page.getByTestId('round-edit').click();
    const edit = await visible(page.getByRole('dialog', { name: '编辑评价轮次' }));
    await inputOf(edit, 'round-name').fill('2026年度绩效评价（测试·修订）');
    await edit.getByTestId('round-modal-ok').click();
    await visible(page.getByText('2026年度绩效评价（测试·修订）').first());
    await page.getByTestId('round-open').click();
    await confirmPopover(page, /开始自评/);
    await expect.poll(() => page.getByTestId('round-status').first().textContent()).toBe('自评中');
    await visible(entryRow(page));
    await shot(page, 'evaluation-rounds-created-open');

    const sec = await suite.open();
    await login(sec, 'secretariat');
    await sec.goto('/evaluation/self-assessments');
    await (await visible(sec.getByTestId('my-entry-link').filter({ hasText: '测试·修订' }))).click();
    const p21 = await visible(sec.locator('[data-testid="point-2.1"]'));
    const fact = await visible(p21.getByTestId('point-fact'));
    expect(await fact.textContent()).toMatch(/理事单位/);
    // 3.4 has no records on the platform yet: it says so instead of a number.
    await visible(sec.locator('[data-testid="point-3.4"]').getByTestId('fact-unavailable'));
    expect(await sec.getByTestId('entry-progress').textContent()).toBe('已填写 0 / 25 个观测点');
    await shot(sec, 'evaluation-rounds-facts');
  });

  it('an official renames a draft framework version and edits its note', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto('/evaluation/frameworks');
    await (await visible(page.getByTestId('frameworks-table').getByTestId('framework-open'))).click();
    const detail = await visible(page.getByTestId('framework-detail'));
    await detail.getByTestId('framework-copy').click();
    const copy = await visible(page.getByRole('dialog', { name: '复制为新版本' }));
    await copy.getByTestId('copy-modal-ok').click();
    await expect.poll(() => detail.getByTestId('framework-status').textContent()).toBe('草稿');

    await detail.getByTestId('framework-edit').click();
    const edit = await visible(page.getByRole('dialog', { name: '编辑名称与说明' }));
    await inputOf(edit, 'framework-edit-name').fill('新');
    await edit.getByTestId('framework-edit-ok').click();
    await visible(edit.getByText('名称至少 2 个字符'));
    await inputOf(edit, 'framework-edit-name').fill('市域产教联合体建设指标（2027 修订稿）');
    await inputOf(edit, 'framework-edit-note').fill('调整 4.1 的评分说明');
    await edit.getByTestId('framework-edit-ok').click();
    await edit.waitFor({ state: 'hidden' });
    await visible(detail.getByText('市域产教联合体建设指标（2027 修订稿）'));
    await visible(detail.getByText('调整 4.1 的评分说明'));
    await shot(page, 'evaluation-rounds-framework-renamed');
  });

  it('the rounds list and an entry are usable on a phone', async () => {
    const page = await suite.open('phone');
    await login(page, 'official');
    await page.goto('/evaluation/rounds');
    await visible(page.getByTestId('round-link').filter({ hasText: ROUND }));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'evaluation-rounds-phone-list');
    await page.getByTestId('round-link').filter({ hasText: ROUND }).click();
    await visible(page.getByTestId('round-summary'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('entry-link').first().click();
    await visible(page.locator('[data-testid="point-2.1"]'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'evaluation-rounds-phone-entry');
  });

  it('the rounds pages speak English when asked', async () => {
    const page = await suite.open('desktop', 'en-US');
    await login(page, 'official');
    await page.goto('/evaluation/rounds');
    const row = await visible(page.getByTestId('rounds-table').locator('.ant-table-row', { hasText: ROUND }));
    expect(await row.textContent()).toContain('Acceptance');
    await row.getByTestId('round-link').click();
    const summary = await visible(page.getByTestId('round-summary'));
    expect(await summary.textContent()).toContain('Consolidation');
    expect(await page.getByTestId('round-status').first().textContent()).toBe('Consolidated');
    await shot(page, 'evaluation-rounds-en');
  });
});

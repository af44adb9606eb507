import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { randomCreditCode, withWrongCheckChar } from './creditcode';
import {
  browserSuite,
  horizontalOverflow,
  login,
  openOptions,
  pickOption,
  screenshotDir,
  shot,
  visible,
} from './harness';

const sizes = ['desktop', 'phone'] as const;
const demoConsortium = '重庆市智能网联新能源汽车产教联合体';
const demoEnterprise = '【演示】渝新智能汽车零部件有限公司';
const demoSchool = '【演示】重庆示范职业技术学院';
const demoPark = '【演示】两江智能制造产业园';
const newConsortium = '【E2E】两江新区智能制造产教联合体';
const newEnterprise = '【E2E】渝北精密传动科技有限公司';

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

/** Opens a remote-search Select, types, and picks the option with that label. */
async function searchAndPick(page: Page, testId: string, text: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await visible(openOptions(page).filter({ hasText: label }));
  await pickOption(page, label);
}

/**
 * Opens a Select and picks the option whose label is exactly `label` (理事, not 理事长). A click that
 * lands during the dropdown's opening animation can miss on a busy machine: then it tries again.
 */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 1; ; attempt++) {
    await select.click();
    const option = openOptions(page)
      .filter({ hasText: new RegExp(`^${label}$`) })
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

/** A minimal PDF: enough for the server's magic-byte check. */
function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

describe('organization and consortium registry', () => {
  let newConsortiumPath = '';
  let newEnterprisePath = '';
  let demoConsortiumPath = '';

  const suite = browserSuite('registry');
  const open = (size: (typeof sizes)[number] = 'desktop') => suite.open(size);

  it('lets an official register a consortium with lead units and decide 筹建 → 培育', async () => {
    const page = await open();
    await login(page, 'official');
    await page.goto('/consortia');
    await visible(page.getByTestId('consortia-table').locator('.ant-table-row'));
    await page.getByTestId('consortium-create').click();
    const modal = await visible(page.getByRole('dialog', { name: /登记联合体/ }));

    // Empty: the contract's messages under the fields.
    await page.getByTestId('cf-submit').click();
    await visible(modal.getByText('联合体名称至少 4 个字'));
    await visible(modal.getByText('至少指定一个牵头单位'));

    await inputOf(page, 'cf-name').fill(newConsortium);
    await choose(page, 'cf-level', '园区牵头');
    // The lead kind decides which organizations the picker offers: a park for 产业园区.
    await choose(page, 'cf-lead-kind-0', '产业园区');
    await searchAndPick(page, 'cf-lead-org-0', '【演示】', demoPark);
    expect(await openOptions(page).filter({ hasText: demoEnterprise }).count()).toBe(0);
    await page.getByTestId('cf-lead-add').click();
    await choose(page, 'cf-lead-kind-1', '学校');
    await searchAndPick(page, 'cf-lead-org-1', '重庆示范', demoSchool);
    await searchAndPick(page, 'cf-parks', '两江', demoPark);
    await page.keyboard.press('Escape');
    await inputOf(page, 'cf-description').fill('服务两江新区智能制造产业集群的园区牵头联合体（端到端测试）');
    await shot(page, 'consortium-create-desktop');
    await page.getByTestId('cf-submit').click();

    await page.waitForURL(/\/consortia\/[0-9a-f-]{36}$/);
    newConsortiumPath = new URL(page.url()).pathname;
    await visible(page.getByText(`已登记 ${newConsortium}`));
    const leads = await visible(page.getByTestId('consortium-leads'));
    expect(await leads.textContent()).toContain(demoPark);
    expect(await leads.textContent()).toContain(demoSchool);
    expect(await page.getByTestId('status-card').getByTestId('consortium-status').first().textContent()).toBe('筹建');
    // The breadcrumb names the record.
    await visible(page.locator('.app-breadcrumb').getByText(newConsortium));

    await page.getByTestId('status-decide').click();
    const status = await visible(page.getByRole('dialog', { name: '状态决定' }));
    await status.locator('label', { hasText: '培育' }).click();
    await page.getByTestId('status-submit').click();
    await visible(status.getByText('请填写决定理由'));
    await status.locator('textarea[data-testid="status-reason"]').fill('筹建工作完成，理事会与章程已就绪，转入培育');
    await inputOf(status, 'status-documentNo').fill('渝教职成〔2024〕18号');
    await page.getByTestId('status-submit').click();
    await visible(page.getByText('状态已变更为“培育”'));
    const timeline = await visible(page.getByTestId('status-timeline'));
    const entries = timeline.locator('.timeline-entry');
    await expect.poll(() => entries.count()).toBe(2);
    // Newest first: the decision, then the registration.
    const first = await entries.first().textContent();
    expect(first).toContain('筹建');
    expect(first).toContain('培育');
    expect(first).toContain('转入培育');
    expect(first).toContain('渝教职成〔2024〕18号');
    expect(await page.getByTestId('status-card').getByTestId('consortium-status').first().textContent()).toBe('培育');
  });

  it('lets the secretariat register an enterprise, add it, appoint the council and version the charter', async () => {
    const page = await open();
    await login(page, 'secretariat');

    // ── Register an organization, the credit code checked as soon as the field is left.
    await page.goto('/orgs');
    await visible(page.getByTestId('orgs-table').locator('.ant-table-row'));
    await page.getByTestId('org-create').click();
    const form = await visible(page.getByRole('dialog', { name: '登记单位' }));
    const code = randomCreditCode('500112');
    const { wrong, expected } = withWrongCheckChar(code);
    await inputOf(page, 'of-name').fill(newEnterprise);
    await choose(page, 'of-type', '企业');
    await inputOf(page, 'of-creditCode').fill(wrong.toLowerCase());
    await inputOf(page, 'of-name').click();
    await visible(form.getByText(`统一社会信用代码校验位错误（应为 ${expected}）`));
    await inputOf(page, 'of-creditCode').fill(code);
    await inputOf(page, 'of-name').click();
    await form.getByText('校验位错误').waitFor({ state: 'detached' });
    await page.getByTestId('of-district').click();
    await page.keyboard.type('渝北');
    await pickOption(page, '渝北区');
    await choose(page, 'of-clusters', '智能网联新能源汽车');
    await page.keyboard.press('Escape');
    await searchAndPick(page, 'of-industries', '汽车零部件', '汽车零部件');
    await page.keyboard.press('Escape');
    await page.getByTestId('of-aboveScale').click();
    await inputOf(page, 'of-address').fill('重庆市渝北区空港大道 88 号');
    await page.getByTestId('of-submit').click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
    newEnterprisePath = new URL(page.url()).pathname;
    const detail = await visible(page.getByTestId('org-detail'));
    expect(await detail.textContent()).toContain(code);
    expect(await detail.textContent()).toContain('渝北区');
    expect(await detail.textContent()).toContain('规上企业');

    // A contact's phone comes back masked.
    await page.getByTestId('contact-add').click();
    await inputOf(page, 'contact-name').fill('周敏');
    await inputOf(page, 'contact-phone').fill('13912345678');
    await page.getByTestId('contact-submit').click();
    const contacts = await visible(page.getByTestId('org-contacts').locator('.ant-table-row', { hasText: '周敏' }));
    expect(await contacts.textContent()).toContain('139****5678');

    // A certification, granted today.
    await page.getByTestId('cert-add').click();
    const certModal = await visible(page.getByRole('dialog', { name: '添加资质认定' }));
    await choose(page, 'cert-kind', '专精特新企业');
    await choose(page, 'cert-level', '市级');
    // Today's cell by its date (the 今天 link can be hit while the popup is still animating under load).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const granted = inputOf(page, 'cert-grantedOn');
    await granted.click();
    const dropdown = page.locator('.ant-picker-dropdown:visible');
    await dropdown.locator(`td[title="${today}"]`).click();
    await expect.poll(() => granted.inputValue()).toBe(today);
    await dropdown.waitFor({ state: 'hidden' });
    await page.getByTestId('cert-submit').click();
    await certModal.waitFor({ state: 'hidden' });
    const cert = await visible(page.getByTestId('org-certifications').locator('.ant-table-row'));
    expect(await cert.textContent()).toContain('专精特新企业');

    // ── Add it to the secretariat's consortium as a council unit.
    await page.goto('/consortia');
    await page.getByTestId('consortia-table').getByRole('link', { name: demoConsortium }).click();
    await page.waitForURL(/\/consortia\/[0-9a-f-]{36}$/);
    demoConsortiumPath = new URL(page.url()).pathname;
    await page.getByRole('tab', { name: /成员单位/ }).click();
    await visible(page.getByTestId('members-table').locator('.ant-table-row'));
    await page.getByTestId('member-add').click();
    await searchAndPick(page, 'member-org', '渝北精密', newEnterprise);
    await choose(page, 'member-role', '理事单位');
    await page.getByTestId('member-submit').click();
    await visible(page.getByText(`已添加 ${newEnterprise}（理事单位）`));
    const memberRow = await visible(
      page.getByTestId('members-table').locator('.ant-table-row', { hasText: newEnterprise }),
    );
    expect(await memberRow.textContent()).toContain('理事单位');

    // ── Edit the consortium's description (the lead units stay as they are).
    await page.getByTestId('consortium-edit').click();
    const edit = await visible(page.getByRole('dialog', { name: /编辑联合体/ }));
    await inputOf(edit, 'cf-description').fill('围绕智能网联新能源汽车产业链的市域产教联合体（端到端测试已编辑）');
    await page.getByTestId('cf-submit').click();
    await visible(page.getByText(`已保存 ${demoConsortium}`));
    await page.getByRole('tab', { name: /概况/ }).click();
    await visible(page.getByText('端到端测试已编辑'));

    // ── The operating platform; its manager's phone is shown masked.
    await page.getByTestId('platform-edit').click();
    const platform = await visible(page.getByRole('dialog', { name: '运营平台' }));
    await inputOf(platform, 'pf-legalEntityName').fill('重庆智联产教融合发展有限公司');
    await inputOf(platform, 'pf-managerPhone').fill('13698765432');
    await page.getByTestId('platform-submit').click();
    await visible(page.getByText('运营平台信息已保存'));
    const platformCard = page.getByTestId('platform-card');
    await visible(platformCard.getByText('重庆智联产教融合发展有限公司'));
    expect(await platformCard.textContent()).toContain('136****5432');
    expect(await platformCard.textContent()).not.toContain('13698765432');

    // ── Council: a director from the new council unit, and a refused second chair (the chair comes
    // from a lead unit; the demo enterprise leads this consortium).
    await page
      .getByRole('tab', { name: /理事会/ })
      .first()
      .click();
    const council = page.getByTestId('council-table');
    await visible(council.locator('.ant-table-row, .ant-table-placeholder'));
    const appoint = async (seat: string, person: string, orgText: string, org: string) => {
      await page.getByTestId('seat-add').click();
      await visible(page.getByRole('dialog', { name: '任命' }));
      await choose(page, 'seat-kind', seat);
      await inputOf(page, 'seat-person').fill(person);
      await searchAndPick(page, 'seat-org', orgText, org);
      await page.getByTestId('seat-submit').click();
    };
    // 理事长 exactly (not 副理事长), in office.
    const sittingChair = council
      .locator('.ant-table-row')
      .filter({ has: page.locator('td:first-child', { hasText: /^理事长$/ }) })
      .filter({ hasText: '在任' });
    let chairName = '张明';
    if ((await sittingChair.count()) === 0) {
      await appoint('理事长', chairName, '渝新', demoEnterprise);
      await visible(page.getByText(`已任命 ${chairName} 为理事长`));
    } else {
      chairName = (await sittingChair.first().locator('td').nth(1).locator('div > div').first().textContent()) ?? '';
    }
    expect(chairName).not.toBe('');
    await appoint('理事', '李华', '渝北精密', newEnterprise);
    await visible(page.getByText('已任命 李华 为理事'));
    await visible(council.locator('.ant-table-row', { hasText: '李华' }));
    await appoint('理事长', '王强', '渝新', demoEnterprise);
    const seatModal = page.getByRole('dialog', { name: '任命' });
    const refusal = await visible(seatModal.getByText(/已有在任理事长/));
    expect(await refusal.textContent()).toContain(chairName);
    await shot(page, 'consortium-council-refused-desktop');
    await seatModal.getByRole('button', { name: /取\s*消/ }).click();
    await seatModal.waitFor({ state: 'hidden' });
    const rows = await council.locator('.ant-table-row').allTextContents();
    expect(await sittingChair.count()).toBe(1);
    // Current seats first, the chair at the top.
    expect(rows[0]).toContain(chairName);
    expect(rows.some((r) => r.includes('王强'))).toBe(false);

    // ── Charter: version 1, then version 2, then download it.
    await page.getByRole('tab', { name: /章程与制度/ }).click();
    await page.getByTestId('doc-upload').click();
    const docModal = await visible(page.getByRole('dialog', { name: /上传新版本/ }));
    await inputOf(docModal, 'doc-title').fill('联合体章程');
    await inputOf(docModal, 'doc-note').fill('第一届理事会第一次会议审议通过');
    await docModal.locator('input[type="file"]').setInputFiles({
      name: '联合体章程-v1.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('charter v1'),
    });
    await page.getByTestId('doc-submit').click();
    await visible(page.getByText('已上传《联合体章程》第 1 版'));
    const group = await visible(page.getByTestId('doc-group').filter({ hasText: '联合体章程' }));
    await visible(group.getByText('v1', { exact: true }));

    await group.getByTestId('doc-upload-version').click();
    await visible(docModal);
    expect(await inputOf(docModal, 'doc-title').inputValue()).toBe('联合体章程');
    await docModal.locator('input[type="file"]').setInputFiles({
      name: '联合体章程-2024修订.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('charter v2, revised'),
    });
    await page.getByTestId('doc-submit').click();
    await visible(page.getByText('已上传《联合体章程》第 2 版'));
    await visible(group.getByText('v2', { exact: true }));
    expect(await group.locator('.ant-table-row').count()).toBe(2);
    expect(await group.locator('.ant-table-row').first().textContent()).toContain('现行');

    const [download] = await Promise.all([page.waitForEvent('download'), group.getByTestId('doc-download-v2').click()]);
    expect(download.suggestedFilename()).toBe('联合体章程-2024修订.pdf');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString()).toContain('charter v2, revised');

    // ── A resolution with its attendees.
    await page.getByRole('tab', { name: /理事会决议/ }).click();
    await page.getByTestId('resolution-add').click();
    await inputOf(page, 'resolution-title').fill('关于审议联合体章程修订稿的决议');
    await page.getByTestId('resolution-attendees').click();
    for (const name of ['张明', '李华']) {
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
    }
    await page.locator('textarea[data-testid="resolution-body"]').fill('会议审议通过联合体章程（2024 年修订）。');
    await page.getByTestId('resolution-submit').click();
    await visible(page.getByText('已登记决议《关于审议联合体章程修订稿的决议》'));
    const resolution = await visible(page.getByTestId('resolutions-table').locator('.ant-table-row').first());
    expect(await resolution.textContent()).toContain('张明');
  });

  it('lays the registry pages out at 1920 and 375 px', async () => {
    expect(newConsortiumPath && newEnterprisePath && demoConsortiumPath).toBeTruthy();
    for (const size of sizes) {
      const official = await open(size);
      await login(official, 'official');
      await official.goto('/consortia');
      await visible(official.getByTestId('consortia-table').locator('.ant-table-row', { hasText: newConsortium }));
      expect(await horizontalOverflow(official)).toBeLessThanOrEqual(0);
      await shot(official, `consortia-${size}`);

      await official.goto(newConsortiumPath);
      await visible(official.getByTestId('status-timeline'));
      expect(await horizontalOverflow(official)).toBeLessThanOrEqual(0);
      await shot(official, `consortium-overview-${size}`);

      const page = await open(size);
      await login(page, 'secretariat');
      await page.goto('/orgs');
      await visible(page.getByTestId('orgs-table').locator('.ant-table-row', { hasText: newEnterprise }));
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `orgs-${size}`);

      await page.goto(newEnterprisePath);
      await visible(page.getByTestId('org-participation').locator('.ant-table-row', { hasText: demoConsortium }));
      expect(await page.getByTestId('org-participation').textContent()).toContain('李华');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `org-detail-${size}`);

      for (const tab of ['members', 'council', 'documents'] as const) {
        await page.goto(`${demoConsortiumPath}?tab=${tab}`);
        const ready = {
          members: page.getByTestId('members-table').locator('.ant-table-row', { hasText: newEnterprise }),
          council: page.getByTestId('council-table').locator('.ant-table-row', { hasText: '李华' }),
          documents: page.getByTestId('doc-group'),
        }[tab];
        await visible(ready);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await shot(page, `consortium-${tab}-${size}`);
      }
      if (size === 'phone') {
        // A form modal fits the phone's screen.
        await page.goto('/orgs');
        await page.getByTestId('org-create').click();
        const modal = await visible(page.locator('.ant-modal').filter({ has: page.getByTestId('of-name') }));
        const box = (await modal.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(375);
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(screenshotDir, 'org-create-phone.png') });
      }
    }
  });
});

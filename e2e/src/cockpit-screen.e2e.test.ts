import type { CockpitOverview, ConsortiumDashboard } from '@chanjiao/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, horizontalOverflow, login, pickOption, shot, visible } from './harness';

// The big screen (/cockpit/screen) and the consortium dashboard (/cockpit/consortium/:id).
// Figures on the page are checked against the API's answer for the same user, never constants.

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

async function overviewOf(page: Page): Promise<CockpitOverview> {
  const res = await page.request.get('/api/cockpit/overview');
  expect(res.status()).toBe(200);
  return (await res.json()) as CockpitOverview;
}

async function dashboardOf(page: Page, id: string): Promise<ConsortiumDashboard> {
  const res = await page.request.get(`/api/cockpit/consortia/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as ConsortiumDashboard;
}

describe('cockpit big screen and consortium dashboard', () => {
  const suite = browserSuite('cockpit-screen');

  it('an official opens the 1920×1080 big screen: map, counters from the overview, refetch every 30 s', async () => {
    const page = await suite.open();
    await page.clock.install();
    await login(page, 'official');
    let overviewCalls = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/cockpit/overview') overviewCalls++;
    });
    // The refresher computes the read models at server start: wait until it has, then open the screen.
    await expect.poll(async () => (await overviewOf(page)).computedAt, { timeout: 30_000 }).not.toBeNull();
    await page.goto('/cockpit/screen');
    const screen = await visible(page.getByTestId('cockpit-screen'));
    await visible(screen.getByTestId('screen-map-chart').locator('canvas'));

    // No app chrome: the screen covers the window exactly.
    const box = await screen.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(await horizontalOverflow(page)).toBe(0);

    const ov = await overviewOf(page);
    // The demo registry has consortia and members in several districts: the screen is not empty.
    expect(ov.counters.consortiaTotal).toBeGreaterThan(0);
    expect(ov.counters.districts.filter((d) => d.members > 0).length).toBeGreaterThan(1);
    await expect
      .poll(async () => digits(await page.getByTestId('screen-consortia').textContent()))
      .toBe(ov.counters.consortiaTotal);
    expect(digits(await page.getByTestId('screen-members').textContent())).toBe(ov.counters.membersTotal);
    expect(digits(await page.getByTestId('screen-jobs').textContent())).toBe(ov.counters.jobHeadCount);
    expect(digits(await page.getByTestId('screen-students').textContent())).toBe(ov.counters.students);
    const met = ov.statusCounts.find((s) => s.status === 'met')?.count ?? 0;
    expect(digits(await page.getByTestId('screen-met').textContent())).toBe(met);
    expect(await page.getByTestId('screen-coverage').textContent()).toBe(
      `${ov.coverage.defined}/${ov.coverage.targets}`,
    );
    // The lagging KPIs listed are the overview's.
    const lagging = ov.sections
      .flatMap((s) => s.kpis)
      .filter((k) => k.current.status === 'lagging' || k.current.status === 'severely_lagging');
    expect(await page.getByTestId('screen-laggard').count()).toBe(Math.min(5, lagging.length));
    expect(await page.getByTestId('screen-data-time').textContent()).toMatch(
      /数据时间 (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|—)/,
    );
    for (const panel of ['screen-levels', 'screen-status', 'screen-clusters', 'screen-trend'])
      await visible(page.getByTestId(panel));
    await page.waitForTimeout(1200); // the charts' entry animation
    await shot(page, 'cockpit-screen-1920');

    // The map's metric switch.
    await page.getByTestId('screen-map-metric').getByRole('button', { name: '岗位需求' }).click();
    await visible(page.getByTestId('screen-map').getByText('区县分布 · 岗位需求'));

    // Auto-refresh: 30 s later the overview is fetched again without any click.
    const before = overviewCalls;
    await page.clock.fastForward(31_000);
    await expect.poll(() => overviewCalls, { timeout: 10_000 }).toBeGreaterThan(before);

    // Leaving the screen goes back to the cockpit overview.
    await page.getByTestId('screen-exit').click();
    await page.waitForURL((url) => url.pathname === '/cockpit');
  });

  it('the secretariat lands on its own consortium dashboard; another consortium is not found', async () => {
    const page = await suite.open();
    await login(page, 'secretariat');
    await page.goto('/cockpit/consortium');
    await page.waitForURL(/\/cockpit\/consortium\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const d = await dashboardOf(page, id);
    expect(d.consortium.name).toBe('重庆市智能网联新能源汽车产教联合体');
    expect(d.membersTotal).toBeGreaterThan(0); // the demo consortium has members
    await expect.poll(() => page.getByTestId('consortium-name').textContent()).toBe(d.consortium.name);
    expect(await page.getByTestId('consortium-picker').count()).toBe(0);
    expect(digits(await page.getByTestId('consortium-members').textContent())).toBe(d.membersTotal);
    expect(digits(await page.getByTestId('consortium-students').textContent())).toBe(d.students);
    const rate =
      d.placement.graduates > 0 ? Math.round((d.placement.placed / d.placement.graduates) * 1000) / 10 : null;
    const shown = await page.getByTestId('consortium-placement').textContent();
    if (rate === null) expect(shown).toContain('—');
    else expect(digits(shown)).toBe(rate);
    const table = page.getByTestId('consortium-kpis');
    expect(await table.locator('.ant-table-row').count()).toBe(d.kpis.length);
    await visible(page.getByTestId('consortium-members-chart').locator('canvas'));
    await shot(page, 'cockpit-consortium-secretariat');

    await page.goto('/cockpit/consortium/00000000-0000-4000-8000-000000000000');
    await visible(page.getByTestId('consortium-error').getByText('联合体不存在'));
  });

  it('an official picks any consortium on the dashboard', async () => {
    const page = await suite.open();
    await login(page, 'official');
    await page.goto('/cockpit/consortium');
    await visible(page.getByTestId('consortium-pick-hint'));
    await page.getByTestId('consortium-picker').click();
    await pickOption(page, '先进材料产教联合体');
    await page.waitForURL(/\/cockpit\/consortium\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('consortium-name').textContent()).toBe('先进材料产教联合体');
    await shot(page, 'cockpit-consortium-official');
  });
});

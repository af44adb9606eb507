import { kpiReturns, organizations, schemaMeta, users } from '@chanjiao/db';
import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../lib/context';
import { appendAudit } from '../modules/audit';

/**
 * Demo statistical returns (统计填报, issue 6): approved figures for KPIs of source kind `returns`
 * from the government organizations the ledger seed creates, and one return of 市经济信息委 (the
 * `unit` account) submitted and waiting for the `official`'s review. Rows are is_demo and say 演示数据
 * in the note; deterministic; loaded once (schema_meta marker). Skipped until the ledger seed has
 * created the organizations.
 */
const RETURNS_MARKER = 'demo.cockpit.returns.seeded';

export interface DemoReturn {
  kpiCode: string;
  year: number;
  value: number;
  org: string;
  status: 'approved' | 'submitted';
  note: string;
}

export const DEMO_RETURNS: readonly DemoReturn[] = [
  { kpiCode: 'T06', year: 2023, value: 36.5, org: '市人力社保局', status: 'approved', note: '2023 年全市技能人才统计' },
  { kpiCode: 'T06', year: 2024, value: 37.8, org: '市人力社保局', status: 'approved', note: '2024 年全市技能人才统计' },
  { kpiCode: 'T01', year: 2024, value: 4, org: '市发展改革委', status: 'approved', note: '市级产教融合试点区县名单' },
  { kpiCode: 'T30', year: 2024, value: 86, org: '市教委', status: 'approved', note: '职业学校办学条件达标核查' },
  { kpiCode: 'T07', year: 2025, value: 62.5, org: '市经济信息委', status: 'submitted', note: '重点园区参与情况统计' },
];

async function userId(ctx: Ctx, username: string) {
  const [u] = await ctx.deps.db
    .select({ id: users.id, orgId: users.orgId })
    .from(users)
    .where(eq(users.username, username));
  return u;
}

export async function seedDemoReturns(ctx: Ctx): Promise<{ seeded: boolean; returns: number }> {
  const { db } = ctx.deps;
  if ((await db.select().from(schemaMeta).where(eq(schemaMeta.key, RETURNS_MARKER)).limit(1)).length)
    return { seeded: false, returns: 0 };
  const orgIds = new Map<string, string>();
  for (const name of new Set(DEMO_RETURNS.map((r) => r.org))) {
    const [o] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.name, name), eq(organizations.type, 'government')));
    if (!o) return { seeded: false, returns: 0 };
    orgIds.set(name, o.id);
  }
  const official = await userId(ctx, 'official');
  const unit = await userId(ctx, 'unit');
  await db.transaction(async (tx) => {
    for (const [i, d] of DEMO_RETURNS.entries()) {
      const orgId = orgIds.get(d.org)!;
      // The demo `unit` account writes its own department's returns; others have no named writer.
      const writer = unit && unit.orgId === orgId ? unit.id : null;
      const submittedAt = new Date(Date.UTC(d.year + 1, 0, 15 + i, 2));
      const approved = d.status === 'approved';
      const [row] = await tx
        .insert(kpiReturns)
        .values({
          kpiCode: d.kpiCode,
          year: d.year,
          value: d.value,
          orgId,
          note: `${d.note}（演示数据）`,
          status: d.status,
          submittedAt,
          submittedBy: writer,
          reviewedAt: approved ? new Date(submittedAt.getTime() + 3 * 86_400_000) : null,
          reviewedBy: approved ? (official?.id ?? null) : null,
          isDemo: true,
          createdBy: writer,
          createdAt: submittedAt,
          updatedAt: approved ? new Date(submittedAt.getTime() + 3 * 86_400_000) : submittedAt,
        })
        .returning({ id: kpiReturns.id });
      await appendAudit(tx, ctx, {
        action: 'kpi_return.seed',
        entity: 'kpi_return',
        entityId: row!.id,
        after: { kpiCode: d.kpiCode, year: d.year, value: d.value, orgId, status: d.status, demo: true },
      });
    }
    await tx.insert(schemaMeta).values({ key: RETURNS_MARKER, value: new Date().toISOString() });
  });
  return { seeded: true, returns: DEMO_RETURNS.length };
}

/** Demo statistical returns and KPI history (issue 6). */
export async function seedDemoCockpit(ctx: Ctx): Promise<{ seeded: boolean }> {
  const r = await seedDemoReturns(ctx);
  return { seeded: r.seeded };
}

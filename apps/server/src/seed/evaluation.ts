import { roleLabels } from '@chanjiao/contracts';
import {
  consortia,
  evaluationEntries,
  evaluationEvents,
  evaluationRounds,
  indicatorFrameworks,
  organizations,
  schemaMeta,
  users,
} from '@chanjiao/db';
import { and, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../lib/context';
import { todayInChina } from '../lib/dates';
import { appendAudit } from '../modules/audit';
import { createUser } from '../modules/identity';
import { DEMO_PASSWORD } from './demo';

const MARKER = 'demo.evaluation.seeded';
const DEMO_CONSORTIUM = '重庆市智能网联新能源汽车产教联合体';
export const DEMO_ROUND_NAME = '2026年度验收（演示）';
const RESEARCH_ORG = '【演示】重庆智能网联汽车研究院';

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo evaluation data: a second reviewer account `reviewer2` (password Demo@2023) of a demo
 * research institute that is not a member of any demo consortium, and one OPEN acceptance round
 * “2026年度验收（演示）” (year 2026, the current published framework) for the demo secretariat's
 * consortium, self-assessment due in 30 days and review in 45 days from the day it is loaded; no
 * reviewer is assigned yet. The round row is is_demo. Loaded once (schema_meta marker).
 */
export async function seedDemoEvaluation(ctx: Ctx): Promise<{ seeded: boolean }> {
  const { db } = ctx.deps;
  if ((await db.select().from(schemaMeta).where(eq(schemaMeta.key, MARKER)).limit(1)).length) return { seeded: false };
  const [consortium] = await db.select().from(consortia).where(eq(consortia.name, DEMO_CONSORTIUM)).limit(1);
  const [framework] = await db
    .select({ id: indicatorFrameworks.id })
    .from(indicatorFrameworks)
    .where(eq(indicatorFrameworks.status, 'published'))
    .orderBy(desc(indicatorFrameworks.publishedAt))
    .limit(1);
  if (!consortium || !framework) return { seeded: false };

  const orgId = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.name, RESEARCH_ORG), eq(organizations.isDemo, true)));
    if (existing) return existing.id;
    const [org] = await tx
      .insert(organizations)
      .values({ name: RESEARCH_ORG, type: 'research', districtCode: '500112', isDemo: true })
      .returning({ id: organizations.id });
    return org!.id;
  });
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'reviewer2'));
  if (!taken)
    await createUser(
      ctx,
      {
        username: 'reviewer2',
        displayName: `演示${roleLabels.reviewer['zh-CN']}二`,
        roles: ['reviewer'],
        initialPassword: DEMO_PASSWORD,
        orgId,
        consortiumId: null,
        phone: '13800000099',
      },
      { isDemo: true, mustChange: false },
    );

  const today = todayInChina();
  await db.transaction(async (tx) => {
    const [round] = await tx
      .insert(evaluationRounds)
      .values({
        kind: 'acceptance',
        name: DEMO_ROUND_NAME,
        year: 2026,
        frameworkId: framework.id,
        selfDueOn: addDays(today, 30),
        reviewDueOn: addDays(today, 45),
        method: 'mean',
        status: 'open',
        isDemo: true,
      })
      .returning({ id: evaluationRounds.id });
    const [entry] = await tx
      .insert(evaluationEntries)
      .values({ roundId: round!.id, consortiumId: consortium.id })
      .returning({ id: evaluationEntries.id });
    await tx.insert(evaluationEvents).values([
      { roundId: round!.id, kind: 'round.create', note: `验收：${DEMO_ROUND_NAME}（演示数据）` },
      { roundId: round!.id, kind: 'round.open', note: '1 个联合体参评' },
    ]);
    await appendAudit(tx, ctx, {
      action: 'evaluation.round.create',
      entity: 'evaluation_round',
      entityId: round!.id,
      after: { name: DEMO_ROUND_NAME, kind: 'acceptance', status: 'open', demo: true, entryId: entry!.id },
    });
    await tx.insert(schemaMeta).values({ key: MARKER, value: new Date().toISOString() });
  });
  return { seeded: true };
}

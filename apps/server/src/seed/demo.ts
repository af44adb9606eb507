import { type Role, roleLabels } from '@chanjiao/contracts';
import { consortia, consortiumMembers, organizations, schemaMeta } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../lib/context';
import { createUser } from '../modules/identity';

export const DEMO_PASSWORD = 'Demo@2023';

/** The four consortia founded on 2023-10-27 (seed 001). */
const DEMO_CONSORTIA = [
  { name: '西部职教基地国家级产教联合体', level: 'national' },
  { name: '重庆市智能网联新能源汽车产教联合体', level: 'municipal' },
  { name: '新一代电子信息制造业产教联合体', level: 'municipal' },
  { name: '先进材料产教联合体', level: 'municipal' },
] as const;

const DEMO_ORGS = [
  { key: 'enterprise', name: '【演示】渝新智能汽车零部件有限公司', type: 'enterprise', districtCode: '500112' },
  { key: 'school', name: '【演示】重庆示范职业技术学院', type: 'school', districtCode: '500106' },
  { key: 'park', name: '【演示】两江智能制造产业园', type: 'park', districtCode: '500112' },
] as const;

export const DEMO_ACCOUNTS: { username: string; role: Role; scope: 'none' | 'enterprise' | 'school' | 'consortium' }[] =
  [
    { username: 'admin', role: 'sysadmin', scope: 'none' },
    { username: 'security', role: 'secadmin', scope: 'none' },
    { username: 'auditor', role: 'auditor', scope: 'none' },
    { username: 'official', role: 'official', scope: 'none' },
    { username: 'secretariat', role: 'secretariat', scope: 'consortium' },
    { username: 'council', role: 'council', scope: 'consortium' },
    { username: 'enterprise', role: 'enterprise', scope: 'enterprise' },
    { username: 'school', role: 'school', scope: 'school' },
    { username: 'teacher', role: 'teacher', scope: 'school' },
    { username: 'student', role: 'student', scope: 'school' },
    { username: 'reviewer', role: 'reviewer', scope: 'none' },
  ];

const SEEDED_KEY = 'demo.seeded';

/**
 * Loads demo data once (marked is_demo); a second start finds the marker and does nothing.
 * Every row it writes is audited like any other write.
 */
export async function seedDemo(ctx: Ctx): Promise<{ seeded: boolean }> {
  const { db } = ctx.deps;
  const done = await db.select().from(schemaMeta).where(eq(schemaMeta.key, SEEDED_KEY)).limit(1);
  if (done.length) return { seeded: false };

  const ids = await db.transaction(async (tx) => {
    const cons = await tx
      .insert(consortia)
      .values(DEMO_CONSORTIA.map((c) => ({ ...c, status: 'cultivating', foundedOn: '2023-10-27', isDemo: true })))
      .onConflictDoNothing()
      .returning();
    const orgs = await tx
      .insert(organizations)
      .values(DEMO_ORGS.map(({ key, ...o }) => ({ ...o, isDemo: true })))
      .returning();
    const auto = cons.find((c) => c.name === '重庆市智能网联新能源汽车产教联合体');
    const byName = (k: string) => orgs.find((o) => o.name === DEMO_ORGS.find((d) => d.key === k)?.name);
    if (auto)
      await tx.insert(consortiumMembers).values(
        ['enterprise', 'school', 'park'].map((k, i) => ({
          consortiumId: auto.id,
          orgId: byName(k)!.id,
          memberRole: i < 2 ? 'council_unit' : 'member_unit',
          joinedOn: '2023-10-27',
        })),
      );
    return {
      consortiumId: auto?.id ?? null,
      enterpriseId: byName('enterprise')?.id ?? null,
      schoolId: byName('school')?.id ?? null,
    };
  });

  for (const a of DEMO_ACCOUNTS) {
    await createUser(
      ctx,
      {
        username: a.username,
        displayName: `演示${roleLabels[a.role]['zh-CN']}`,
        roles: [a.role],
        initialPassword: DEMO_PASSWORD,
        orgId: a.scope === 'enterprise' ? ids.enterpriseId : a.scope === 'school' ? ids.schoolId : null,
        consortiumId: a.scope === 'consortium' ? ids.consortiumId : null,
        phone: `1380000${String(DEMO_ACCOUNTS.indexOf(a)).padStart(4, '0')}`,
      },
      { isDemo: true, mustChange: false },
    );
  }
  await db.insert(schemaMeta).values({ key: SEEDED_KEY, value: new Date().toISOString() });
  return { seeded: true };
}

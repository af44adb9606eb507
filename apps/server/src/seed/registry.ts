import { creditCodeCheckChar } from '@chanjiao/contracts';
import {
  consortia,
  consortiumLeads,
  consortiumMembers,
  consortiumParks,
  consortiumStatusHistory,
  councilSeats,
  type DbOrTx,
  organizations,
  orgCertifications,
  schemaMeta,
} from '@chanjiao/db';
import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../lib/context';
import { appendAudit } from '../modules/audit';

/**
 * Demo registry data (all marked is_demo, names prefixed 【演示】): organizations generated across
 * Chongqing's districts and the 33618 clusters, and the four consortia founded on 2023-10-27
 * (seed 001) with lead units, members, council seats and their founding status history.
 * Deterministic: the same run gives the same rows.
 */

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid 统一社会信用代码 for demo row n (GB 32100 check character; 9 = enterprise, 5 = school-like). */
export function demoCreditCode(n: number, kind: 'enterprise' | 'institution' = 'enterprise'): string {
  const head = kind === 'enterprise' ? '91' : '52';
  const body = `${head}5001${String(n).padStart(9, '0')}MA`.slice(0, 17);
  return body + creditCodeCheckChar(body);
}

const DISTRICTS = [
  '500112',
  '500106',
  '500107',
  '500108',
  '500105',
  '500103',
  '500113',
  '500109',
  '500110',
  '500117',
  '500118',
  '500120',
  '500101',
  '500102',
  '500151',
  '500153',
  '500154',
  '500111',
];
/** Heavier weight for the main urban districts, as in reality. */
const DISTRICT_WEIGHTS = [9, 8, 7, 6, 6, 5, 5, 4, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1];

const ENTERPRISE_WORDS: Record<string, string[]> = {
  C01: ['智能汽车零部件', '新能源电驱', '汽车电子', '动力电池', '智能座舱'],
  C02: ['电子元器件', '智能终端', '集成电路封测', '光电显示'],
  C03: ['新材料', '合金精密制造', '复合材料', '特种钢材'],
  C04: ['智能装备', '工业机器人'],
  C06: ['软件信息', '工业互联网'],
  C11: ['生物制药'],
};

const CONSORTIA = [
  { name: '西部职教基地国家级产教联合体', level: 'national', clusters: ['C01', 'C02', 'C04', 'C06'] },
  { name: '重庆市智能网联新能源汽车产教联合体', level: 'municipal', clusters: ['C01'] },
  { name: '新一代电子信息制造业产教联合体', level: 'municipal', clusters: ['C02', 'C07'] },
  { name: '先进材料产教联合体', level: 'municipal', clusters: ['C03', 'C09'] },
] as const;

const FOUNDED = '2023-10-27';
const MARKER = 'demo.registry.seeded';

function pick<T>(rand: () => number, xs: readonly T[], weights?: readonly number[]): T {
  if (!weights) return xs[Math.floor(rand() * xs.length)]!;
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < xs.length; i++) {
    r -= weights[i]!;
    if (r < 0) return xs[i]!;
  }
  return xs[xs.length - 1]!;
}

async function orgIdByName(tx: DbOrTx, name: string): Promise<string | undefined> {
  return (await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)).limit(1))[0]
    ?.id;
}

/** Loads the demo registry once; later starts find the marker and do nothing. */
export async function seedDemoRegistry(ctx: Ctx): Promise<{ seeded: boolean; organizations: number; members: number }> {
  const { db } = ctx.deps;
  if ((await db.select().from(schemaMeta).where(eq(schemaMeta.key, MARKER)).limit(1)).length)
    return { seeded: false, organizations: 0, members: 0 };
  const rand = prng(20231027);
  return db.transaction(async (tx) => {
    // The three demo organizations the demo accounts belong to (created by the account seed).
    const base = {
      enterprise: await orgIdByName(tx, '【演示】渝新智能汽车零部件有限公司'),
      school: await orgIdByName(tx, '【演示】重庆示范职业技术学院'),
      park: await orgIdByName(tx, '【演示】两江智能制造产业园'),
    };
    if (base.enterprise)
      await tx
        .update(organizations)
        .set({ creditCode: demoCreditCode(1), clusterCodes: ['C01'], industryCodes: ['3670'], aboveScale: true })
        .where(eq(organizations.id, base.enterprise));
    if (base.school)
      await tx
        .update(organizations)
        .set({ creditCode: demoCreditCode(2, 'institution'), schoolLevel: 'associate', clusterCodes: ['C01', 'C02'] })
        .where(eq(organizations.id, base.school));
    if (base.park)
      await tx
        .update(organizations)
        .set({ clusterCodes: ['C01', 'C04'] })
        .where(eq(organizations.id, base.park));

    let serial = 10;
    const orgRows: (typeof organizations.$inferInsert)[] = [];
    const byCluster = new Map<string, { name: string; type: string }[]>();
    const add = (row: typeof organizations.$inferInsert) => {
      orgRows.push(row);
      for (const c of row.clusterCodes ?? [])
        byCluster.set(c, [...(byCluster.get(c) ?? []), { name: row.name, type: row.type }]);
    };
    const seenNames = new Set<string>();
    for (const [cluster, words] of Object.entries(ENTERPRISE_WORDS)) {
      for (let i = 0; i < 12; i++) {
        const district = pick(rand, DISTRICTS, DISTRICT_WEIGHTS);
        const word = pick(rand, words);
        const name = `【演示】重庆${['渝', '巴', '江', '嘉', '山', '瑞', '恒', '鼎'][i % 8]}${['创', '达', '联', '通', '泰', '新'][Math.floor(rand() * 6)]}${word}有限公司`;
        if (seenNames.has(name)) continue;
        seenNames.add(name);
        serial += 1;
        add({
          name,
          type: 'enterprise',
          creditCode: demoCreditCode(serial),
          districtCode: district,
          clusterCodes: [cluster],
          aboveScale: rand() < 0.6,
          isDemo: true,
        });
      }
    }
    const schoolNames = ['汽车工程', '电子信息', '智能制造', '材料工程', '软件技术', '交通', '工业', '机电'];
    schoolNames.forEach((w, i) => {
      serial += 1;
      const clusters = i < 2 ? ['C01', 'C02'] : i < 4 ? ['C04', 'C03'] : ['C06', 'C02'];
      add({
        name: `【演示】重庆${w}职业技术学院`,
        type: 'school',
        schoolLevel: i % 4 === 3 ? 'vocational_bachelor' : 'associate',
        creditCode: demoCreditCode(serial, 'institution'),
        districtCode: pick(rand, DISTRICTS, DISTRICT_WEIGHTS),
        clusterCodes: clusters,
        isDemo: true,
      });
    });
    for (const [i, w] of ['永川', '璧山', '长寿', '涪陵'].entries()) {
      serial += 1;
      add({
        name: `【演示】${w}高新技术产业园区`,
        type: 'park',
        districtCode: ['500118', '500120', '500115', '500102'][i],
        clusterCodes: [
          ['C02', 'C04'],
          ['C01', 'C04'],
          ['C03', 'C11'],
          ['C03', 'C05'],
        ][i],
        isDemo: true,
      });
    }
    const inserted = await tx.insert(organizations).values(orgRows).returning({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      clusterCodes: organizations.clusterCodes,
    });
    const certs = inserted
      .filter((o) => o.type === 'enterprise')
      .filter(() => rand() < 0.3)
      .map((o) => ({
        orgId: o.id,
        kind: 'integration_enterprise',
        level: 'municipal',
        grantedOn: '2024-06-28',
        expiresOn: '2027-06-27',
        issuer: '重庆市发展改革委',
        note: '演示数据',
      }));
    if (certs.length) await tx.insert(orgCertifications).values(certs);

    // The four consortia: give them clusters, leads, members, council and history.
    const cons = await tx
      .select()
      .from(consortia)
      .where(
        inArray(
          consortia.name,
          CONSORTIA.map((c) => c.name),
        ),
      );
    let members = 0;
    for (const spec of CONSORTIA) {
      const c = cons.find((x) => x.name === spec.name);
      if (!c) continue;
      await tx
        .update(consortia)
        .set({ clusterCodes: [...spec.clusters], level: spec.level, status: 'cultivating' })
        .where(eq(consortia.id, c.id));
      await tx.insert(consortiumStatusHistory).values([
        {
          consortiumId: c.id,
          fromStatus: null,
          toStatus: 'preparing',
          decidedOn: FOUNDED,
          reason: '登记筹建（演示数据）',
        },
        {
          consortiumId: c.id,
          fromStatus: 'preparing',
          toStatus: 'cultivating',
          decidedOn: FOUNDED,
          reason: '市域产教联合体成立大会，列入培育名单（演示数据）',
        },
      ]);
      const pool = inserted.filter((o) => o.clusterCodes.some((k) => (spec.clusters as readonly string[]).includes(k)));
      const isAuto = spec.name === '重庆市智能网联新能源汽车产教联合体';
      const leadEnterprise =
        isAuto && base.enterprise ? base.enterprise : pool.find((o) => o.type === 'enterprise')?.id;
      const leadSchool = isAuto && base.school ? base.school : pool.find((o) => o.type === 'school')?.id;
      const leadPark = isAuto && base.park ? base.park : pool.find((o) => o.type === 'park')?.id;
      const leads = [
        leadPark && { consortiumId: c.id, orgId: leadPark, leadKind: 'park' },
        leadSchool && { consortiumId: c.id, orgId: leadSchool, leadKind: 'school' },
        leadEnterprise && { consortiumId: c.id, orgId: leadEnterprise, leadKind: 'enterprise' },
      ].filter((x): x is { consortiumId: string; orgId: string; leadKind: string } => !!x);
      if (leads.length) await tx.insert(consortiumLeads).values(leads).onConflictDoNothing();
      if (leadPark)
        await tx.insert(consortiumParks).values({ consortiumId: c.id, orgId: leadPark }).onConflictDoNothing();
      const existing = new Set(
        (
          await tx
            .select({ orgId: consortiumMembers.orgId })
            .from(consortiumMembers)
            .where(eq(consortiumMembers.consortiumId, c.id))
        ).map((m) => m.orgId),
      );
      const memberIds = [...new Set([...leads.map((l) => l.orgId), ...pool.slice(0, 18).map((o) => o.id)])].filter(
        (id) => !existing.has(id),
      );
      const leadIds = new Set(leads.map((l) => l.orgId));
      if (memberIds.length)
        await tx.insert(consortiumMembers).values(
          memberIds.map((orgId, i) => ({
            consortiumId: c.id,
            orgId,
            memberRole: leadIds.has(orgId) || i % 3 === 0 ? 'council_unit' : 'member_unit',
            joinedOn: FOUNDED,
          })),
        );
      if (existing.size)
        await tx
          .update(consortiumMembers)
          .set({ memberRole: 'council_unit' })
          .where(
            inArray(
              consortiumMembers.orgId,
              leads.map((l) => l.orgId),
            ),
          );
      members += memberIds.length + existing.size;
      const chairOrg = leadEnterprise ?? leadSchool;
      if (chairOrg) {
        const seats = [
          { seat: 'chair', personName: '王建国', personTitle: '董事长', orgId: chairOrg },
          ...(leadSchool
            ? [{ seat: 'vice_chair', personName: '李明华', personTitle: '党委书记', orgId: leadSchool }]
            : []),
          ...(leadPark
            ? [{ seat: 'vice_chair', personName: '陈立新', personTitle: '管委会主任', orgId: leadPark }]
            : []),
          ...(leadSchool
            ? [{ seat: 'secretary_general', personName: '赵晓红', personTitle: '副校长', orgId: leadSchool }]
            : []),
        ];
        await tx.insert(councilSeats).values(seats.map((s) => ({ ...s, consortiumId: c.id, termStart: FOUNDED })));
      }
    }
    await tx.insert(schemaMeta).values({ key: MARKER, value: new Date().toISOString() });
    await appendAudit(tx, ctx, {
      action: 'demo.seed',
      entity: 'organization',
      detail: { organizations: inserted.length, certifications: certs.length, members, note: '演示数据' },
    });
    return { seeded: true, organizations: inserted.length, members };
  });
}

import { idCardCheckChar } from '@chanjiao/contracts';
import {
  applicationEvents,
  applications,
  consortiumMembers,
  enrollmentPlans,
  graduateCohorts,
  jobDemands,
  organizations,
  refClusters,
  refOccupations,
  schemaMeta,
  studentProfiles,
  users,
} from '@chanjiao/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Ctx } from '../lib/context';
import { searchVector } from '../lib/segment';
import { appendAudit } from '../modules/audit';
import { announceMatchChanges, recordMatchChanges } from '../modules/matching';
import { prng } from './registry';

/**
 * Demo talent data (all rows is_demo; student names and 身份证号 are generated, the numbers carry
 * a valid GB 11643 check character but belong to nobody): jobs of the member enterprises of each
 * demo consortium, student profiles of the member schools, three years of graduate cohorts and
 * enrollment plans, and a few applications. Deterministic; loaded once.
 */
const MARKER = 'demo.talent.seeded';
const THIS_YEAR = 2026;

interface ClusterProfile {
  majors: string[];
  /** Accepted-major entries jobs use: major codes, a 专业类 or a 专业大类. */
  accepted: string[][];
  skills: string[];
  certs: string[];
  occupations: { code: string; title: string }[];
  industry: string;
}

/** What each cluster's demo jobs and students look like (associate-level majors of the 2021 catalogue). */
const CLUSTERS: Record<string, ClusterProfile> = {
  C01: {
    majors: ['460702', '460704', '460701', '500212', '460301'],
    accepted: [['460702', '460704'], ['4607'], ['460701', '500212'], ['46']],
    skills: [
      '新能源汽车装调',
      '动力电池检测',
      '整车电气',
      '智能网联测试',
      'CAN总线',
      '汽车检测',
      'PLC编程',
      '质量检验',
    ],
    certs: ['1+X 新能源汽车动力驱动电机电池技术', '低压电工作业证', '汽车维修工（四级）'],
    occupations: [
      { code: '6-22-02-01', title: '新能源汽车装调工' },
      { code: '4-12-01-01', title: '新能源汽车检测维修技师' },
      { code: '2-02-38-05', title: '智能网联汽车测试工程师' },
    ],
    industry: '3670',
  },
  C02: {
    majors: ['510101', '510103', '510401', '510102', '510202'],
    accepted: [['510101', '510103'], ['5104'], ['5101'], ['51']],
    skills: ['SMT贴片', '电子装接', '芯片测试', '嵌入式开发', '电路设计', '物联网调试', '质量检验', 'PLC编程'],
    certs: ['1+X 集成电路开发与测试', '电子设备装接工（四级）'],
    occupations: [
      { code: '6-25-04-07', title: '电子设备装接工' },
      { code: '6-25-02-06', title: '集成电路装调工' },
      { code: '6-25-04-09', title: '物联网安装调试员' },
    ],
    industry: '3971',
  },
  C03: {
    majors: ['430601', '430602', '430701'],
    accepted: [['430601', '430602'], ['4306'], ['43']],
    skills: ['材料检测', '注塑成型', '热处理', '质量检验', '化学分析'],
    certs: ['1+X 材料检测', '化学检验员（四级）'],
    occupations: [{ code: '2-02-07-08', title: '材料成形工艺员' }],
    industry: '3360',
  },
  C04: {
    majors: ['460305', '460301', '460306', '460103', '460113'],
    accepted: [['460305', '460306'], ['4603'], ['460103', '460113'], ['46']],
    skills: ['工业机器人编程', 'PLC编程', '数控加工', '机电设备维护', 'CAD制图', '电气控制'],
    certs: ['1+X 工业机器人操作与运维', '低压电工作业证', '数控车工（四级）'],
    occupations: [
      { code: '6-31-07-03', title: '工业机器人系统操作员' },
      { code: '6-31-07-01', title: '工业机器人运维员' },
      { code: '6-18-01-01', title: '数控车工' },
    ],
    industry: '3990',
  },
  C06: {
    majors: ['510203', '510205', '510209', '510202'],
    accepted: [['510203'], ['510205', '510209'], ['5102']],
    skills: ['Java开发', 'Python', '数据分析', 'Web前端', '数据库', '机器学习', 'Linux运维'],
    certs: ['1+X Web前端开发', '1+X 大数据应用开发'],
    occupations: [
      { code: '4-04-05-01', title: '软件开发工程师（助理）' },
      { code: '2-02-38-03', title: '大数据开发工程师' },
      { code: '2-02-38-01', title: '人工智能训练师' },
    ],
    industry: '6513',
  },
};
const FALLBACK = 'C04';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林'.split('');
const GIVEN = '伟芳娜敏静丽强磊洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲'.split('');
const DISTRICTS = ['500112', '500106', '500105', '500108', '500107', '500113', '500118', '500120', '500117'];
const KINDS = ['fulltime', 'fulltime', 'internship', 'apprenticeship', 'order_class'] as const;

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}
function some<T>(rand: () => number, xs: readonly T[], n: number): T[] {
  const out = new Set<T>();
  while (out.size < Math.min(n, xs.length)) out.add(pick(rand, xs));
  return [...out];
}

export async function seedDemoTalent(
  ctx: Ctx,
): Promise<{ seeded: boolean; jobs: number; students: number; cohorts: number; applications: number }> {
  const { db, cipher } = ctx.deps;
  if ((await db.select().from(schemaMeta).where(eq(schemaMeta.key, MARKER)).limit(1)).length)
    return { seeded: false, jobs: 0, students: 0, cohorts: 0, applications: 0 };
  const rand = prng(20260701);

  const result = await db.transaction(async (tx) => {
    const members = await tx
      .select({
        consortiumId: consortiumMembers.consortiumId,
        orgId: organizations.id,
        name: organizations.name,
        type: organizations.type,
        district: organizations.districtCode,
        clusters: organizations.clusterCodes,
        level: organizations.schoolLevel,
      })
      .from(consortiumMembers)
      .innerJoin(organizations, eq(organizations.id, consortiumMembers.orgId))
      .where(and(isNull(consortiumMembers.leftOn), eq(organizations.isDemo, true), isNull(organizations.deletedAt)))
      .orderBy(organizations.name, consortiumMembers.consortiumId);
    const clusterNames = new Map((await tx.select().from(refClusters)).map((c) => [c.code, c.name]));
    const occupationNames = new Map(
      (await tx.select({ code: refOccupations.code, name: refOccupations.name }).from(refOccupations)).map((o) => [
        o.code,
        o.name,
      ]),
    );
    const profileOf = (clusters: string[] | null) => {
      const c = (clusters ?? []).find((x) => CLUSTERS[x]) ?? FALLBACK;
      return { code: c, p: CLUSTERS[c]! };
    };

    // Jobs: each member enterprise posts in each consortium it belongs to.
    const jobRows: PgInsertValue<typeof jobDemands>[] = [];
    const seenEnterprise = new Set<string>();
    for (const m of members.filter((x) => x.type === 'enterprise')) {
      const { code, p } = profileOf(m.clusters);
      const first = !seenEnterprise.has(m.orgId);
      seenEnterprise.add(m.orgId);
      const n = first ? 3 : 1;
      for (let i = 0; i < n; i++) {
        const occ = pick(rand, p.occupations);
        const kind = pick(rand, KINDS);
        const lastYear = rand() < 0.3;
        const year = lastYear ? THIS_YEAR - 1 : THIS_YEAR;
        const status = lastYear ? 'closed' : rand() < 0.85 ? 'published' : 'draft';
        const skills = some(rand, p.skills, 2 + Math.floor(rand() * 3));
        const certs = rand() < 0.5 ? [pick(rand, p.certs)] : [];
        const title =
          kind === 'internship' ? `${occ.title}（实习）` : kind === 'order_class' ? `${occ.title}订单班` : occ.title;
        const description = `【演示】${m.name.replace('【演示】', '')}招聘${title}，负责${skills.join('、')}相关工作。`;
        const salary = 4000 + Math.floor(rand() * 8) * 500;
        jobRows.push({
          orgId: m.orgId,
          consortiumId: m.consortiumId,
          title,
          description,
          occupationCode: occ.code,
          clusterCode: code,
          industryCode: p.industry,
          acceptedMajors: pick(rand, p.accepted),
          skills,
          certificates: certs,
          headCount: 1 + Math.floor(rand() * 15),
          minLevel: rand() < 0.3 ? 'secondary' : 'associate',
          districtCode: m.district ?? pick(rand, DISTRICTS),
          salaryMin: kind === 'internship' ? 2500 : salary,
          salaryMax: kind === 'internship' ? 3500 : salary + 2000,
          kind,
          validUntil: `${year}-12-31`,
          status,
          year,
          publishedAt: status === 'draft' ? null : new Date(`${year}-03-0${1 + (i % 9)}T09:00:00+08:00`),
          closedAt: status === 'closed' ? new Date(`${year}-10-31T18:00:00+08:00`) : null,
          search: searchVector(
            title,
            description,
            skills,
            certs,
            occupationNames.get(occ.code),
            clusterNames.get(code),
          ),
          isDemo: true,
        });
      }
    }
    const jobs = jobRows.length
      ? await tx.insert(jobDemands).values(jobRows).returning({
          id: jobDemands.id,
          seq: jobDemands.seq,
          orgId: jobDemands.orgId,
          kind: jobDemands.kind,
          status: jobDemands.status,
        })
      : [];

    // Students, cohorts and plans of each member school (once per school).
    const studentUser = (
      await tx.select({ id: users.id, orgId: users.orgId }).from(users).where(eq(users.username, 'student'))
    )[0];
    const studentRows: PgInsertValue<typeof studentProfiles>[] = [];
    const cohortRows: (typeof graduateCohorts.$inferInsert)[] = [];
    const planRows: (typeof enrollmentPlans.$inferInsert)[] = [];
    const seenSchool = new Set<string>();
    let serial = 0;
    for (const m of members.filter((x) => x.type === 'school')) {
      if (seenSchool.has(m.orgId)) continue;
      seenSchool.add(m.orgId);
      const { p } = profileOf(m.clusters);
      const level = m.level ?? 'associate';
      const district = m.district ?? '500106';
      for (let i = 0; i < 60; i++) {
        serial++;
        const major = i < 30 ? p.majors[0]! : pick(rand, p.majors);
        const grade = THIS_YEAR - 1 - Math.floor(rand() * 3);
        const birth = `${grade - 18}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
        const first17 = `${district}${birth}${String(serial % 1000).padStart(3, '0')}`;
        const idCard = first17 + idCardCheckChar(first17);
        const name = pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.5 ? pick(rand, GIVEN) : '');
        const skills = some(rand, p.skills, 1 + Math.floor(rand() * 4));
        const certificates = rand() < 0.4 ? [pick(rand, p.certs)] : [];
        const consent = rand() < 0.85;
        const linked = studentUser && studentUser.orgId === m.orgId && !studentRows.some((s) => s.userId);
        studentRows.push({
          schoolOrgId: m.orgId,
          consortiumId: m.consortiumId,
          userId: linked ? studentUser.id : null,
          name,
          idCardEnc: cipher.encrypt(idCard),
          idCardDigest: cipher.digest(idCard),
          level,
          majorCode: linked ? p.majors[0]! : major,
          grade,
          expectedGraduation: `${grade + 3}-06`,
          districtCode: district,
          preferredDistricts: some(rand, DISTRICTS, 1 + Math.floor(rand() * 2)),
          skills: linked ? p.skills.slice(0, 3) : skills,
          certificates: linked ? [p.certs[0]!] : certificates,
          intent: linked || rand() < 0.85 ? 'employment' : 'further_study',
          internshipAvailable: rand() < 0.6,
          consent: linked ? true : consent,
          consentAt: linked || consent ? new Date('2026-03-01T10:00:00+08:00') : null,
          search: searchVector(name, skills, certificates),
          isDemo: true,
        });
      }
      for (const [mi, major] of p.majors.entries()) {
        // The last major of each school places poorly two years running (a red warning to look at).
        const weak = mi === p.majors.length - 1;
        for (const year of [THIS_YEAR - 2, THIS_YEAR - 1, THIS_YEAR]) {
          const graduates = 40 + Math.floor(rand() * 160);
          const placedRate = weak ? 0.7 + rand() * 0.1 : 0.88 + rand() * 0.1;
          const placed = Math.round(graduates * placedRate);
          const furtherStudy = Math.round(placed * 0.15);
          const military = Math.round(placed * 0.02);
          const startup = Math.round(placed * 0.01);
          cohortRows.push({
            schoolOrgId: m.orgId,
            majorCode: major,
            year,
            graduates,
            employed: placed - furtherStudy - military - startup,
            furtherStudy,
            military,
            startup,
            unplaced: graduates - placed,
            isDemo: true,
          });
          const planned = 50 + Math.floor(rand() * 150);
          planRows.push({
            schoolOrgId: m.orgId,
            majorCode: major,
            year,
            planned,
            actual: Math.round(planned * (0.8 + rand() * 0.25)),
            isDemo: true,
          });
        }
      }
    }
    const students = studentRows.length
      ? await tx.insert(studentProfiles).values(studentRows).returning({
          id: studentProfiles.id,
          seq: studentProfiles.seq,
          schoolOrgId: studentProfiles.schoolOrgId,
          userId: studentProfiles.userId,
        })
      : [];
    if (cohortRows.length) await tx.insert(graduateCohorts).values(cohortRows);
    if (planRows.length) await tx.insert(enrollmentPlans).values(planRows);

    // A few applications at different stages, on published jobs of the enterprises.
    const open = jobs.filter((j) => j.status === 'published');
    const appRows: (typeof applications.$inferInsert)[] = [];
    const stages = ['applied', 'screening', 'interview', 'offer'] as const;
    for (let i = 0; i < Math.min(12, open.length, students.length); i++) {
      const job = open[i]!;
      const student = students[(i * 7) % students.length]!;
      if (student.userId) continue;
      appRows.push({
        jobId: job.id,
        studentId: student.id,
        orgId: job.orgId,
        schoolOrgId: student.schoolOrgId,
        kind: job.kind,
        origin: i % 3 === 0 ? 'enterprise' : 'student',
        stage: job.kind === 'fulltime' ? stages[i % 4]! : stages[i % 3]!,
        isDemo: true,
      });
    }
    const apps = appRows.length
      ? await tx.insert(applications).values(appRows).returning({ id: applications.id, stage: applications.stage })
      : [];
    if (apps.length)
      await tx
        .insert(applicationEvents)
        .values(apps.map((a) => ({ applicationId: a.id, fromStage: null, toStage: a.stage, note: '演示数据' })));

    await recordMatchChanges(
      tx,
      'job',
      jobs.map((j) => j.seq),
    );
    await recordMatchChanges(
      tx,
      'student',
      students.map((s) => s.seq),
    );
    const counts = {
      jobs: jobs.length,
      students: students.length,
      cohorts: cohortRows.length,
      applications: apps.length,
    };
    await appendAudit(tx, ctx, { action: 'demo.seed', entity: 'talent', detail: { ...counts, note: '演示数据' } });
    await tx.insert(schemaMeta).values({ key: MARKER, value: new Date().toISOString() });
    return counts;
  });
  await announceMatchChanges(ctx.deps);
  return { seeded: true, ...result };
}

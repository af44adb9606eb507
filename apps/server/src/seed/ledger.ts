import {
  bestPracticeCases,
  consortia,
  ledgerEvents,
  ledgerReports,
  ledgerTasks,
  organizations,
  policyItemStatus,
  refReformMeasures,
  schemaMeta,
  users,
} from '@chanjiao/db';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../lib/context';
import { appendAudit } from '../modules/audit';
import { createUser } from '../modules/identity';
import { DEMO_PASSWORD } from './demo';

/**
 * Demo ledger (issue 5), year 2026: government organizations for the responsible units, the `unit`
 * account (official of 市经济信息委), eight tasks with quarterly reports in every state (one Q3
 * report of 市经济信息委 submitted and waiting for review), best-practice cases of units and
 * consortia, and policy-item statuses. Rows are is_demo; deterministic; loaded once.
 */
const MARKER = 'demo.ledger.seeded';
const YEAR = 2026;

export const DEMO_UNITS = ['市教委', '市经济信息委', '市人力社保局', '市发展改革委', '市财政局', '市科技局'] as const;
type Unit = (typeof DEMO_UNITS)[number];

/** An instant in China time. */
const cst = (s: string) => new Date(`${s}+08:00`);

interface SeedReport {
  quarter: number;
  status: 'draft' | 'submitted' | 'returned' | 'accepted';
  progress: 'not_started' | 'in_progress' | 'completed' | 'blocked';
  percent: number;
  narrative: string;
  submittedAt?: string;
  reviewComment?: string;
}

interface SeedTask {
  measureNo: number;
  unit: Unit;
  title: string;
  target: string;
  kpiId: string | null;
  dueQuarter: number;
  reports: SeedReport[];
}

const TASKS: SeedTask[] = [
  {
    measureNo: 19,
    unit: '市经济信息委',
    title: '建成产教联合体智慧管理系统（一期）',
    target: '年内完成联合体登记、人才供需、工作台账三个子系统上线，接入市级联合体 8 个。',
    kpiId: null,
    dueQuarter: 4,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 20,
        narrative: '完成需求调研与总体设计，确定统一认证与数据交换方案。',
        submittedAt: '2026-04-03T10:00:00',
      },
      {
        quarter: 2,
        status: 'accepted',
        progress: 'in_progress',
        percent: 45,
        narrative: '联合体登记子系统上线试运行，接入市级联合体 3 个。',
        submittedAt: '2026-07-06T15:30:00',
      },
      {
        quarter: 3,
        status: 'submitted',
        progress: 'in_progress',
        percent: 70,
        narrative: '人才供需子系统上线，接入市级联合体 6 个；工作台账子系统完成开发，进入测试。',
        submittedAt: '2026-10-08T09:20:00',
      },
    ],
  },
  {
    measureNo: 1,
    unit: '市经济信息委',
    title: '推动组建 2 个市级产教联合体',
    target: '围绕 33618 产业集群，推动新组建市级产教联合体 2 个。',
    kpiId: 'T10',
    dueQuarter: 4,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 10,
        narrative: '梳理重点产业集群及牵头企业名单。',
        submittedAt: '2026-04-08T11:00:00',
      },
      {
        quarter: 2,
        status: 'returned',
        progress: 'in_progress',
        percent: 25,
        narrative: '与两家龙头企业对接组建意向。',
        submittedAt: '2026-07-09T16:00:00',
        reviewComment: '请补充组建方案和意向协议等佐证材料，并说明下一季度的时间安排。',
      },
    ],
  },
  {
    measureNo: 15,
    unit: '市人力社保局',
    title: '实施联合体毕业生就业创业促进计划',
    target: '联合体内职业院校毕业生去向落实率不低于 90%，开展专场招聘 20 场。',
    kpiId: 'T24',
    dueQuarter: 4,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 30,
        narrative: '举办春季专场招聘 6 场。',
        submittedAt: '2026-04-02T09:00:00',
      },
      {
        quarter: 2,
        status: 'accepted',
        progress: 'in_progress',
        percent: 50,
        narrative: '举办专场招聘 5 场，发布就业见习岗位 1200 个。',
        submittedAt: '2026-07-03T09:00:00',
      },
      {
        quarter: 3,
        status: 'accepted',
        progress: 'in_progress',
        percent: 72,
        narrative: '累计专场招聘 16 场，毕业生去向落实率阶段性达到 88%。',
        submittedAt: '2026-10-09T09:00:00',
      },
    ],
  },
  {
    measureNo: 16,
    unit: '市科技局',
    title: '支持联合体建设共性技术服务平台',
    target: '支持联合体新建共性技术服务平台 3 个。',
    kpiId: 'T26',
    dueQuarter: 3,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 10,
        narrative: '发布平台建设申报指南。',
        submittedAt: '2026-04-09T09:00:00',
      },
      {
        quarter: 2,
        status: 'submitted',
        progress: 'blocked',
        percent: 20,
        narrative: '申报项目评审推迟，配套资金尚未到位。',
        submittedAt: '2026-07-10T17:00:00',
      },
      {
        quarter: 3,
        status: 'draft',
        progress: 'in_progress',
        percent: 30,
        narrative: '完成项目评审，拟立项 2 个。',
      },
    ],
  },
  {
    measureNo: 7,
    unit: '市财政局',
    title: '出台混合所有制办学奖补办法',
    target: '6 月底前会同市教委出台奖补办法。',
    kpiId: null,
    dueQuarter: 2,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 40,
        narrative: '完成办法征求意见稿。',
        submittedAt: '2026-04-07T09:00:00',
      },
      {
        quarter: 2,
        status: 'accepted',
        progress: 'completed',
        percent: 100,
        narrative: '奖补办法已印发实施。',
        submittedAt: '2026-06-30T09:00:00',
      },
    ],
  },
  {
    measureNo: 10,
    unit: '市发展改革委',
    title: '建设开放型区域产教融合实践中心',
    target: '新认定市级开放型区域产教融合实践中心 2 个。',
    kpiId: 'T19',
    dueQuarter: 4,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 25,
        narrative: '完成遴选标准制定。',
        submittedAt: '2026-04-05T09:00:00',
      },
      {
        quarter: 2,
        status: 'accepted',
        progress: 'in_progress',
        percent: 50,
        narrative: '收到申报 7 个，完成形式审查。',
        submittedAt: '2026-07-08T09:00:00',
      },
      {
        quarter: 3,
        status: 'submitted',
        progress: 'in_progress',
        percent: 75,
        narrative: '完成专家评审，公示拟认定名单。',
        submittedAt: '2026-10-15T09:00:00',
      },
    ],
  },
  {
    measureNo: 12,
    unit: '市教委',
    title: '完善校企合作专业共建机制',
    target: '联合体内校企共建专业比例达到 75%。',
    kpiId: 'T20',
    dueQuarter: 4,
    reports: [
      {
        quarter: 1,
        status: 'accepted',
        progress: 'in_progress',
        percent: 25,
        narrative: '印发专业共建指引。',
        submittedAt: '2026-04-01T09:00:00',
      },
      {
        quarter: 2,
        status: 'accepted',
        progress: 'in_progress',
        percent: 40,
        narrative: '新增共建专业 12 个。',
        submittedAt: '2026-07-01T09:00:00',
      },
      {
        quarter: 3,
        status: 'accepted',
        progress: 'in_progress',
        percent: 60,
        narrative: '新增共建专业 9 个，共建比例 71%。',
        submittedAt: '2026-10-02T09:00:00',
      },
    ],
  },
  {
    measureNo: 21,
    unit: '市教委',
    title: '推广应用产教联合体智慧管理系统',
    target: '全市市级产教联合体全部通过智慧管理系统报送季度台账。',
    kpiId: null,
    dueQuarter: 4,
    reports: [],
  },
];

interface SeedCase {
  who: Unit | { consortium: string };
  quarter: number;
  measureNo: number | null;
  title: string;
  summary: string;
  status: 'submitted' | 'shortlisted' | 'selected' | 'not_selected';
  submittedAt: string;
  decisionComment?: string;
}

const AUTO = '重庆市智能网联新能源汽车产教联合体';
const ELECTRONICS = '新一代电子信息制造业产教联合体';

const CASES: SeedCase[] = [
  {
    who: '市经济信息委',
    quarter: 1,
    measureNo: 19,
    title: '工业互联网平台赋能联合体企业用工对接',
    summary: '依托工业互联网标识解析节点，打通企业用工需求与院校毕业生信息，一季度撮合岗位 860 个。',
    status: 'selected',
    submittedAt: '2026-03-28T10:00:00',
    decisionComment: '模式可复制，在全市推广。',
  },
  {
    who: '市经济信息委',
    quarter: 2,
    measureNo: 1,
    title: '汽车产业人才需求季度发布机制',
    summary: '按季度发布智能网联新能源汽车产业人才需求目录，引导院校调整专业招生。',
    status: 'shortlisted',
    submittedAt: '2026-07-02T10:00:00',
  },
  {
    who: '市经济信息委',
    quarter: 3,
    measureNo: 19,
    title: '“一网通办”联合体登记服务',
    summary: '联合体成员登记、理事会变更全程网办，办理时限由 10 个工作日压缩至 3 个。',
    status: 'submitted',
    submittedAt: '2026-10-05T10:00:00',
  },
  {
    who: '市人力社保局',
    quarter: 2,
    measureNo: 15,
    title: '“校招直通车”专场招聘',
    summary: '组织联合体成员企业进校园专场招聘，二季度提供岗位 3200 个。',
    status: 'not_selected',
    submittedAt: '2026-07-05T10:00:00',
    decisionComment: '成效数据需进一步核实。',
  },
  {
    who: '市人力社保局',
    quarter: 3,
    measureNo: 8,
    title: '企业工程师到校兼职兼薪试点',
    summary: '在 3 个联合体试点企业工程师到校兼职兼薪，首批 46 人。',
    status: 'submitted',
    submittedAt: '2026-10-09T10:00:00',
  },
  {
    who: { consortium: AUTO },
    quarter: 1,
    measureNo: 14,
    title: '整车企业“现场工程师”订单培养',
    summary: '与 2 家整车企业共建现场工程师班，企业导师承担 40% 课时。',
    status: 'selected',
    submittedAt: '2026-04-06T10:00:00',
    decisionComment: '校企协同育人成效明显。',
  },
  {
    who: { consortium: AUTO },
    quarter: 2,
    measureNo: 10,
    title: '共享实训基地开放运营',
    summary: '联合体共享实训基地面向成员院校和企业开放，二季度培训 1800 人次。',
    status: 'submitted',
    submittedAt: '2026-07-08T10:00:00',
  },
  {
    who: { consortium: AUTO },
    quarter: 3,
    measureNo: 16,
    title: '动力电池检测共性技术服务',
    summary: '联合体检测平台为 12 家中小企业提供动力电池检测服务。',
    status: 'submitted',
    submittedAt: '2026-10-20T10:00:00',
  },
  {
    who: { consortium: ELECTRONICS },
    quarter: 1,
    measureNo: 12,
    title: '集成电路专业群校企共建',
    summary: '与 5 家成员企业共建集成电路专业群，共同制定人才培养方案。',
    status: 'shortlisted',
    submittedAt: '2026-04-02T10:00:00',
  },
];

const POLICY: { unitNo: number; itemNo: number; status: 'in_progress' | 'done'; evidenceText: string }[] = [
  { unitNo: 1, itemNo: 1, status: 'done', evidenceText: '已印发产教融合型企业认定标准，首批认定 56 家。' },
  { unitNo: 1, itemNo: 2, status: 'in_progress', evidenceText: '试点区县申报评审中。' },
  { unitNo: 2, itemNo: 1, status: 'in_progress', evidenceText: '混合所有制办学实施办法已完成征求意见。' },
  { unitNo: 2, itemNo: 3, status: 'done', evidenceText: '已建立职业教育专业动态调整机制，年度调整专业点 37 个。' },
  { unitNo: 4, itemNo: 1, status: 'in_progress', evidenceText: '继续教育平台完成招标。' },
  { unitNo: 4, itemNo: 2, status: 'done', evidenceText: '已发布 2026 年重点产业人才需求目录。' },
  { unitNo: 6, itemNo: 2, status: 'in_progress', evidenceText: '就业扶持政策已纳入联合体成员企业清单。' },
];

export async function seedDemoLedger(ctx: Ctx): Promise<{ seeded: boolean }> {
  const { db } = ctx.deps;
  if ((await db.select().from(schemaMeta).where(eq(schemaMeta.key, MARKER)).limit(1)).length) return { seeded: false };
  const [measures] = await db.select({ n: count() }).from(refReformMeasures);
  if (!measures?.n) return { seeded: false };

  // Government organizations for the responsible units (existing ones of the same name are reused).
  const unitIds = new Map<Unit, string>();
  for (const name of DEMO_UNITS) {
    const [existing] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.name, name), eq(organizations.type, 'government')));
    const id =
      existing?.id ??
      (
        await db
          .insert(organizations)
          .values({ name, type: 'government', districtCode: '500103', isDemo: true })
          .returning({ id: organizations.id })
      )[0]!.id;
    unitIds.set(name, id);
  }

  const [unitUser] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'unit'));
  const unitUserId =
    unitUser?.id ??
    (
      await createUser(
        ctx,
        {
          username: 'unit',
          displayName: '演示责任单位（市经济信息委）',
          roles: ['official'],
          initialPassword: DEMO_PASSWORD,
          orgId: unitIds.get('市经济信息委')!,
          consortiumId: null,
          phone: '13800000099',
        },
        { isDemo: true, mustChange: false },
      )
    ).id;
  const [official] = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(eq(users.username, 'official'));
  const consortiumRows = await db
    .select({ id: consortia.id, name: consortia.name })
    .from(consortia)
    .where(inArray(consortia.name, [AUTO, ELECTRONICS]));
  const consortiumId = new Map(consortiumRows.map((c) => [c.name, c.id]));

  await db.transaction(async (tx) => {
    let taskCount = 0;
    let reportCount = 0;
    for (const t of TASKS) {
      const unitOrgId = unitIds.get(t.unit)!;
      const reporter = t.unit === '市经济信息委' ? unitUserId : null;
      const reporterName = t.unit === '市经济信息委' ? '演示责任单位（市经济信息委）' : `${t.unit}联络员`;
      const createdAt = cst('2026-01-15T09:00:00');
      const [task] = await tx
        .insert(ledgerTasks)
        .values({
          year: YEAR,
          measureNo: t.measureNo,
          unitOrgId,
          title: t.title,
          target: t.target,
          kpiId: t.kpiId,
          dueQuarter: t.dueQuarter,
          isDemo: true,
          createdBy: official?.id ?? null,
          createdAt,
          updatedAt: createdAt,
        })
        .onConflictDoNothing()
        .returning({ id: ledgerTasks.id });
      if (!task) continue;
      taskCount++;
      await tx.insert(ledgerEvents).values({
        entityType: 'task',
        entityId: task.id,
        taskId: task.id,
        action: 'task.create',
        actorId: official?.id ?? null,
        actorName: official?.name ?? null,
        createdAt,
      });
      for (const r of t.reports) {
        const submittedAt = r.submittedAt ? cst(r.submittedAt) : null;
        const reviewedAt =
          submittedAt && (r.status === 'accepted' || r.status === 'returned')
            ? new Date(submittedAt.getTime() + 2 * 86_400_000)
            : null;
        const [rep] = await tx
          .insert(ledgerReports)
          .values({
            taskId: task.id,
            quarter: r.quarter,
            status: r.status,
            progress: r.progress,
            percent: r.percent,
            narrative: r.narrative,
            reviewComment: r.reviewComment ?? null,
            firstSubmittedAt: submittedAt,
            submittedAt,
            reviewedAt,
            reviewedBy: reviewedAt ? (official?.id ?? null) : null,
            isDemo: true,
            createdBy: reporter,
            createdAt: submittedAt ?? cst('2026-10-05T09:00:00'),
            updatedAt: reviewedAt ?? submittedAt ?? cst('2026-10-05T09:00:00'),
          })
          .returning({ id: ledgerReports.id });
        reportCount++;
        const base = { entityType: 'report', entityId: rep!.id, taskId: task.id, quarter: r.quarter };
        const events: (typeof ledgerEvents.$inferInsert)[] = [
          {
            ...base,
            action: 'report.create',
            toStatus: 'draft',
            actorId: reporter,
            actorName: reporterName,
            createdAt: submittedAt ? new Date(submittedAt.getTime() - 3_600_000) : cst('2026-10-05T09:00:00'),
          },
        ];
        if (submittedAt)
          events.push({
            ...base,
            action: 'report.submit',
            fromStatus: 'draft',
            toStatus: 'submitted',
            actorId: reporter,
            actorName: reporterName,
            createdAt: submittedAt,
          });
        if (reviewedAt)
          events.push({
            ...base,
            action: r.status === 'accepted' ? 'report.accept' : 'report.return',
            fromStatus: 'submitted',
            toStatus: r.status,
            comment: r.reviewComment ?? null,
            actorId: official?.id ?? null,
            actorName: official?.name ?? null,
            createdAt: reviewedAt,
          });
        await tx.insert(ledgerEvents).values(events);
      }
    }

    let caseCount = 0;
    for (const c of CASES) {
      const who =
        typeof c.who === 'string'
          ? { unitOrgId: unitIds.get(c.who)!, consortiumId: null }
          : { unitOrgId: null, consortiumId: consortiumId.get(c.who.consortium) ?? null };
      if (!who.unitOrgId && !who.consortiumId) continue;
      const submittedAt = cst(c.submittedAt);
      const decided = c.status !== 'submitted';
      const [row] = await tx
        .insert(bestPracticeCases)
        .values({
          ...who,
          year: YEAR,
          quarter: c.quarter,
          measureNo: c.measureNo,
          title: c.title,
          summary: c.summary,
          status: c.status,
          decisionComment: c.decisionComment ?? null,
          submittedBy: who.unitOrgId === unitIds.get('市经济信息委') ? unitUserId : null,
          submittedAt,
          decidedAt: decided ? new Date(submittedAt.getTime() + 10 * 86_400_000) : null,
          decidedBy: decided ? (official?.id ?? null) : null,
          isDemo: true,
          updatedAt: submittedAt,
        })
        .onConflictDoNothing()
        .returning({ id: bestPracticeCases.id });
      if (!row) continue;
      caseCount++;
      await tx.insert(ledgerEvents).values([
        {
          entityType: 'case',
          entityId: row.id,
          quarter: c.quarter,
          action: 'case.submit',
          toStatus: 'submitted',
          actorName: typeof c.who === 'string' ? `${c.who}联络员` : '联合体秘书处',
          createdAt: submittedAt,
        },
        ...(decided
          ? [
              {
                entityType: 'case',
                entityId: row.id,
                quarter: c.quarter,
                action: `case.${c.status}`,
                fromStatus: 'submitted',
                toStatus: c.status,
                comment: c.decisionComment ?? null,
                actorId: official?.id ?? null,
                actorName: official?.name ?? null,
                createdAt: new Date(submittedAt.getTime() + 10 * 86_400_000),
              },
            ]
          : []),
      ]);
    }

    for (const p of POLICY) {
      const at = cst('2026-09-30T17:00:00');
      const [row] = await tx
        .insert(policyItemStatus)
        .values({
          unitNo: p.unitNo,
          itemNo: p.itemNo,
          year: YEAR,
          status: p.status,
          evidenceText: p.evidenceText,
          isDemo: true,
          updatedBy: official?.id ?? null,
          updatedAt: at,
        })
        .onConflictDoNothing()
        .returning({ id: policyItemStatus.id });
      if (row)
        await tx.insert(ledgerEvents).values({
          entityType: 'policy_item',
          entityId: row.id,
          action: 'policy_item.update',
          fromStatus: 'not_started',
          toStatus: p.status,
          comment: p.evidenceText,
          actorId: official?.id ?? null,
          actorName: official?.name ?? null,
          createdAt: at,
        });
    }

    await appendAudit(tx, ctx, {
      action: 'seed.demo_ledger',
      entity: 'ledger_task',
      after: { year: YEAR, tasks: taskCount, reports: reportCount, cases: caseCount, policyItems: POLICY.length },
    });
    await tx.insert(schemaMeta).values({ key: MARKER, value: new Date().toISOString() });
  });
  return { seeded: true };
}

/**
 * 赛马比拼 annual ranking of consortia. Components (0–100 each, null = 无数据):
 * - evaluation: the consortium's latest consolidated evaluation total (modules/evaluation);
 * - KPI progress: the share of its measurable per-consortium targets that are on track; today the
 *   platform measures T24 毕业生去向落实率 from its schools' graduate cohorts; the other percentage
 *   targets set for consortia are listed as not yet measurable;
 * - ledger completion: the share of the year's quarters whose deadline has passed for which the
 *   consortium's secretariat submitted its best-practice case on time (by quarter end + 10 days).
 * The composite and ranks come from ranking.ts. A draft is recomputed at will; publishing freezes it.
 */
import {
  type ComputeRankingBody,
  DEFAULT_RANKING_WEIGHTS,
  type KpiTargetCheck,
  type Paged,
  type RankingDetail,
  type RankingItem,
  type RankingRow,
  type RankingStatus,
  type RankingWeights,
  rankingStatusLabels,
  roundKindLabels,
} from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { tablePdf } from '../../lib/pdf';
import { latestEvaluationScores } from '../evaluation';
import * as cases from './competition.repository';
import { assertManager, isManager } from './ledger.policy';
import { reportDeadline } from './ledger.rules';
import { recordChange } from './ledger.service';
import { formulaText, type RankingInput, rankConsortia } from './ranking';
import * as repo from './ranking.repository';

const ENTITY = 'ranking_run';
const notFound = () => new AppError('NOT_FOUND', { 'zh-CN': '排名不存在', 'en-US': 'Ranking not found' });

/** The target that measures graduate placement (去向落实率) per consortium. */
const PLACEMENT_TARGET = 'T24';
/** Why a percentage target set for consortia cannot be measured yet. */
const notYetRecorded: Record<string, string> = {
  T15: '“双师型”教师认定尚未在平台登记，暂不能计算',
  T20: '校企共建专业尚未在平台登记，暂不能计算',
  T29: '科技成果转化合同金额尚未在平台登记，暂不能计算',
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Per-consortium targets: percentage targets scoped to consortia, with the value for `year` (or the next set). */
function targetsFor(rows: readonly repo.TargetRow[], year: number): repo.TargetRow[] {
  const byId = new Map<string, repo.TargetRow[]>();
  for (const r of rows) if (r.unit === '%') byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return [...byId.values()].map((list) => {
    const sorted = list.sort((a, b) => a.year - b.year);
    return sorted.find((r) => r.year >= year) ?? sorted[sorted.length - 1]!;
  });
}

const meets = (value: number, comparator: string, target: number) =>
  comparator === '<=' ? value <= target : value >= target;

/** The KPI component and the targets it counted. */
export function kpiComponent(
  targets: readonly repo.TargetRow[],
  placement: { graduates: number; unplaced: number; schools: number; years: string } | undefined,
): { score: number | null; checks: KpiTargetCheck[] } {
  const checks: KpiTargetCheck[] = targets.map((t) => {
    const base = { id: t.id, metric: t.metric, comparator: t.comparator, target: t.target, unit: t.unit };
    if (t.id === PLACEMENT_TARGET) {
      if (!placement || placement.graduates === 0)
        return {
          ...base,
          state: 'no_data',
          value: null,
          onTrack: null,
          note: '成员职业院校尚无毕业生去向数据',
        };
      const value = round2(((placement.graduates - placement.unplaced) / placement.graduates) * 100);
      return {
        ...base,
        state: 'measured',
        value,
        onTrack: meets(value, t.comparator, t.target),
        note: `${placement.schools} 所成员职业院校 ${placement.years} 届毕业生 ${placement.graduates} 人，已落实 ${placement.graduates - placement.unplaced} 人`,
      };
    }
    return {
      ...base,
      state: 'not_measurable',
      value: null,
      onTrack: null,
      note: notYetRecorded[t.id] ?? '平台尚未记录该指标所需的数据，暂不能计算',
    };
  });
  const measured = checks.filter((c) => c.state === 'measured');
  const score = measured.length ? round2((measured.filter((c) => c.onTrack).length / measured.length) * 100) : null;
  return { score, checks };
}

/** Ledger completion: quarters (deadline passed by `now`) with the consortium's case submitted on time. */
export function ledgerComponent(
  year: number,
  submissions: readonly { quarter: number; submittedAt: Date }[],
  now: Date,
): { score: number | null; note: string } {
  const due = [1, 2, 3, 4].filter((q) => now.getTime() >= reportDeadline(year, q).at.getTime());
  if (due.length === 0) return { score: null, note: `${year} 年尚无已到报送期限的季度` };
  const onTime = due.filter((q) =>
    submissions.some((s) => s.quarter === q && s.submittedAt.getTime() < reportDeadline(year, q).at.getTime()),
  );
  return {
    score: round2((onTime.length / due.length) * 100),
    note: `已到期 ${due.length} 个季度中 ${onTime.length} 个按时提交最佳实践案例`,
  };
}

function toItem(r: repo.RunListRow): RankingItem {
  return {
    id: r.id,
    year: r.year,
    status: r.status as RankingStatus,
    weights: { evaluation: r.weightEvaluation, kpi: r.weightKpi, ledger: r.weightLedger },
    formula: r.formula,
    consortiumCount: r.consortiumCount,
    computedAt: r.computedAt.toISOString(),
    computedBy: r.computedByName,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    publishedBy: r.publishedByName,
  };
}

function toRow(r: repo.RowRow): RankingRow {
  return {
    consortiumId: r.consortiumId,
    consortiumName: r.consortiumName,
    rank: r.rank,
    evaluationScore: r.evaluationScore,
    evaluationSource: r.evaluationSource,
    kpiScore: r.kpiScore,
    kpiTargets: r.kpiTargets as KpiTargetCheck[],
    ledgerScore: r.ledgerScore,
    ledgerNote: r.ledgerNote,
    effectiveWeights: r.effectiveWeights as RankingRow['effectiveWeights'],
    composite: r.composite,
  };
}

/** Rankings: managers see drafts and published ones; everyone else the published ones. */
export async function listRankings(
  ctx: Ctx,
  q: { page: number; pageSize: number; year?: number | undefined; status?: RankingStatus | undefined },
): Promise<Paged<RankingItem>> {
  const { items, total } = await repo.listRuns(
    ctx.deps.db,
    { year: q.year, status: q.status, publishedOnly: !isManager(ctx.actor) },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** One ranking with its rows. NOT_FOUND (also a draft asked for by a non-manager). */
export async function getRanking(ctx: Ctx, id: string): Promise<RankingDetail> {
  const run = await repo.findRun(ctx.deps.db, id);
  if (!run || (run.status !== 'published' && !isManager(ctx.actor))) throw notFound();
  const rows = await repo.rowsOf(ctx.deps.db, id);
  return { ...toItem(run), rows: rows.map(toRow) };
}

/** The inputs of every ranked consortium for a year, computed from records at `now`. */
async function rankingInputs(ctx: Ctx, year: number, now: Date) {
  const { db } = ctx.deps;
  const [consortia, scores, placement, targetRows, submitted] = await Promise.all([
    repo.rankedConsortia(db),
    latestEvaluationScores(ctx, year),
    repo.placementByConsortium(db, year),
    repo.consortiumTargets(db),
    cases.consortiumCasesOfYear(db, year),
  ]);
  const targets = targetsFor(targetRows, year);
  const scoreOf = new Map(scores.map((s) => [s.consortiumId, s]));
  return consortia.map((c) => {
    const s = scoreOf.get(c.id);
    const kpi = kpiComponent(targets, placement.get(c.id));
    const ledger = ledgerComponent(
      year,
      submitted.filter((x) => x.consortiumId === c.id),
      now,
    );
    const evaluation = s ? round2(Math.max(0, Math.min(100, s.total))) : null;
    return {
      input: {
        consortiumId: c.id,
        name: c.name,
        scores: { evaluation, kpi: kpi.score, ledger: ledger.score },
      } satisfies RankingInput,
      evaluationSource: s
        ? `${s.roundName}（${roundKindLabels[s.roundKind]}，${s.consolidatedAt.slice(0, 10)} 汇总）`
        : null,
      kpiTargets: kpi.checks,
      ledgerNote: ledger.note,
    };
  });
}

/**
 * Computes the year's draft ranking (or recomputes the existing draft) with the given weights
 * (default 50/30/20). FORBIDDEN, CONFLICT (the year's ranking is published).
 */
export async function computeRanking(ctx: Ctx, body: ComputeRankingBody, now = new Date()): Promise<RankingDetail> {
  assertManager(ctx.actor);
  const weights: RankingWeights = body.weights ?? DEFAULT_RANKING_WEIGHTS;
  const inputs = await rankingInputs(ctx, body.year, now);
  const ranked = rankConsortia(
    inputs.map((i) => i.input),
    weights,
  );
  const extra = new Map(inputs.map((i) => [i.input.consortiumId, i]));
  const id = await ctx.deps.db.transaction(async (tx) => {
    if (await repo.runOfYear(tx, body.year, 'published'))
      throw new AppError('CONFLICT', {
        'zh-CN': `${body.year} 年的排名已发布，不能重新计算`,
        'en-US': 'The ranking of that year is published and cannot be recomputed',
      });
    const draft = await repo.runOfYear(tx, body.year, 'draft');
    const values = {
      weightEvaluation: weights.evaluation,
      weightKpi: weights.kpi,
      weightLedger: weights.ledger,
      formula: formulaText(weights),
      computedAt: now,
      computedBy: ctx.actor?.userId ?? null,
    };
    const runId = draft ? draft.id : await repo.insertRun(tx, { year: body.year, status: 'draft', ...values });
    if (draft) await repo.updateRun(tx, runId, values);
    await repo.replaceRows(
      tx,
      runId,
      ranked.map((r, i) => {
        const x = extra.get(r.consortiumId)!;
        return {
          runId,
          consortiumId: r.consortiumId,
          consortiumName: r.name,
          sort: i + 1,
          rank: r.rank,
          evaluationScore: r.scores.evaluation,
          evaluationSource: x.evaluationSource,
          kpiScore: r.scores.kpi,
          kpiTargets: x.kpiTargets,
          ledgerScore: r.scores.ledger,
          ledgerNote: x.ledgerNote,
          effectiveWeights: r.effectiveWeights,
          composite: r.composite,
        };
      }),
    );
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'ranking',
        entityId: runId,
        action: 'ranking.compute',
        toStatus: 'draft',
        comment: values.formula,
      },
      { entity: ENTITY, after: { year: body.year, weights, consortia: ranked.length } },
    );
    return runId;
  });
  return getRanking(ctx, id);
}

/** Publishes a draft ranking; from then on it never changes. FORBIDDEN, NOT_FOUND, CONFLICT. */
export async function publishRanking(ctx: Ctx, id: string): Promise<RankingDetail> {
  assertManager(ctx.actor);
  await ctx.deps.db.transaction(async (tx) => {
    const run = await repo.lockRun(tx, id);
    if (!run) throw notFound();
    if (run.status !== 'draft')
      throw new AppError('CONFLICT', { 'zh-CN': '该排名已发布', 'en-US': 'The ranking is already published' });
    await repo.updateRun(tx, id, {
      status: 'published',
      publishedAt: new Date(),
      publishedBy: ctx.actor?.userId ?? null,
    });
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'ranking',
        entityId: id,
        action: 'ranking.publish',
        fromStatus: 'draft',
        toStatus: 'published',
      },
      { entity: ENTITY, before: { status: 'draft' }, after: { status: 'published', year: run.year } },
    );
  });
  return getRanking(ctx, id);
}

const num = (v: number | null) => (v === null ? '无数据' : v.toFixed(2));
const chinaTime = (iso: string) => {
  const s = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
};

/** The ranking report as PDF: title, formula, weights, the table, the KPI targets counted. NOT_FOUND. */
export async function rankingPdf(ctx: Ctx, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const r = await getRanking(ctx, id);
  const w = r.weights;
  const buffer = tablePdf({
    title: `${r.year} 年产教联合体赛马比拼年度排名${r.status === 'draft' ? '（草稿）' : ''}`,
    meta: [
      `状态：${rankingStatusLabels[r.status]}${r.publishedAt ? `（${chinaTime(r.publishedAt)} 由 ${r.publishedBy ?? ''} 发布）` : ''}`,
      `权重：评价得分 ${w.evaluation}%，KPI 进度 ${w.kpi}%，台账完成度 ${w.ledger}%`,
      `计算时间：${chinaTime(r.computedAt)}${r.computedBy ? `，计算人：${r.computedBy}` : ''}`,
      `计算公式：${r.formula}`,
    ],
    tables: [
      {
        heading: '排名',
        columns: [
          { header: '名次', width: 6, align: 'center' },
          { header: '联合体', width: 34 },
          { header: '评价得分', width: 10, align: 'right' },
          { header: 'KPI 进度', width: 10, align: 'right' },
          { header: '台账完成度', width: 10, align: 'right' },
          { header: '实际权重（评价/KPI/台账）', width: 18, align: 'center' },
          { header: '综合得分', width: 10, align: 'right' },
        ],
        rows: r.rows.map((x) => [
          x.rank === null ? '—' : String(x.rank),
          x.consortiumName,
          num(x.evaluationScore),
          num(x.kpiScore),
          num(x.ledgerScore),
          `${x.effectiveWeights.evaluation}/${x.effectiveWeights.kpi}/${x.effectiveWeights.ledger}`,
          num(x.composite),
        ]),
      },
      {
        heading: '各项得分来源',
        columns: [
          { header: '联合体', width: 26 },
          { header: '评价得分来源', width: 26 },
          { header: 'KPI 指标（已计入 / 暂不能计算）', width: 34 },
          { header: '台账完成度', width: 20 },
        ],
        rows: r.rows.map((x) => [
          x.consortiumName,
          x.evaluationSource ?? '无已汇总的评价',
          x.kpiTargets
            .map((t) =>
              t.state === 'measured'
                ? `${t.id} ${t.metric} ${t.value}%（目标 ${t.comparator === '<=' ? '≤' : '≥'}${t.target}%，${t.onTrack ? '达标' : '未达标'}）`
                : `${t.id} ${t.metric}：${t.note}`,
            )
            .join('；'),
          x.ledgerNote,
        ]),
      },
    ],
    notes: [
      'KPI 进度 = 已计入指标中达标的比例；目前平台可计算的分联合体指标为 T24 毕业生去向落实率（成员职业院校最近一届毕业生），其余指标列为“暂不能计算”，不计入。',
      '台账完成度 = 当年已过报送期限（季度结束后 10 日）的季度中，联合体秘书处按时提交最佳实践案例的季度所占比例。',
    ],
  });
  return { buffer, fileName: `${r.year}年联合体赛马比拼排名.pdf` };
}

/**
 * Score consolidation (pure). Per basic point: the mean of the submitted reviewers' scores; with the
 * trimmed mean (and at least 5 reviewers) one highest and one lowest score are dropped first. Points
 * are rounded to 2 decimals. total = Σ basic points − deductions (7.1), where the deductions are
 * capped at the deduction point's weight when it is above 0 (version 1 sets 7.1's weight to 0: no
 * cap), and the total is never below 0.
 */
import {
  ACCEPTANCE_PASS_SCORE,
  type ConsolidationMethod,
  type RoundKind,
  TRIMMED_MEAN_MIN_REVIEWERS,
} from '@chanjiao/contracts';

export interface ConsolidationInput {
  method: ConsolidationMethod;
  /** Basic points with their weights (the deduction point is passed as `deductionCap`). */
  points: readonly { code: string; weight: number }[];
  /** One score map per submitted review. */
  reviews: readonly Record<string, number>[];
  deductions: readonly number[];
  /** The deduction point's weight; 0 or null = no cap. */
  deductionCap: number | null;
}

export interface ConsolidationResult {
  pointScores: Record<string, number>;
  basicTotal: number;
  deductionTotal: number;
  total: number;
  reviewerCount: number;
  /** The method applied (a trimmed mean falls back to the mean below 5 reviewers). */
  methodUsed: ConsolidationMethod;
}

export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/** Mean of the values, or of the values without one highest and one lowest when trimming. */
export function pointScore(values: readonly number[], trim: boolean): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const used = trim ? sorted.slice(1, -1) : sorted;
  return round2(used.reduce((s, v) => s + v, 0) / used.length);
}

export function consolidate(input: ConsolidationInput): ConsolidationResult {
  const n = input.reviews.length;
  const trim = input.method === 'trimmed_mean' && n >= TRIMMED_MEAN_MIN_REVIEWERS;
  const pointScores: Record<string, number> = {};
  for (const p of input.points) {
    const values = input.reviews.map((r) => r[p.code]).filter((v): v is number => typeof v === 'number');
    pointScores[p.code] = Math.min(p.weight, pointScore(values, trim));
  }
  const basicTotal = round2(Object.values(pointScores).reduce((s, v) => s + v, 0));
  const raw = round2(input.deductions.reduce((s, v) => s + v, 0));
  const deductionTotal = input.deductionCap && input.deductionCap > 0 ? Math.min(raw, input.deductionCap) : raw;
  return {
    pointScores,
    basicTotal,
    deductionTotal,
    total: Math.max(0, round2(basicTotal - deductionTotal)),
    reviewerCount: n,
    methodUsed: trim ? 'trimmed_mean' : 'mean',
  };
}

/**
 * Competition ranking by total, highest first (equal totals share a rank: 1, 2, 2, 4). Returns the
 * rank per id.
 */
export function rankByTotal(items: readonly { id: string; total: number }[]): Map<string, number> {
  const sorted = [...items].sort((a, b) => b.total - a.total);
  const ranks = new Map<string, number>();
  sorted.forEach((it, i) => {
    const prev = sorted[i - 1];
    ranks.set(it.id, prev && prev.total === it.total ? ranks.get(prev.id)! : i + 1);
  });
  return ranks;
}

/** 年度绩效评价 grades: 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, 不合格 below. */
export function annualGrade(total: number): string {
  if (total >= 90) return '优秀';
  if (total >= 75) return '良好';
  if (total >= ACCEPTANCE_PASS_SCORE) return '合格';
  return '不合格';
}

/**
 * The result label an entry shows: 验收 通过 (≥ 60) / 不通过; 年度绩效评价 a grade; 申报 and 省级推荐
 * the rank (第 n 名).
 */
export function resultLabel(kind: RoundKind, total: number, rank: number): string {
  if (kind === 'acceptance') return total >= ACCEPTANCE_PASS_SCORE ? '通过' : '不通过';
  if (kind === 'annual') return annualGrade(total);
  return `第 ${rank} 名`;
}

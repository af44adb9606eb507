/**
 * 赛马比拼 annual ranking of consortia: the composite formula, pure. Inputs are the three component
 * scores (0–100, null = 无数据) per consortium and the weights in percent.
 */
import type { RankingWeights } from '@chanjiao/contracts';

export type Component = 'evaluation' | 'kpi' | 'ledger';
export const COMPONENTS: readonly Component[] = ['evaluation', 'kpi', 'ledger'];
const componentNames: Record<Component, string> = {
  evaluation: '最近一次评价得分',
  kpi: 'KPI 进度',
  ledger: '台账完成度',
};

export interface RankingInput {
  consortiumId: string;
  name: string;
  scores: Record<Component, number | null>;
}

export interface RankedRow extends RankingInput {
  effectiveWeights: Record<Component, number>;
  composite: number | null;
  rank: number | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The formula in words, with the weights; printed on the page and the PDF. */
export function formulaText(w: RankingWeights): string {
  return (
    `综合得分 = ${componentNames.evaluation} × ${w.evaluation}% + ${componentNames.kpi} × ${w.kpi}% + ` +
    `${componentNames.ledger} × ${w.ledger}%（各项均为 0–100 分）。` +
    '某项无数据时不计 0 分，该项权重按比例分配给其余有数据的项：' +
    '综合得分 = Σ(有数据项得分 × 权重) ÷ Σ(有数据项权重)；三项均无数据的联合体不参与排名。' +
    '得分相同者名次相同。'
  );
}

/**
 * One consortium's composite: the weighted mean over the components that have data (weights of
 * missing components redistributed in proportion); null when no weighted component has data.
 */
export function composite(
  scores: Record<Component, number | null>,
  w: RankingWeights,
): { composite: number | null; effectiveWeights: Record<Component, number> } {
  const available = COMPONENTS.filter((c) => scores[c] !== null && w[c] > 0);
  const total = available.reduce((s, c) => s + w[c], 0);
  const effectiveWeights = { evaluation: 0, kpi: 0, ledger: 0 } as Record<Component, number>;
  if (total === 0) return { composite: null, effectiveWeights };
  let sum = 0;
  for (const c of available) {
    effectiveWeights[c] = round2((w[c] / total) * 100);
    sum += (scores[c] as number) * w[c];
  }
  return { composite: round2(sum / total), effectiveWeights };
}

/**
 * Ranks consortia by composite, highest first; equal composites share a rank (1, 1, 3); those
 * without any data come last without a rank. Order within a rank: by name.
 */
export function rankConsortia(inputs: readonly RankingInput[], w: RankingWeights): RankedRow[] {
  const rows = inputs.map((i) => ({ ...i, ...composite(i.scores, w), rank: null as number | null }));
  rows.sort((a, b) => {
    if (a.composite === null || b.composite === null)
      return a.composite === b.composite ? a.name.localeCompare(b.name, 'zh-CN') : a.composite === null ? 1 : -1;
    return b.composite - a.composite || a.name.localeCompare(b.name, 'zh-CN');
  });
  let prev: number | null = null;
  let prevRank = 0;
  rows.forEach((r, i) => {
    if (r.composite === null) return;
    r.rank = r.composite === prev ? prevRank : i + 1;
    prev = r.composite;
    prevRank = r.rank;
  });
  return rows;
}

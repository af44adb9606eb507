import { DEFAULT_RANKING_WEIGHTS } from '@chanjiao/contracts';
import { describe, expect, it } from 'vitest';
import { composite, formulaText, rankConsortia } from './ranking';

const w = DEFAULT_RANKING_WEIGHTS;

describe('ranking composite', () => {
  it('weights the three components 50 / 30 / 20 when all have data', () => {
    const r = composite({ evaluation: 80, kpi: 100, ledger: 50 }, w);
    // 80×0.5 + 100×0.3 + 50×0.2 = 40 + 30 + 10
    expect(r.composite).toBe(80);
    expect(r.effectiveWeights).toEqual({ evaluation: 50, kpi: 30, ledger: 20 });
  });

  it('redistributes a missing component’s weight in proportion over the others', () => {
    // KPI 无数据: evaluation 50/70, ledger 20/70 → (90×50 + 40×20) / 70 = 75.71…
    const r = composite({ evaluation: 90, kpi: null, ledger: 40 }, w);
    expect(r.composite).toBe(75.71);
    expect(r.effectiveWeights.evaluation).toBe(71.43);
    expect(r.effectiveWeights.ledger).toBe(28.57);
    expect(r.effectiveWeights.kpi).toBe(0);
    // a missing component is not a zero
    expect(r.composite).toBeGreaterThan(composite({ evaluation: 90, kpi: 0, ledger: 40 }, w).composite!);
  });

  it('uses the one component left when two are missing, and none when all are', () => {
    expect(composite({ evaluation: null, kpi: null, ledger: 75 }, w).composite).toBe(75);
    expect(composite({ evaluation: null, kpi: null, ledger: null }, w).composite).toBeNull();
  });

  it('ignores a component weighted 0 even when it has data', () => {
    const r = composite({ evaluation: 60, kpi: 10, ledger: null }, { evaluation: 100, kpi: 0, ledger: 0 });
    expect(r.composite).toBe(60);
  });

  it('ranks highest first, ties share a rank, no data last without a rank', () => {
    const rows = rankConsortia(
      [
        { consortiumId: 'a', name: '甲', scores: { evaluation: 70, kpi: 100, ledger: 100 } }, // 35+30+20 = 85
        { consortiumId: 'b', name: '乙', scores: { evaluation: 90, kpi: 100, ledger: 50 } }, // 45+30+10 = 85
        { consortiumId: 'c', name: '丙', scores: { evaluation: null, kpi: null, ledger: null } },
        { consortiumId: 'd', name: '丁', scores: { evaluation: 100, kpi: 100, ledger: 100 } },
        { consortiumId: 'e', name: '戊', scores: { evaluation: 10, kpi: 0, ledger: 0 } }, // 5
      ],
      w,
    );
    expect(rows.map((r) => [r.consortiumId, r.rank, r.composite])).toEqual([
      ['d', 1, 100],
      ['a', 2, 85], // 甲 (jiǎ) before 乙 (yǐ) within the tie
      ['b', 2, 85],
      ['e', 4, 5],
      ['c', null, null],
    ]);
  });

  it('states the weights and the redistribution in the formula text', () => {
    const t = formulaText({ evaluation: 40, kpi: 40, ledger: 20 });
    expect(t).toContain('最近一次评价得分 × 40%');
    expect(t).toContain('KPI 进度 × 40%');
    expect(t).toContain('台账完成度 × 20%');
    expect(t).toContain('按比例分配');
  });
});

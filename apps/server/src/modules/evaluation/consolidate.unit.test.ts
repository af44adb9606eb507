import { describe, expect, it } from 'vitest';
import { annualGrade, consolidate, pointScore, rankByTotal, resultLabel } from './consolidate';

const points = [
  { code: '1.1', weight: 4 },
  { code: '1.2', weight: 4 },
];

describe('consolidation', () => {
  it('mean of the submitted reviewers per point; total = Σ points − deductions', () => {
    const r = consolidate({
      method: 'mean',
      points,
      reviews: [
        { '1.1': 4, '1.2': 3 },
        { '1.1': 3, '1.2': 2.5 },
        { '1.1': 3.5, '1.2': 2 },
      ],
      deductions: [1.5],
      deductionCap: 0,
    });
    expect(r.pointScores).toEqual({ '1.1': 3.5, '1.2': 2.5 });
    expect(r).toMatchObject({ basicTotal: 6, deductionTotal: 1.5, total: 4.5, reviewerCount: 3, methodUsed: 'mean' });
  });

  it('trimmed mean drops one highest and one lowest with 5 reviewers', () => {
    const reviews = [0, 2, 3, 3.5, 4].map((v) => ({ '1.1': v, '1.2': 4 }));
    const trimmed = consolidate({ method: 'trimmed_mean', points, reviews, deductions: [], deductionCap: null });
    expect(trimmed.pointScores['1.1']).toBe(2.83); // (2 + 3 + 3.5) / 3
    expect(trimmed.methodUsed).toBe('trimmed_mean');
    const mean = consolidate({ method: 'mean', points, reviews, deductions: [], deductionCap: null });
    expect(mean.pointScores['1.1']).toBe(2.5);
  });

  it('falls back to the mean below 5 reviewers', () => {
    const reviews = [1, 2, 4, 4].map((v) => ({ '1.1': v, '1.2': 0 }));
    const r = consolidate({ method: 'trimmed_mean', points, reviews, deductions: [], deductionCap: null });
    expect(r).toMatchObject({ methodUsed: 'mean', pointScores: { '1.1': 2.75, '1.2': 0 } });
  });

  it('caps deductions at the deduction point weight when it has one; never below 0', () => {
    const reviews = [{ '1.1': 2, '1.2': 1 }];
    expect(consolidate({ method: 'mean', points, reviews, deductions: [2, 3], deductionCap: 4 })).toMatchObject({
      deductionTotal: 4,
      total: 0,
    });
    expect(consolidate({ method: 'mean', points, reviews, deductions: [1], deductionCap: 4 }).total).toBe(2);
    expect(consolidate({ method: 'mean', points, reviews, deductions: [10], deductionCap: 0 }).total).toBe(0);
  });

  it('pointScore of nothing is 0', () => {
    expect(pointScore([], false)).toBe(0);
  });
});

describe('results', () => {
  it('ranks with shared ranks for equal totals', () => {
    const r = rankByTotal([
      { id: 'a', total: 80 },
      { id: 'b', total: 91 },
      { id: 'c', total: 80 },
      { id: 'd', total: 70 },
    ]);
    expect(Object.fromEntries(r)).toEqual({ b: 1, a: 2, c: 2, d: 4 });
  });

  it('labels acceptance at 60, annual grades, ranks for recommendation', () => {
    expect(resultLabel('acceptance', 60, 3)).toBe('通过');
    expect(resultLabel('acceptance', 59.5, 1)).toBe('不通过');
    expect(resultLabel('recommendation', 88, 2)).toBe('第 2 名');
    expect([95, 80, 60, 10].map(annualGrade)).toEqual(['优秀', '良好', '合格', '不合格']);
  });
});

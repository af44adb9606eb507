import { describe, expect, it } from 'vitest';
import {
  type CohortFigures,
  describeRule,
  evaluateWarning,
  type MajorSeries,
  placementRate,
  type RuleDef,
  ratePercent,
  supplyDemandRatio,
  validParams,
  yearsNeeded,
} from './rules';

/** The defaults of migration 0007. */
const defaults: RuleDef[] = [
  { id: 'r1', kind: 'placement_below', level: 'red', params: { threshold: 0.85, years: 2 }, enabled: true },
  { id: 'y1', kind: 'placement_below', level: 'yellow', params: { threshold: 0.9, years: 1 }, enabled: true },
  { id: 'r2', kind: 'supply_demand_above', level: 'red', params: { threshold: 3 }, enabled: true },
  { id: 'y2', kind: 'supply_demand_above', level: 'yellow', params: { threshold: 1.5 }, enabled: true },
];

/** Cohorts given as graduates/unplaced per year. */
function series(
  cohorts: Record<number, [number, number]>,
  demand: number,
  enrollment: Record<number, number | null> = {},
  year = 2026,
): MajorSeries {
  const map = new Map<number, CohortFigures>();
  for (const [y, [graduates, unplaced]] of Object.entries(cohorts)) map.set(Number(y), { graduates, unplaced });
  return {
    year,
    cohorts: map,
    demandHeadCount: demand,
    enrollmentActual: new Map(Object.entries(enrollment).map(([y, v]) => [Number(y), v])),
  };
}

describe('placementRate and supplyDemandRatio', () => {
  it('is (graduates − unplaced) / graduates, null without graduates', () => {
    expect(placementRate({ graduates: 200, unplaced: 44 })).toBeCloseTo(0.78);
    expect(placementRate({ graduates: 0, unplaced: 0 })).toBeNull();
    expect(placementRate(undefined)).toBeNull();
  });

  it('has no ratio when demand is 0, with the reason', () => {
    expect(supplyDemandRatio(120, 0)).toEqual({ ratio: null, note: '本年度无对口岗位需求，无法计算供需比' });
    expect(supplyDemandRatio(0, 0).ratio).toBeNull();
    expect(supplyDemandRatio(0, 10)).toEqual({ ratio: 0, note: null });
    expect(supplyDemandRatio(34, 10).ratio).toBeCloseTo(3.4);
  });
});

describe('evaluateWarning', () => {
  it('red when placement is below 85% two years running, with both years in the reason', () => {
    // 2025: 78.0%, 2026: 80.5%; ratio 200/100 = 2 also fires the yellow ratio rule.
    const w = evaluateWarning(defaults, series({ 2025: [100, 22], 2026: [200, 39] }, 100));
    expect(w.color).toBe('red');
    expect(w.reasons.map((r) => r.text)).toEqual([
      '去向落实率连续 2 年低于 85%（2025 年 78.0%，2026 年 80.5%）',
      '去向落实率低于 90%（2026 年 80.5%）',
      '供需比 2 高于 1.5（毕业生 200 人，岗位需求 100 人）',
    ]);
    expect(w.reasons[0]).toMatchObject({ ruleId: 'r1', level: 'red', kind: 'placement_below' });
  });

  it('only one year below 85% is not red: the run is broken by the other year', () => {
    const w = evaluateWarning(defaults, series({ 2025: [100, 10], 2026: [100, 20] }, 100));
    expect(w.color).toBe('yellow');
    expect(w.reasons.map((r) => r.ruleId)).toEqual(['y1']);
  });

  it('a rate exactly at the threshold is not below it', () => {
    // 85% both years: not below 85% (red) but below 90% (yellow).
    const atRed = evaluateWarning(defaults, series({ 2025: [100, 15], 2026: [100, 15] }, 100));
    expect(atRed.reasons.map((r) => r.ruleId)).toEqual(['y1']);
    // 90% exactly: green.
    const atYellow = evaluateWarning(defaults, series({ 2025: [100, 10], 2026: [100, 10] }, 100));
    expect(atYellow).toEqual({ color: 'green', reasons: [], notes: [] });
  });

  it('a missing year is not "below": no red, and a note says what was not evaluated', () => {
    const w = evaluateWarning(defaults, series({ 2026: [100, 30] }, 100));
    expect(w.color).toBe('yellow');
    expect(w.reasons.map((r) => r.ruleId)).toEqual(['y1']);
    expect(w.notes).toEqual(['缺少 2025 年毕业去向数据，未评估“去向落实率连续 2 年低于 85%”']);
    // A cohort with 0 graduates is no data either.
    const zero = evaluateWarning(defaults, series({ 2025: [0, 0], 2026: [100, 30] }, 100));
    expect(zero.reasons.map((r) => r.ruleId)).toEqual(['y1']);
  });

  it('no cohort at all in the window: green without notes', () => {
    expect(evaluateWarning(defaults, series({}, 50))).toEqual({ color: 'green', reasons: [], notes: [] });
  });

  it('supply/demand: red above 3, equal to 3 is not above, demand 0 is not evaluated', () => {
    const red = evaluateWarning(defaults, series({ 2025: [340, 0], 2026: [340, 0] }, 100));
    expect(red.color).toBe('red');
    // Every fired rule gives its reason, the yellow one of the same kind too.
    expect(red.reasons.map((r) => r.text)).toEqual([
      '供需比 3.4 高于 3（毕业生 340 人，岗位需求 100 人）',
      '供需比 3.4 高于 1.5（毕业生 340 人，岗位需求 100 人）',
    ]);

    const atThree = evaluateWarning(defaults, series({ 2025: [300, 0], 2026: [300, 0] }, 100));
    expect(atThree.color).toBe('yellow');
    expect(atThree.reasons.map((r) => r.ruleId)).toEqual(['y2']);

    const barelyAbove = evaluateWarning(defaults, series({ 2026: [301, 0] }, 100));
    expect(barelyAbove.reasons[0]!.text).toBe('供需比 3.01 高于 3（毕业生 301 人，岗位需求 100 人）');

    const noDemand = evaluateWarning(defaults, series({ 2025: [300, 0], 2026: [300, 0] }, 0));
    expect(noDemand).toEqual({ color: 'green', reasons: [], notes: ['本年度无对口岗位需求，未评估供需比'] });
  });

  it('disabled rules are skipped; a changed threshold changes the result', () => {
    const s = series({ 2025: [100, 20], 2026: [100, 20] }, 100);
    expect(evaluateWarning(defaults, s).color).toBe('red');
    const off = defaults.map((r) => (r.id === 'r1' ? { ...r, enabled: false } : r));
    expect(evaluateWarning(off, s).color).toBe('yellow');
    const lower = defaults.map((r) => (r.id === 'r1' ? { ...r, params: { threshold: 0.8, years: 2 } } : r));
    expect(evaluateWarning(lower, s).color).toBe('yellow'); // 80% is not below 80%
  });

  it('three years running needs all three years', () => {
    const rule: RuleDef = {
      id: 'x',
      kind: 'placement_below',
      level: 'red',
      params: { threshold: 0.85, years: 3 },
      enabled: true,
    };
    expect(evaluateWarning([rule], series({ 2024: [10, 5], 2025: [10, 5], 2026: [10, 5] }, 1)).color).toBe('red');
    expect(evaluateWarning([rule], series({ 2024: [10, 0], 2025: [10, 5], 2026: [10, 5] }, 1)).color).toBe('green');
    expect(yearsNeeded([rule, ...defaults])).toBe(3);
    expect(yearsNeeded([{ ...rule, enabled: false }])).toBe(1);
  });

  it('enrolment drop: fires above the threshold, not at it, notes missing years', () => {
    const rule: RuleDef = {
      id: 'e',
      kind: 'enrollment_drop',
      level: 'yellow',
      params: { threshold: 0.2 },
      enabled: true,
    };
    const fired = evaluateWarning([rule], series({}, 0, { 2025: 200, 2026: 150 }));
    expect(fired.reasons.map((r) => r.text)).toEqual([
      '实际招生较上年下降 25.0%，超过 20%（2025 年 200 人，2026 年 150 人）',
    ]);
    expect(evaluateWarning([rule], series({}, 0, { 2025: 200, 2026: 160 })).color).toBe('green');
    expect(evaluateWarning([rule], series({}, 0, { 2026: 160 })).notes).toEqual([
      '缺少 2025、2026 年实际招生数，未评估招生下降',
    ]);
  });
});

describe('rule texts and parameters', () => {
  it('describes rules in Chinese', () => {
    expect(describeRule(defaults[0]!)).toBe('去向落实率连续 2 年低于 85%');
    expect(describeRule(defaults[1]!)).toBe('去向落实率低于 90%');
    expect(describeRule(defaults[2]!)).toBe('供需比高于 3');
    expect(describeRule({ kind: 'placement_below', params: { threshold: 0.875, years: 1 } })).toBe(
      '去向落实率低于 87.5%',
    );
  });

  it('never rounds a rate up onto the threshold it is below', () => {
    expect(ratePercent(0.8496, 0.85)).toBe('84.96%');
    expect(ratePercent(0.805, 0.85)).toBe('80.5%');
  });

  it('checks stored parameters against the kind', () => {
    expect(validParams('placement_below', { threshold: 0.85, years: 2 })).toEqual({ threshold: 0.85, years: 2 });
    expect(validParams('placement_below', { threshold: 85, years: 2 })).toBeNull();
    expect(validParams('supply_demand_above', { threshold: 0 })).toBeNull();
    expect(validParams('nonsense', { threshold: 1 })).toBeNull();
  });
});

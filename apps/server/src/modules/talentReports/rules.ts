/**
 * 专业预警 (major early warning) as a pure function: the configured rules applied to one major's (or
 * one school × major's) figures give 红/黄/绿 and, for each rule that fired, a reason in Chinese with
 * the figures behind it.
 *
 * Missing data never fires a rule: a year without a cohort (or with 0 graduates) breaks a
 * "below the threshold N years running" run, and a major without demand has no supply/demand ratio.
 * Such rules are listed in `notes` as not evaluated, so a green with notes reads "no evidence", not
 * "healthy". Thresholds are strict: a rate equal to the threshold is not below it, a ratio equal to
 * it is not above it.
 */
import {
  enrollmentDropParams,
  type MajorWarning,
  placementBelowParams,
  supplyDemandAboveParams,
  type WarningLevel,
  type WarningReason,
  type WarningRuleKind,
} from '@chanjiao/contracts';

export interface RuleDef {
  id: string;
  kind: WarningRuleKind;
  level: WarningLevel;
  params: { threshold: number; years?: number | undefined };
  enabled: boolean;
}

/** One year of a cohort: graduates and how many are 未落实. */
export interface CohortFigures {
  graduates: number;
  unplaced: number;
}

/** What the rules look at for one major (or one school × major) in the report year. */
export interface MajorSeries {
  year: number;
  /** Cohorts by year; a missing year has no cohort. */
  cohorts: ReadonlyMap<number, CohortFigures>;
  /** Published demand head count of the year open to the major. */
  demandHeadCount: number;
  /** Actual enrolment by year (null: planned but not reported). */
  enrollmentActual: ReadonlyMap<number, number | null>;
}

/** 去向落实率 = (graduates − unplaced) / graduates; null without graduates. */
export function placementRate(c: CohortFigures | undefined): number | null {
  if (!c || c.graduates <= 0) return null;
  return (c.graduates - Math.min(c.unplaced, c.graduates)) / c.graduates;
}

/** 供需比 = graduates ÷ demand head count; null, with the reason, when there is no demand. */
export function supplyDemandRatio(graduates: number, demand: number): { ratio: number | null; note: string | null } {
  if (demand <= 0)
    return {
      ratio: null,
      note: graduates > 0 ? '本年度无对口岗位需求，无法计算供需比' : '本年度无毕业生和对口岗位需求',
    };
  return { ratio: graduates / demand, note: null };
}

/** A number with at most two decimals, no trailing zeros: 3 → "3", 3.4 → "3.4", 10/3 → "3.33". */
export const trimNumber = (n: number) => String(Math.round(n * 100) / 100);
/** A fraction as a percentage for a threshold: 0.85 → "85%", 0.875 → "87.5%". */
export const thresholdPercent = (f: number) => `${trimNumber(f * 100)}%`;

/**
 * A rate as a percentage with one decimal, or two when one would round it up to the threshold it is
 * below (84.96% against 85% shows "84.96%", not "85.0%").
 */
export function ratePercent(rate: number, below?: number): string {
  const one = (rate * 100).toFixed(1);
  if (below !== undefined && Number(one) >= below * 100 && rate < below) return `${(rate * 100).toFixed(2)}%`;
  return `${one}%`;
}

/** A ratio shown against a threshold it is above: never rounded down onto the threshold. */
function ratioText(ratio: number, above: number): string {
  const one = ratio.toFixed(1);
  return Number(one) <= above ? trimNumber(ratio) : String(Number(one));
}

/** The rule in words, e.g. 去向落实率连续 2 年低于 85%. */
export function describeRule(rule: Pick<RuleDef, 'kind' | 'params'>): string {
  const { threshold, years = 1 } = rule.params;
  switch (rule.kind) {
    case 'placement_below':
      return years > 1
        ? `去向落实率连续 ${years} 年低于 ${thresholdPercent(threshold)}`
        : `去向落实率低于 ${thresholdPercent(threshold)}`;
    case 'supply_demand_above':
      return `供需比高于 ${trimNumber(threshold)}`;
    case 'enrollment_drop':
      return `实际招生较上年下降超过 ${thresholdPercent(threshold)}`;
  }
}

/** The rule's parameters if they are valid for its kind (rules are edited through a checked form, but the table is plain JSON). */
export function validParams(kind: string, params: unknown): RuleDef['params'] | null {
  const schema =
    kind === 'placement_below'
      ? placementBelowParams
      : kind === 'supply_demand_above'
        ? supplyDemandAboveParams
        : kind === 'enrollment_drop'
          ? enrollmentDropParams
          : null;
  const parsed = schema?.safeParse(params);
  return parsed?.success ? parsed.data : null;
}

/** How many years back the enabled rules look (so the caller loads enough cohorts). */
export function yearsNeeded(rules: readonly RuleDef[]): number {
  let n = 1;
  for (const r of rules) if (r.enabled && r.kind === 'placement_below') n = Math.max(n, r.params.years ?? 1);
  return n;
}

type Outcome = { fired: string } | { missing: string } | null;

function placementBelow(rule: RuleDef, s: MajorSeries): Outcome {
  const { threshold, years = 1 } = rule.params;
  const run: { year: number; rate: number | null }[] = [];
  for (let y = s.year - years + 1; y <= s.year; y++) run.push({ year: y, rate: placementRate(s.cohorts.get(y)) });
  // A year at or above the threshold breaks the run whatever the other years hold.
  if (run.some((r) => r.rate !== null && r.rate >= threshold)) return null;
  const missing = run.filter((r) => r.rate === null).map((r) => r.year);
  if (missing.length === run.length) return null; // no graduates in the window at all: nothing to judge
  if (missing.length) return { missing: `缺少 ${missing.join('、')} 年毕业去向数据，未评估“${describeRule(rule)}”` };
  const figures = run.map((r) => `${r.year} 年 ${ratePercent(r.rate!, threshold)}`).join('，');
  return { fired: `${describeRule(rule)}（${figures}）` };
}

function supplyDemandAbove(rule: RuleDef, s: MajorSeries): Outcome {
  const graduates = s.cohorts.get(s.year)?.graduates ?? 0;
  const { ratio } = supplyDemandRatio(graduates, s.demandHeadCount);
  if (ratio === null) return graduates > 0 ? { missing: '本年度无对口岗位需求，未评估供需比' } : null;
  if (ratio <= rule.params.threshold) return null;
  return {
    fired: `供需比 ${ratioText(ratio, rule.params.threshold)} 高于 ${trimNumber(rule.params.threshold)}（毕业生 ${graduates} 人，岗位需求 ${s.demandHeadCount} 人）`,
  };
}

function enrollmentDrop(rule: RuleDef, s: MajorSeries): Outcome {
  const now = s.enrollmentActual.get(s.year);
  const before = s.enrollmentActual.get(s.year - 1);
  if (now === undefined && before === undefined) return null; // no enrolment at all: nothing to judge
  if (now === null || now === undefined || before === null || before === undefined || before <= 0)
    return { missing: `缺少 ${s.year - 1}、${s.year} 年实际招生数，未评估招生下降` };
  const drop = (before - now) / before;
  if (drop <= rule.params.threshold) return null;
  return {
    fired: `实际招生较上年下降 ${ratePercent(drop)}，超过 ${thresholdPercent(rule.params.threshold)}（${s.year - 1} 年 ${before} 人，${s.year} 年 ${now} 人）`,
  };
}

const evaluators: Record<WarningRuleKind, (rule: RuleDef, s: MajorSeries) => Outcome> = {
  placement_below: placementBelow,
  supply_demand_above: supplyDemandAbove,
  enrollment_drop: enrollmentDrop,
};

/** Red if any red rule fires, else yellow if any yellow rule fires, else green. Disabled rules are skipped. */
export function evaluateWarning(rules: readonly RuleDef[], s: MajorSeries): MajorWarning {
  const reasons: WarningReason[] = [];
  const notes: string[] = [];
  const order = [...rules].sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  for (const rule of order) {
    if (!rule.enabled) continue;
    const out = evaluators[rule.kind](rule, s);
    if (!out) continue;
    if ('fired' in out) reasons.push({ ruleId: rule.id, kind: rule.kind, level: rule.level, text: out.fired });
    else if (!notes.includes(out.missing)) notes.push(out.missing);
  }
  const color = reasons.some((r) => r.level === 'red') ? 'red' : reasons.length ? 'yellow' : 'green';
  return { color, reasons, notes };
}

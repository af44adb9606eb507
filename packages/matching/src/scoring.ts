/**
 * The score's integer rules, written so that a SQL query reproduces them exactly.
 *
 * Every factor is an integer. The two ratio factors round half up: for 0 ≤ num ≤ den and den > 0,
 * round(max · num / den) = floor((2·max·num + den) / (2·den)), computed on integers (in SQL:
 * `(2*max*num + den) / (2*den)` with integer division, which truncates, and truncation is floor for
 * non-negative values). In JavaScript the operands stay far below 2^53 and the quotient of two
 * integers below 2^26 is never within rounding error of the next integer, so Math.floor of the
 * double division is exact.
 */

export const MAJOR_CODE = 40;
export const MAJOR_CLASS = 25;
export const MAJOR_CATEGORY = 15;
/** Major related to the job only through the job's 33618 cluster. */
export const MAJOR_CLUSTER = 8;
export const SKILLS_MAX = 30;
export const CERTS_MAX = 10;
/**
 * The cluster factor counts the same relation as MAJOR_CLUSTER but on its own: it also applies on
 * top of a code/class/category match, so a student of the cluster's field ranks above one whose
 * major the job merely lists.
 */
export const CLUSTER_SCORE = 5;
export const KIND_SCORE = 5;
/** A full-time job suits a student graduating within this many months (or already graduated). */
export const GRADUATING_WITHIN_MONTHS = 12;

/** round(max · num / den), half up, on integers; 0 when den is 0. */
export function roundRatio(max: number, num: number, den: number): number {
  return den > 0 ? Math.floor((2 * max * num + den) / (2 * den)) : 0;
}

/**
 * w = round(100 · ln(N / df)), never negative. A skill no student has (df = 0) counts as df = 1,
 * the rarest possible; an empty corpus gives every skill weight 0. The index computes the table once
 * (and on `refreshSkillWeights`), and SQL reads the same table instead of recomputing logarithms.
 */
export function skillWeight(students: number, df: number): number {
  if (students <= 0) return 0;
  return Math.max(0, Math.round(100 * Math.log(students / Math.max(df, 1))));
}

export type EducationLevel = 'secondary' | 'associate' | 'vocational_bachelor' | 'undergraduate';
/** 中职 < 高职专科 < 职业本科 < 本科 */
export const EDUCATION_LEVELS: readonly EducationLevel[] = [
  'secondary',
  'associate',
  'vocational_bachelor',
  'undergraduate',
];

/** 全职 · 实习 · 学徒岗 · 订单班 */
export type JobKind = 'fulltime' | 'internship' | 'apprenticeship' | 'order_class';
export const JOB_KINDS: readonly JobKind[] = ['fulltime', 'internship', 'apprenticeship', 'order_class'];

/** Months as year · 12 + (month − 1): 2026-07 is 2026 · 12 + 6. Fits 16 bits until year 5461. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

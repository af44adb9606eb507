/**
 * Status and forecast of a KPI (docs/cockpit.md "Status and forecast"). Pure: no I/O, no clock —
 * the caller passes `asOf`.
 *
 * - target year: the first target year ≥ the year asked for, else the last target year;
 * - trajectory: a piecewise-linear line through the baseline (the first history point, when there is
 *   history) and each later target placed at the end of its year; with no history the line runs
 *   through the targets alone (before the first target's year end: the first target);
 * - 达标 met: the comparator holds against the target (`~`: actual ≥ 95 % of it);
 * - 正常推进 on_track: not met, actual ≥ the trajectory at `asOf`;
 * - 滞后 lagging: below the trajectory by at most 20 % of it;
 * - 严重滞后 severely_lagging: below it by more than 20 %, or the target year has ended unmet;
 * - 无数据 no_data: no value.
 * Forecast: the least-squares line through the history (≥ 2 points spanning ≥ 7 days) evaluated at
 * the end of the target year; otherwise null.
 */
import type { KpiComparator, KpiStatus } from '@chanjiao/contracts';

export interface Target {
  year: number;
  target: number;
}
export interface Point {
  /** YYYY-MM-DD */
  date: string;
  value: number;
}

export interface StatusInput {
  comparator: KpiComparator;
  targets: Target[];
  actual: number | null;
  /** The year asked for. */
  year: number;
  /** The evaluation date: the end of `year` for a past year, else today. */
  asOf: Date;
  history: Point[];
}

export interface StatusResult {
  status: KpiStatus;
  targetYear: number | null;
  target: number | null;
  trajectory: number | null;
  forecast: number | null;
}

/** Share of the target counted as reached for the `~` (about) comparator. */
export const ABOUT_SHARE = 0.95;
/** Below the trajectory by more than this share of it: 严重滞后. */
export const LAG_TOLERANCE = 0.2;
const DAY_MS = 86_400_000;

/** End of a year (Dec 31, UTC) as a timestamp. */
export function yearEnd(year: number): number {
  return Date.UTC(year, 11, 31);
}

function dayMs(date: string): number {
  return Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
}

export function comparatorHolds(comparator: KpiComparator, actual: number, target: number): boolean {
  switch (comparator) {
    case '>=':
      return actual >= target;
    case '<=':
      return actual <= target;
    case '~':
      return actual >= target * ABOUT_SHARE;
    case '=':
      return actual === target;
  }
}

/** The first target year ≥ year, else the last; null when there are no targets. */
export function targetFor(targets: Target[], year: number): Target | null {
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  return sorted.find((t) => t.year >= year) ?? sorted[sorted.length - 1] ?? null;
}

/** The trajectory's points: the baseline (first history point) then each later target at its year end. */
export function trajectoryPoints(
  targets: Target[],
  history: Point[],
): { t: number; value: number; kind: 'baseline' | 'target' }[] {
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  const first = [...history].sort((a, b) => dayMs(a.date) - dayMs(b.date))[0];
  const out: { t: number; value: number; kind: 'baseline' | 'target' }[] = [];
  if (first) out.push({ t: dayMs(first.date), value: first.value, kind: 'baseline' });
  for (const t of sorted) {
    const at = yearEnd(t.year);
    if (!first || at > out[0]!.t) out.push({ t: at, value: t.target, kind: 'target' });
  }
  return out;
}

/** The trajectory's value at time t (clamped at both ends); null with no points. */
export function trajectoryAt(points: { t: number; value: number }[], t: number): number | null {
  if (!points.length) return null;
  if (t <= points[0]!.t) return points[0]!.value;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (t <= b.t) return a.value + ((b.value - a.value) * (t - a.t)) / (b.t - a.t);
  }
  return points[points.length - 1]!.value;
}

/** Least-squares line through the history, at time t; null with < 2 points or a span < 7 days. */
export function forecastAt(history: Point[], t: number): number | null {
  if (history.length < 2) return null;
  const xs = history.map((p) => dayMs(p.date) / DAY_MS);
  const ys = history.map((p) => p.value);
  const span = Math.max(...xs) - Math.min(...xs);
  if (span < 7) return null;
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return round(my + slope * (t / DAY_MS - mx));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function evaluateStatus(input: StatusInput): StatusResult {
  const tgt = targetFor(input.targets, input.year);
  const targetYear = tgt?.year ?? null;
  const target = tgt?.target ?? null;
  const points = trajectoryPoints(input.targets, input.history);
  // Day resolution, as the history is daily: a value recorded today is on today's trajectory point.
  const asOf = Math.floor(input.asOf.getTime() / DAY_MS) * DAY_MS;
  const traj = trajectoryAt(points, asOf);
  const trajectory = traj === null ? null : round(traj);
  const forecast = targetYear === null ? null : forecastAt(input.history, yearEnd(targetYear));
  const base = { targetYear, target, trajectory, forecast };
  if (input.actual === null || tgt === null) return { status: 'no_data', ...base };
  const actual = input.actual;
  if (comparatorHolds(input.comparator, actual, tgt.target)) return { status: 'met', ...base };
  // The target year has ended (asOf after its Dec 31) and the target is unmet.
  if (asOf > yearEnd(tgt.year) + DAY_MS - 1) return { status: 'severely_lagging', ...base };
  // Compared with the trajectory as shown (2 decimals), so a value equal to the shown line is on track.
  const line = trajectory ?? tgt.target;
  if (actual >= line) return { status: 'on_track', ...base };
  if (line - actual <= line * LAG_TOLERANCE) return { status: 'lagging', ...base };
  return { status: 'severely_lagging', ...base };
}

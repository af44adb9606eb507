/**
 * The ledger's calendar arithmetic, pure (the current time is always passed in): quarter bounds in
 * China time, report deadlines, which quarters a task must report, overdue and lagging.
 */
import { LAGGING_MARGIN, LEDGER_GRACE_DAYS } from '@chanjiao/contracts';

const DAY = 86_400_000;
/** China Standard Time has no daylight saving: UTC+8 all year. */
const CST_OFFSET = 8 * 3_600_000;

/** The instant a calendar day starts in China (month 1–12; month 13 = January of the next year). */
function chinaMidnight(year: number, month: number, day = 1): number {
  return Date.UTC(year, month - 1, day) - CST_OFFSET;
}

/** First instant of quarter q (1–4) in China time. */
export function quarterStart(year: number, q: number): Date {
  return new Date(chinaMidnight(year, 3 * (q - 1) + 1));
}

/** The instant quarter q ends (= the next quarter's first instant; exclusive). */
export function quarterEnd(year: number, q: number): Date {
  return new Date(chinaMidnight(year, 3 * q + 1));
}

/**
 * The report deadline: 10 days after the quarter ends. `at` is the first instant that is late
 * (e.g. Q3 → 11 Oct 00:00 CST); `lastDay` is the last calendar day to submit (10 Oct).
 */
export function reportDeadline(year: number, q: number): { at: Date; lastDay: string } {
  const at = new Date(quarterEnd(year, q).getTime() + LEDGER_GRACE_DAYS * DAY);
  const last = new Date(at.getTime() + CST_OFFSET - DAY);
  return { at, lastDay: last.toISOString().slice(0, 10) };
}

/** The quarter (1–4) and year an instant falls in, in China time. */
export function quarterOf(at: Date): { year: number; quarter: number } {
  const local = new Date(at.getTime() + CST_OFFSET);
  return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
}

/** Whether quarter q of `year` has begun at `now`. */
export function quarterStarted(year: number, q: number, now: Date): boolean {
  return now.getTime() >= quarterStart(year, q).getTime();
}

/**
 * % complete the straight line expects at `at`: 0 on 1 January of the task's year, 100 at the end
 * of the due quarter, capped to 0–100.
 */
export function expectedPercent(year: number, dueQuarter: number, at: Date): number {
  const start = quarterStart(year, 1).getTime();
  const end = quarterEnd(year, dueQuarter).getTime();
  const share = (at.getTime() - start) / (end - start);
  return Math.max(0, Math.min(100, share * 100));
}

/** Lagging: the reported % complete is more than 15 points below the straight line. */
export function isLagging(percent: number, expected: number): boolean {
  return percent < expected - LAGGING_MARGIN;
}

/** What the rules need of one report. */
export interface ReportFacts {
  quarter: number;
  status: string;
  percent: number;
  /** First submission (null while never submitted). */
  firstSubmittedAt: Date | null;
}

export interface TaskFacts {
  year: number;
  dueQuarter: number;
  createdAt: Date;
  reports: readonly ReportFacts[];
}

export interface QuarterFlags {
  quarter: number;
  required: boolean;
  deadline: string;
  overdue: boolean;
  late: boolean;
  lagging: boolean;
}

export interface TaskFlags {
  quarters: QuarterFlags[];
  /** % complete of the latest submitted report (0 when none). */
  percent: number;
  expectedPercent: number;
  overdue: boolean;
  lagging: boolean;
}

const submitted = (r: ReportFacts) => r.firstSubmittedAt !== null;

/**
 * Which quarters a task must report: from the quarter it was created in (Q1 when created in an
 * earlier or a later year) through Q4, ending with the first quarter whose submitted report says 100 %.
 */
export function requiredQuarters(t: TaskFacts): number[] {
  const created = quarterOf(t.createdAt);
  const from = created.year === t.year ? created.quarter : 1;
  const done = t.reports
    .filter((r) => submitted(r) && r.percent >= 100)
    .map((r) => r.quarter)
    .sort((a, b) => a - b)[0];
  const to = done ?? 4;
  const out: number[] = [];
  for (let q = from; q <= to; q++) out.push(q);
  return out;
}

/**
 * Per quarter and for the task at `now`:
 * - overdue: a required quarter's report was never submitted and its deadline has passed;
 * - late: the first submission came after the deadline;
 * - lagging (per quarter, for quarters begun): the % complete known at that quarter (latest
 *   submitted report up to it, 0 when none) is more than 15 points below the line at the quarter's
 *   end, or at `now` while the quarter runs; the task lags when its latest % lags the line at `now`.
 */
export function taskFlags(t: TaskFacts, now: Date): TaskFlags {
  const required = new Set(requiredQuarters(t));
  const byQuarter = new Map(t.reports.map((r) => [r.quarter, r]));
  const quarters: QuarterFlags[] = [];
  let known = 0;
  for (let q = 1; q <= 4; q++) {
    const r = byQuarter.get(q);
    if (r && submitted(r)) known = r.percent;
    const deadline = reportDeadline(t.year, q);
    const begun = quarterStarted(t.year, q, now);
    const end = quarterEnd(t.year, q);
    const at = now.getTime() < end.getTime() ? now : end;
    quarters.push({
      quarter: q,
      required: required.has(q),
      deadline: deadline.lastDay,
      overdue: required.has(q) && !(r && submitted(r)) && now.getTime() >= deadline.at.getTime(),
      late: Boolean(r?.firstSubmittedAt && r.firstSubmittedAt.getTime() >= deadline.at.getTime()),
      lagging: begun && isLagging(known, expectedPercent(t.year, t.dueQuarter, at)),
    });
  }
  const latest = [...t.reports].filter(submitted).sort((a, b) => b.quarter - a.quarter)[0];
  const percent = latest?.percent ?? 0;
  const expected = expectedPercent(t.year, t.dueQuarter, now);
  return {
    quarters,
    percent,
    expectedPercent: Math.round(expected),
    overdue: quarters.some((q) => q.overdue),
    lagging: isLagging(percent, expected),
  };
}

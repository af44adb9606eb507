import { describe, expect, it } from 'vitest';
import {
  expectedPercent,
  isLagging,
  quarterEnd,
  quarterOf,
  quarterStart,
  type ReportFacts,
  reportDeadline,
  requiredQuarters,
  type TaskFacts,
  taskFlags,
} from './ledger.rules';

/** An instant given in China time. */
const cst = (s: string) => new Date(`${s}+08:00`);
const rep = (quarter: number, percent: number, submittedAt: string | null, status = 'submitted'): ReportFacts => ({
  quarter,
  percent,
  status: submittedAt ? status : 'draft',
  firstSubmittedAt: submittedAt ? cst(submittedAt) : null,
});
const task = (over: Partial<TaskFacts> = {}): TaskFacts => ({
  year: 2026,
  dueQuarter: 4,
  createdAt: cst('2026-01-10T09:00:00'),
  reports: [],
  ...over,
});

describe('quarters and deadlines (China time)', () => {
  it('bounds quarters at local midnight', () => {
    expect(quarterStart(2026, 3).toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(quarterEnd(2026, 4).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(quarterOf(cst('2026-09-30T23:59:59'))).toEqual({ year: 2026, quarter: 3 });
    expect(quarterOf(cst('2026-10-01T00:00:00'))).toEqual({ year: 2026, quarter: 4 });
  });

  it('puts the deadline 10 days after the quarter ends', () => {
    expect(reportDeadline(2026, 3).lastDay).toBe('2026-10-10');
    expect(reportDeadline(2026, 3).at.getTime()).toBe(cst('2026-10-11T00:00:00').getTime());
    expect(reportDeadline(2026, 4).lastDay).toBe('2027-01-10');
  });
});

describe('overdue detection', () => {
  it('is overdue only once the 10 days after the quarter have passed without a submission', () => {
    const t = task();
    expect(taskFlags(t, cst('2026-10-10T23:59:59')).quarters[2]!.overdue).toBe(false);
    const after = taskFlags(t, cst('2026-10-11T00:00:00'));
    expect(after.quarters[2]!.overdue).toBe(true);
    expect(after.overdue).toBe(true);
    // Q4 is not due yet
    expect(after.quarters[3]!.overdue).toBe(false);
  });

  it('a draft does not count as submitted; a submitted report clears it, and a late one is marked late', () => {
    const now = cst('2026-11-01T00:00:00');
    expect(taskFlags(task({ reports: [rep(3, 60, null)] }), now).quarters[2]!.overdue).toBe(true);
    const onTime = taskFlags(task({ reports: [rep(3, 60, '2026-10-09T10:00:00')] }), now).quarters[2]!;
    expect(onTime).toMatchObject({ overdue: false, late: false });
    const late = taskFlags(task({ reports: [rep(3, 60, '2026-10-20T10:00:00')] }), now).quarters[2]!;
    expect(late).toMatchObject({ overdue: false, late: true });
  });

  it('expects nothing before the quarter the task was created in, nor after a 100 % report', () => {
    const t = task({ createdAt: cst('2026-08-01T00:00:00'), reports: [rep(3, 100, '2026-10-05T00:00:00')] });
    expect(requiredQuarters(t)).toEqual([3]);
    const f = taskFlags(t, cst('2027-02-01T00:00:00'));
    expect(f.quarters.map((q) => q.overdue)).toEqual([false, false, false, false]);
    expect(requiredQuarters(task({ createdAt: cst('2025-12-20T00:00:00') }))).toEqual([1, 2, 3, 4]);
  });
});

describe('lagging', () => {
  it('follows the straight line from 0 on 1 January to 100 at the end of the due quarter', () => {
    expect(expectedPercent(2026, 2, cst('2026-01-01T00:00:00'))).toBe(0);
    expect(expectedPercent(2026, 2, quarterEnd(2026, 2))).toBe(100);
    expect(expectedPercent(2026, 2, cst('2026-12-01T00:00:00'))).toBe(100);
    expect(Math.round(expectedPercent(2026, 4, cst('2026-07-02T12:00:00')))).toBe(50);
  });

  it('lags only when more than 15 points below the line', () => {
    expect(isLagging(35, 50)).toBe(false);
    expect(isLagging(34.9, 50)).toBe(true);
  });

  it('flags the task and the quarters whose reported % fell behind', () => {
    // Due Q2; Q1 report 20 % (line at Q1 end ≈ 49.7 → lagging), Q2 report 90 % (line 100 → 10 below, fine).
    const t = task({
      dueQuarter: 2,
      reports: [rep(1, 20, '2026-04-05T00:00:00'), rep(2, 90, '2026-07-05T00:00:00')],
    });
    const f = taskFlags(t, cst('2026-07-06T00:00:00'));
    expect(f.quarters[0]!.lagging).toBe(true);
    expect(f.quarters[1]!.lagging).toBe(false);
    expect(f.percent).toBe(90);
    expect(f.lagging).toBe(false);
    // With only the Q1 report, the task lags now (20 vs 100).
    const g = taskFlags(
      task({ dueQuarter: 2, reports: [rep(1, 20, '2026-04-05T00:00:00')] }),
      cst('2026-07-06T00:00:00'),
    );
    expect(g.lagging).toBe(true);
    expect(g.expectedPercent).toBe(100);
  });

  it('does not lag before the year starts', () => {
    expect(taskFlags(task({ year: 2027 }), cst('2026-11-01T00:00:00')).lagging).toBe(false);
  });
});

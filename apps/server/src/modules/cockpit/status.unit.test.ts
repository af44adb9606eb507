import { describe, expect, it } from 'vitest';
import { evaluateStatus, forecastAt, type StatusInput, trajectoryAt, trajectoryPoints, yearEnd } from './status';

const at = (d: string) => new Date(`${d}T12:00:00Z`);
// T10-like: 3 by 2023, 8 by 2027; baseline 0 on 2024-12-31 → 8 on 2027-12-31 (linear over 1095 days).
const base: Omit<StatusInput, 'actual'> = {
  comparator: '>=',
  targets: [
    { year: 2023, target: 3 },
    { year: 2027, target: 8 },
  ],
  year: 2026,
  asOf: at('2026-06-30'),
  history: [{ date: '2024-12-31', value: 0 }],
};
const trajAsOf = trajectoryAt(
  trajectoryPoints(base.targets, base.history).map((p) => ({ t: p.t, value: p.value })),
  base.asOf.getTime(),
)!;

describe('status rules', () => {
  it('uses the first target year at or after the year asked for', () => {
    const r = evaluateStatus({ ...base, actual: 1 });
    expect(r.targetYear).toBe(2027);
    expect(r.target).toBe(8);
  });

  it('met when the comparator holds, exactly at the target too', () => {
    expect(evaluateStatus({ ...base, actual: 8 }).status).toBe('met');
    expect(evaluateStatus({ ...base, actual: 7.99 }).status).not.toBe('met');
  });

  it('~ means reached at 95 % of the target', () => {
    const about = { ...base, comparator: '~' as const };
    expect(evaluateStatus({ ...about, actual: 7.6 }).status).toBe('met'); // 8 × 0.95
    expect(evaluateStatus({ ...about, actual: 7.59 }).status).not.toBe('met');
  });

  it('on track at or above the trajectory, lagging within 20 % below it, severely lagging beyond', () => {
    expect(trajAsOf).toBeGreaterThan(3);
    expect(trajAsOf).toBeLessThan(5);
    expect(evaluateStatus({ ...base, actual: trajAsOf }).status).toBe('on_track');
    expect(evaluateStatus({ ...base, actual: trajAsOf * 0.8 }).status).toBe('lagging');
    expect(evaluateStatus({ ...base, actual: trajAsOf * 0.8 - 0.01 }).status).toBe('severely_lagging');
    expect(evaluateStatus({ ...base, actual: trajAsOf - 0.01 }).status).toBe('lagging');
  });

  it('the trajectory runs straight from the baseline to the target at the target year end', () => {
    const pts = trajectoryPoints(base.targets, base.history);
    expect(pts.map((p) => p.kind)).toEqual(['baseline', 'target']);
    const mid = (Date.parse('2024-12-31T00:00:00Z') + yearEnd(2027)) / 2;
    expect(trajectoryAt(pts, mid)).toBeCloseTo(4, 6);
  });

  it('without history the line runs through the targets (before the first: the first target)', () => {
    const pts = trajectoryPoints(base.targets, []);
    expect(trajectoryAt(pts, Date.parse('2022-06-01'))).toBe(3);
    const mid = (yearEnd(2023) + yearEnd(2027)) / 2;
    expect(trajectoryAt(pts, mid)).toBeCloseTo(5.5, 6);
    expect(trajectoryAt(pts, Date.parse('2030-01-01'))).toBe(8);
  });

  it('severely lagging once the target year has ended unmet; Dec 31 still counts as in the year', () => {
    const single = { ...base, targets: [{ year: 2025, target: 3 }], history: [], year: 2025 };
    expect(evaluateStatus({ ...single, actual: 2.9, asOf: at('2025-12-31') }).status).toBe('lagging');
    expect(evaluateStatus({ ...single, actual: 2.9, asOf: new Date('2026-01-01T00:00:01Z') }).status).toBe(
      'severely_lagging',
    );
    expect(evaluateStatus({ ...single, actual: 3, asOf: at('2026-03-01') }).status).toBe('met');
  });

  it('no data without a value', () => {
    expect(evaluateStatus({ ...base, actual: null }).status).toBe('no_data');
  });

  it('forecast: least squares at the target year end, needs 2 points over at least 7 days', () => {
    expect(forecastAt([{ date: '2026-01-01', value: 1 }], yearEnd(2027))).toBeNull();
    expect(
      forecastAt(
        [
          { date: '2026-01-01', value: 1 },
          { date: '2026-01-07', value: 2 },
        ],
        yearEnd(2027),
      ),
    ).toBeNull();
    // +1 per 10 days, exactly linear: the fit reproduces the line.
    const h = [0, 10, 20, 30].map((d, i) => ({
      date: new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
      value: i,
    }));
    const days = (yearEnd(2027) - Date.UTC(2026, 0, 1)) / 86_400_000;
    expect(forecastAt(h, yearEnd(2027))).toBeCloseTo(days / 10, 1);
    expect(evaluateStatus({ ...base, actual: 3, history: h }).forecast).toBeCloseTo(days / 10, 1);
  });
});

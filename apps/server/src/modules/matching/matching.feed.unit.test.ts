import { describe, expect, it } from 'vitest';
import { OutboxCursor } from './matching.feed';
import { JobTape, parseMonth, StudentTape } from './matching.source';

describe('outbox cursor', () => {
  it('remembers ids that commit after higher ones and applies them when they appear', () => {
    const c = new OutboxCursor(10);
    // 12 and 15 commit first: 11, 13 and 14 are taken by transactions still running.
    c.accept([12, 15]);
    expect(c.maxSeen).toBe(15);
    expect(c.ranges()).toEqual([
      [11, 11],
      [13, 14],
    ]);
    c.accept([13]);
    expect(c.ranges()).toEqual([
      [11, 11],
      [14, 14],
    ]);
    c.accept([11, 14, 16]);
    expect(c.hasGaps).toBe(false);
    expect(c.maxSeen).toBe(16);
  });

  it('splits a hole filled in its middle and starts from the holes found at boot', () => {
    const c = new OutboxCursor(100, [[50, 60]]);
    c.accept([55]);
    expect(c.ranges()).toEqual([
      [50, 54],
      [56, 60],
    ]);
    c.accept([50, 60]);
    expect(c.ranges()).toEqual([
      [51, 54],
      [56, 59],
    ]);
  });

  it('gives up on a hole after its time (a rolled-back transaction never fills it)', () => {
    const c = new OutboxCursor(0, [], 0);
    c.accept([3], 1_000);
    c.accept([7], 5_000);
    expect(c.expire(1_200, 500)).toBe(0);
    expect(c.expire(5_000, 3_000)).toBe(1);
    expect(c.ranges()).toEqual([[4, 6]]);
  });
});

describe('packed tapes', () => {
  it('give back exactly what was added, in order', () => {
    const students = new StudentTape();
    const a = {
      id: 7,
      major: '460701',
      level: 'associate' as const,
      district: '500112',
      preferredDistricts: ['500105'],
      gradMonth: parseMonth('2026-07'),
      consent: true,
      internship: false,
      consortium: 'c-1',
      skills: ['焊接', 'PLC'],
      certs: [],
    };
    const b = { ...a, id: 8, gradMonth: null, consent: false, internship: true, consortium: null, skills: [] };
    students.add(a);
    students.add(b);
    expect(students.length).toBe(2);
    expect([...students]).toEqual([a, b]);
    const jobs = new JobTape();
    const j = {
      id: 3,
      status: 'published',
      kind: 'fulltime' as const,
      minLevel: 'associate' as const,
      gradFrom: null,
      gradTo: parseMonth('2027-06'),
      district: '500112',
      cluster: 'C01',
      consortium: null,
      majors: ['4607', '460701'],
      skills: ['焊接'],
      certs: ['1+X'],
    };
    jobs.add(j);
    expect([...jobs]).toEqual([j]);
  });

  it('parses months as the engine counts them', () => {
    expect(parseMonth('2026-01')).toBe(2026 * 12);
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth(null)).toBeNull();
  });
});

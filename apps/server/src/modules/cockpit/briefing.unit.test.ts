import type { CockpitOverview, KpiItem } from '@chanjiao/contracts';
import { describe, expect, it } from 'vitest';
import { fmt, laggards, monthOf } from './briefing.service';
import { checkValue } from './returns.service';

describe('monthly briefing helpers', () => {
  it('reads YYYY-MM, defaulting to the month in China', () => {
    expect(monthOf('2025-03')).toEqual({ year: 2025, month: 3, label: '2025 年 3 月' });
    // 2025-12-31 17:00 UTC is already January 2026 in Chongqing.
    expect(monthOf(undefined, new Date('2025-12-31T17:00:00Z'))).toMatchObject({ year: 2026, month: 1 });
    expect(() => monthOf('2025-00')).toThrow();
  });

  it('formats numbers with at most two decimals', () => {
    expect(fmt(37.2)).toBe('37.2');
    expect(fmt(1 / 3)).toBe('0.33');
    expect(fmt(null)).toBe('—');
  });

  it('names the severely lagging first, then the lagging, by id', () => {
    const k = (id: string, status: KpiItem['current']['status']) => ({ id, current: { status } }) as unknown as KpiItem;
    const ov = {
      sections: [
        { code: 'a', name: 'A', kpis: [k('T09', 'lagging'), k('T02', 'met'), k('T05', 'severely_lagging')] },
        { code: 'b', name: 'B', kpis: [k('T01', 'lagging'), k('T07', 'no_data'), k('T03', 'on_track')] },
      ],
    } as unknown as CockpitOverview;
    expect(laggards(ov).map((x) => x.id)).toEqual(['T05', 'T01', 'T09']);
  });
});

describe('return values', () => {
  it('a % is 0–100 inclusive; a count only ≥ 0', () => {
    const pct = { unit: '%', name: '比例' };
    expect(() => checkValue(pct, 0)).not.toThrow();
    expect(() => checkValue(pct, 100)).not.toThrow();
    expect(() => checkValue(pct, 100.01)).toThrow(/between 0 and 100/);
    expect(() => checkValue(pct, -0.01)).toThrow();
    expect(() => checkValue({ unit: '个', name: '数' }, 1000)).not.toThrow();
  });
});

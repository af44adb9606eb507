import { Empty, Grid } from 'antd';
import { useMemo } from 'react';
import { type ChartOption, EChart } from './EChart';

export interface BarSeries {
  name: string;
  values: (number | null)[];
  color?: string;
}

/** Category labels longer than this are cut with an ellipsis (full name in the tooltip). */
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Grouped horizontal bars, one row per category (long Chinese names read well on the left, and
 * the chart grows downwards instead of sideways on a phone).
 */
export function HorizontalBars({
  categories,
  series,
  emptyText,
  testId,
}: {
  categories: string[];
  series: BarSeries[];
  emptyText: string;
  testId?: string;
}) {
  // A phone: shorter labels and fewer value ticks, so neither crowds the narrow plot.
  const compact = !Grid.useBreakpoint().sm;
  const height = Math.max(180, 56 + categories.length * (12 + series.length * 12));
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 4, right: 32, top: 32, bottom: 4, containLabel: true },
      xAxis: {
        type: 'value',
        minInterval: 1,
        splitNumber: compact ? 2 : 5,
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      // The first category on top.
      yAxis: {
        type: 'category',
        inverse: true,
        data: categories,
        axisLabel: { formatter: (v: string) => cut(v, compact ? 7 : 12) },
        axisTick: { show: false },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: s.color ? { color: s.color } : undefined,
        barMaxWidth: 14,
        label: { show: true, position: 'right', fontSize: 10, color: 'rgba(0,0,0,0.55)' },
      })),
    }),
    [categories, series, compact],
  );
  if (categories.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return <EChart option={option} height={height} testId={testId} />;
}

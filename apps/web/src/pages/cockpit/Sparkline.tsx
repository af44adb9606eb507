import type { KpiPoint } from '@chanjiao/contracts';
import { useMemo } from 'react';
import { CockpitChart, type CockpitChartOption } from './CockpitChart';

/** A KPI card's trend: the last daily values as a small line without axes. */
export function Sparkline({
  points,
  color,
  height = 36,
}: {
  points: readonly KpiPoint[];
  color: string;
  height?: number;
}) {
  const option = useMemo<CockpitChartOption>(
    () => ({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: 'category', show: false, data: points.map((p) => p.date), boundaryGap: false },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'none' } },
      series: [
        {
          type: 'line',
          data: points.map((p) => p.value),
          showSymbol: false,
          smooth: true,
          lineStyle: { width: 1.5, color },
          areaStyle: { color, opacity: 0.12 },
        },
      ],
    }),
    [points, color],
  );
  return <CockpitChart option={option} height={height} testId="kpi-spark" />;
}

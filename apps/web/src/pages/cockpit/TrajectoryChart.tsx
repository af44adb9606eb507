import type { KpiDetail } from '@chanjiao/contracts';
import { Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CockpitChart, type CockpitChartOption } from './CockpitChart';
import { formatValue } from './shared';

type Pair = [string, number];

/**
 * The trajectory chart of a KPI: its daily history (solid), approved returns by year, the line
 * from the baseline to each target (dashed grey), the targets themselves (red diamonds) and the
 * forecast at the target year's end (dashed orange, from the last value).
 */
export function TrajectoryChart({ kpi }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  const option = useMemo<CockpitChartOption | null>(() => {
    const history: Pair[] = kpi.history.map((p) => [p.date, p.value]);
    // Approved returns by year, unless the daily history already carries them.
    const returns: Pair[] = history.length
      ? []
      : [...kpi.returns].sort((a, b) => a.year - b.year).map((r) => [`${r.year}-12-31`, r.value]);
    const trajectory: Pair[] = kpi.trajectoryPoints.map((p) => [p.date, p.value]);
    // Every target year (also those before the baseline), at the year's end.
    const targets: Pair[] = kpi.targets.map((x) => [`${x.year}-12-31`, x.target]);
    const last = history.at(-1) ?? returns.at(-1);
    const f = kpi.current.forecast;
    const forecast: Pair[] =
      f != null && last && kpi.current.targetYear ? [last, [`${kpi.current.targetYear}-12-31`, f]] : [];
    if (history.length + returns.length + trajectory.length + targets.length === 0) return null;
    const unit = kpi.unit === '%' ? '%' : ` ${kpi.unit}`;
    const fmt = (v: unknown) => (typeof v === 'number' ? `${formatValue(v)}${unit}` : String(v ?? ''));
    return {
      tooltip: {
        trigger: 'axis',
        confine: true,
        valueFormatter: (v) => fmt(v),
      },
      legend: { top: 0, left: 'center' },
      grid: { left: 8, right: 32, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: 'time' },
      yAxis: {
        type: 'value',
        name: kpi.unit,
        min: 0,
        max: kpi.unit === '%' ? 100 : undefined,
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      series: [
        {
          type: 'line',
          name: t('cockpit.chart.trajectory'),
          data: trajectory,
          showSymbol: false,
          lineStyle: { type: 'dashed', color: '#8c8c8c', width: 1.5 },
          itemStyle: { color: '#8c8c8c' },
        },
        {
          type: 'line',
          name: t('cockpit.chart.target'),
          data: targets,
          symbol: 'diamond',
          symbolSize: 12,
          lineStyle: { opacity: 0 },
          itemStyle: { color: '#f5222d' },
          label: { show: true, position: 'top', formatter: (p) => fmt((p.value as Pair)[1]) },
          z: 5,
        },
        ...(history.length
          ? [
              {
                type: 'line' as const,
                name: t('cockpit.chart.history'),
                data: history,
                showSymbol: history.length < 20,
                lineStyle: { width: 2, color: '#1677ff' },
                itemStyle: { color: '#1677ff' },
                areaStyle: { color: '#1677ff', opacity: 0.08 },
              },
            ]
          : []),
        ...(returns.length
          ? [
              {
                type: 'line' as const,
                name: t('cockpit.chart.returns'),
                data: returns,
                symbol: 'circle',
                symbolSize: 8,
                lineStyle: { width: 2, color: '#722ed1' },
                itemStyle: { color: '#722ed1' },
              },
            ]
          : []),
        ...(forecast.length
          ? [
              {
                type: 'line' as const,
                name: t('cockpit.chart.forecast'),
                data: forecast,
                symbol: 'emptyCircle',
                symbolSize: 8,
                lineStyle: { type: 'dashed' as const, width: 2, color: '#fa8c16' },
                itemStyle: { color: '#fa8c16' },
              },
            ]
          : []),
      ],
    };
  }, [kpi, t]);
  if (!option) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.chart.empty')} />;
  return <CockpitChart option={option} height={320} testId="kpi-trajectory" />;
}

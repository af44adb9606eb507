import type { KpiItem, KpiStatus } from '@chanjiao/contracts';

/** Status colours, the same on the light pages and the dark screen. */
export const screenStatusColor: Record<KpiStatus, string> = {
  met: '#52c41a',
  on_track: '#1677ff',
  lagging: '#fa8c16',
  severely_lagging: '#f5222d',
  no_data: '#8c8c8c',
};

/** antd Tag colour names for the light pages. */
export const statusTagColor: Record<KpiStatus, string> = {
  met: 'green',
  on_track: 'blue',
  lagging: 'orange',
  severely_lagging: 'red',
  no_data: 'default',
};

/** A number for people: grouped thousands, at most two decimals. */
export function formatNumber(n: number | null | undefined, lang = 'zh-CN'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString(lang, { maximumFractionDigits: 2 });
}

/** A KPI's value with its unit ("—" when there is none). */
export function formatKpiValue(kpi: Pick<KpiItem, 'unit'>, value: number | null | undefined, lang = 'zh-CN'): string {
  if (value === null || value === undefined) return '—';
  const unit = kpi.unit && kpi.unit !== '—' ? kpi.unit : '';
  return unit === '%' ? `${formatNumber(value, lang)}%` : `${formatNumber(value, lang)} ${unit}`.trim();
}

/**
 * How far a KPI is along to its target, in % (null without a value or a positive target). For
 * `<=` targets (lower is better) the ratio is inverted, so 100 % still means "reached".
 */
export function completion(
  kpi: Pick<KpiItem, 'comparator'>,
  value: number | null,
  target: number | null,
): number | null {
  if (value === null || target === null || target <= 0) return null;
  if (kpi.comparator === '<=') return value <= 0 ? 100 : Math.round((target / value) * 1000) / 10;
  return Math.round((value / target) * 1000) / 10;
}

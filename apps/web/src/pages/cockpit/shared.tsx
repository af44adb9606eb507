import {
  type KpiAwaitingModule,
  type KpiDrillDimension,
  type KpiReturnStatus,
  type KpiSourceKind,
  type KpiStatus,
  kpiAwaitingModuleLabels,
  kpiDimensionLabels,
  kpiReturnStatusLabels,
  kpiSourceKindLabels,
  kpiStatusLabels,
} from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { codeLabeler } from '../../components/labels';
import { YearSelect as BaseYearSelect, yearOptions as baseYearOptions, thisYear } from '../../components/YearSelect';
import { currentLanguage } from '../../i18n';

/** The contracts' Chinese label maps of the cockpit enums; English from `cockpit.codes.<kind>.<code>`. */
const maps = {
  status: kpiStatusLabels,
  sourceKind: kpiSourceKindLabels,
  module: kpiAwaitingModuleLabels,
  dimension: kpiDimensionLabels,
  returnStatus: kpiReturnStatusLabels,
} satisfies Record<string, Record<string, string>>;
export type CockpitCodeKind = keyof typeof maps;

const cockpitCodes = codeLabeler(maps, 'cockpit.codes');
/** The label of a cockpit enum value in the UI language; a dash when empty. */
export const cockpitLabel = cockpitCodes.label;
/** Select options for every value of a cockpit enum, in the contract's order. */
export const cockpitOptions = cockpitCodes.options;

/** 达标 green, 正常推进 blue, 滞后 orange, 严重滞后 red, 无数据 grey. */
export const statusColor: Record<KpiStatus, string> = {
  met: 'green',
  on_track: 'blue',
  lagging: 'orange',
  severely_lagging: 'red',
  no_data: 'default',
};
/** The same colours as hex, for charts. */
export const statusHex: Record<KpiStatus, string> = {
  met: '#52c41a',
  on_track: '#1677ff',
  lagging: '#fa8c16',
  severely_lagging: '#f5222d',
  no_data: '#bfbfbf',
};

export const sourceKindColor: Record<KpiSourceKind, string> = {
  records: 'cyan',
  returns: 'purple',
  awaiting: 'default',
};

export const returnStatusColor: Record<KpiReturnStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
};

export function StatusTag({ status, testId }: { status: KpiStatus; testId?: string }) {
  return (
    <Tag color={statusColor[status]} style={{ marginInlineEnd: 0 }} data-testid={testId ?? 'kpi-status'}>
      {cockpitLabel('status', status)}
    </Tag>
  );
}

/** 平台记录 / 统计填报 / 数据来源模块未上线（模块名）. */
export function SourceKindTag({ kind, module }: { kind: KpiSourceKind; module?: KpiAwaitingModule | null }) {
  const { t } = useTranslation();
  const label = cockpitLabel('sourceKind', kind);
  return (
    <Tag
      color={sourceKindColor[kind]}
      style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
      data-testid="kpi-source-kind"
      title={module ? t('cockpit.kpi.awaitingModule', { module: cockpitLabel('module', module) }) : undefined}
    >
      {module ? `${label}：${cockpitLabel('module', module).replace(/（.*$/, '')}` : label}
    </Tag>
  );
}

export function ReturnStatusTag({ status }: { status: KpiReturnStatus }) {
  return (
    <Tag color={returnStatusColor[status]} style={{ marginInlineEnd: 0 }} data-testid="return-status">
      {cockpitLabel('returnStatus', status)}
    </Tag>
  );
}

/** A KPI figure: at most two decimals, thousands separated; a dash when null. */
export function formatValue(v: number | null | undefined): string {
  if (v == null) return '—';
  return v.toLocaleString(currentLanguage(), { maximumFractionDigits: 2 });
}

/** A figure with its unit: "36.5%", "12 个". */
export function withUnit(v: number | null | undefined, unit: string): string {
  if (v == null) return '—';
  return unit === '%' ? `${formatValue(v)}%` : `${formatValue(v)} ${unit}`;
}

export { thisYear };

/** Years the cockpit offers: 2023 (the policy's start) to 2030 (past the last target year). */
export const yearOptions = () => baseYearOptions(Math.max(2030, thisYear() + 1));

/** A year picker that always has a value. */
export function YearSelect({
  value,
  onChange,
  testId,
}: {
  value: number;
  onChange: (year: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <BaseYearSelect
      value={value}
      onChange={onChange}
      last={Math.max(2030, thisYear() + 1)}
      label={(year) => t('cockpit.common.yearN', { year })}
      testId={testId ?? 'cockpit-year'}
    />
  );
}

/** The briefing month of a year: this month for this year, December for a past year, January ahead. */
export function briefingMonth(year: number): string {
  const now = dayjs();
  if (year === now.year()) return now.format('YYYY-MM');
  return `${year}-${year < now.year() ? '12' : '01'}`;
}

/** Refreshes every cached cockpit query after a write (returns change KPI values). */
export function useCockpitChanged() {
  const qc = useQueryClient();
  return useCallback(
    () =>
      qc.invalidateQueries({
        predicate: (q) => typeof q.queryKey[1] === 'string' && q.queryKey[1].startsWith('/api/cockpit'),
      }),
    [qc],
  );
}

export const dimensionLabel = (d: KpiDrillDimension) => cockpitLabel('dimension', d);

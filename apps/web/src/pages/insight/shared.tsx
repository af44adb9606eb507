import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { api, type MajorWarning, type ReportFormat, reportFormats } from '@chanjiao/contracts';
import { Button, Flex, Grid, Select, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { useDownloading } from '../../components/ExportButton';
import { colorLabel, warningTagColor } from './format';

const fiveMinutes = { staleTime: 5 * 60_000 } as const;

/** The consortia the caller may filter a report by (the server lists only those in scope). */
export function useConsortiumOptions(enabled: boolean) {
  const list = useApiQuery(api.listConsortia, { query: { pageSize: 200 } }, { enabled, ...fiveMinutes });
  return useMemo(() => (list.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })), [list.data]);
}

/** The schools the caller may filter a report by (the server lists only those in scope). */
export function useSchoolOptions(enabled: boolean) {
  const list = useApiQuery(api.listOrgs, { query: { type: 'school', pageSize: 200 } }, { enabled, ...fiveMinutes });
  return useMemo(() => (list.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })), [list.data]);
}

/** The width of a filter control: its own on a wide screen, the whole row on a phone. */
export function useFilterWidth() {
  const screens = Grid.useBreakpoint();
  return (w: number) => (screens.sm ? w : '100%');
}

/** The report year: a plain select (a report always has one). */
export function YearSelect({
  value,
  onChange,
  options,
}: {
  value: number;
  onChange: (year: number) => void;
  options: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const width = useFilterWidth();
  return (
    <Select
      value={String(value)}
      options={options.map((o) => ({ value: o.value, label: t('insight.yearLabel', { year: o.label }) }))}
      onChange={(v: string) => onChange(Number(v))}
      style={{ width: width(120) }}
      data-testid="filter-year"
    />
  );
}

/** A 红/黄/绿 tag; hovering shows every reason (and what could not be evaluated). */
export function WarningTag({ warning }: { warning: MajorWarning }) {
  const tag = (
    <Tag
      color={warningTagColor[warning.color]}
      style={{ marginInlineEnd: 0, cursor: warning.reasons.length || warning.notes.length ? 'help' : undefined }}
      data-testid="warning-tag"
      data-color={warning.color}
    >
      {colorLabel(warning.color)}
    </Tag>
  );
  if (!warning.reasons.length && !warning.notes.length) return tag;
  return <Tooltip title={<WarningReasons warning={warning} dark />}>{tag}</Tooltip>;
}

/** The reasons a major got its colour, each with its figures; then the rules that were not evaluated. */
export function WarningReasons({ warning, dark }: { warning: MajorWarning; dark?: boolean }) {
  const { t } = useTranslation();
  const muted = dark ? 'rgba(255,255,255,0.7)' : undefined;
  return (
    <Flex vertical gap={4} data-testid="warning-reasons">
      {warning.reasons.map((r) => (
        <Flex key={`${r.ruleId}-${r.text}`} gap={6} align="baseline">
          <Tag color={warningTagColor[r.level]} style={{ marginInlineEnd: 0, flex: 'none' }}>
            {colorLabel(r.level)}
          </Tag>
          <span style={{ whiteSpace: 'normal' }}>{r.text}</span>
        </Flex>
      ))}
      {warning.reasons.length === 0 && (
        <Typography.Text style={{ color: muted }} type={dark ? undefined : 'secondary'}>
          {t('insight.warning.noReason')}
        </Typography.Text>
      )}
      {warning.notes.map((n) => (
        <Typography.Text key={n} style={{ color: muted, fontSize: 12 }} type={dark ? undefined : 'secondary'}>
          {t('insight.warning.notEvaluated', { note: n })}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/**
 * 导出 Excel / 导出 PDF of a report with the filters on screen; `run` downloads one format
 * (through the typed `download` helper, as the registry's exports do).
 */
export function ExportButtons({ run, testId }: { run: (format: ReportFormat) => Promise<void>; testId: string }) {
  const { t } = useTranslation();
  const downloading = useDownloading<ReportFormat>();
  return (
    <>
      {reportFormats.map((format) => (
        <Button
          key={format}
          icon={format === 'pdf' ? <FilePdfOutlined /> : <FileExcelOutlined />}
          loading={downloading.busy === format}
          disabled={downloading.busy !== null}
          onClick={() => downloading.run(format, () => run(format))}
          data-testid={`${testId}-${format}`}
        >
          {t(`insight.export.${format}`)}
        </Button>
      ))}
    </>
  );
}

/** A change on last year: ↑ in green for growth, ↓ in red for a fall, 0 in grey. */
export function Change({ value, rate }: { value: number; rate?: number | null }) {
  const { t } = useTranslation();
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  const up = value > 0;
  const pct = rate === null || rate === undefined ? null : `${up ? '+' : ''}${(rate * 100).toFixed(1)}%`;
  return (
    <span
      style={{ color: up ? '#389e0d' : '#cf1322', whiteSpace: 'nowrap' }}
      title={up ? t('insight.change.up') : t('insight.change.down')}
      data-testid="change"
      data-direction={up ? 'up' : 'down'}
    >
      {up ? '↑' : '↓'} {Math.abs(value)}
      {pct ? <span style={{ fontSize: 12, marginInlineStart: 4 }}>({pct})</span> : null}
    </span>
  );
}

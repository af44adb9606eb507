import { api, type WarningColor, type WarningItem, warningColors } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Flex, Segmented, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../api/queries';
import { DataTable, QueryError } from '../../../components/DataTable';
import { PageContainer } from '../../../components/PageContainer';
import { usePagination } from '../../../components/paged/usePagination';
import { colorLabel, count, levelLabel, percent, ratioText } from '../format';
import { WarningReasons, WarningTag } from '../shared';
import { ReportFilters, TableCard, useScopeFilters } from './ReportParts';
import { RulesCard } from './RulesCard';
import { reportFilters, useReportState } from './reportState';

const filterKeys = ['level', 'schoolOrgId', 'consortiumId', 'q', 'color'] as const;
const isColor = (v: string | undefined): v is WarningColor => !!v && (warningColors as readonly string[]).includes(v);

/**
 * 专业预警: majors by colour (red first) with every reason and the placement rates behind it; the
 * rules below (officials edit them: threshold, years, level, enabled).
 */
export default function WarningsPage() {
  return <WarningsReport />;
}

function WarningsReport() {
  const { t } = useTranslation();
  const state = useReportState(filterKeys);
  const color = isColor(state.values.color) ? state.values.color : undefined;
  const filterDefs = useScopeFilters(['level', 'schoolOrgId', 'consortiumId']);
  const filters = reportFilters(state, ['level', 'schoolOrgId', 'consortiumId', 'q'] as const);
  const list = useApiQuery(
    api.majorWarnings,
    { query: { ...filters, color, page: state.page, pageSize: state.pageSize } },
    { placeholderData: keepPreviousData },
  );
  const pagination = usePagination(state, list.data?.total);
  const counts = list.data?.counts;
  const showSchool = (list.data?.items ?? []).some((w) => w.schoolName);

  const columns: ColumnsType<WarningItem> = [
    {
      title: t('insight.students.major'),
      dataIndex: 'majorCode',
      render: (code: string, w) => (
        <div style={{ minWidth: 130, maxWidth: 220, whiteSpace: 'normal' }}>
          {w.majorName}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            <span className="mono">{code}</span>
            {w.className ? ` · ${w.className}` : ''}
            {w.level ? ` · ${levelLabel(w.level)}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    ...(showSchool
      ? [
          {
            title: t('insight.students.school'),
            dataIndex: 'schoolName',
            render: (v: string | null) => (
              <div style={{ minWidth: 120, maxWidth: 200, whiteSpace: 'normal' }}>{v ?? '—'}</div>
            ),
          },
        ]
      : []),
    { title: t('insight.fit.warning'), key: 'color', render: (_, w) => <WarningTag warning={w} /> },
    {
      title: t('insight.warnings.reasons'),
      key: 'reasons',
      render: (_, w) => (
        <div style={{ minWidth: 240, maxWidth: 440 }}>
          <WarningReasons warning={w} />
        </div>
      ),
    },
    {
      title: t('insight.warnings.rates'),
      dataIndex: 'placementRates',
      render: (rates: WarningItem['placementRates']) => (
        <Flex vertical gap={0} style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {rates.map((r) => (
            <span key={r.year}>{t('insight.yearRate', { year: r.year, rate: percent(r.rate) })}</span>
          ))}
        </Flex>
      ),
    },
    { title: t('insight.fit.graduates'), dataIndex: 'graduates', align: 'right', render: count },
    { title: t('insight.fit.demand'), dataIndex: 'demandHeadCount', align: 'right', render: count },
    { title: t('insight.fit.ratio'), dataIndex: 'ratio', align: 'right', render: (v: number | null) => ratioText(v) },
  ];

  const colourOptions = [
    {
      value: 'all',
      label: t('insight.warnings.all', { count: counts ? counts.red + counts.yellow + counts.green : 0 }),
    },
    ...warningColors.map((c) => ({ value: c, label: `${colorLabel(c)} ${counts ? counts[c] : ''}` })),
  ];

  return (
    <PageContainer title={t('insight.menu.warnings')}>
      <ReportFilters state={state} filters={filterDefs} searchPlaceholder={t('insight.fit.search')} />
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented
          options={colourOptions}
          value={color ?? 'all'}
          onChange={(v) => state.set({ color: v === 'all' ? undefined : String(v) })}
          data-testid="warnings-color"
        />
      </div>
      <QueryError query={list} retry />
      <TableCard style={{ marginBottom: 16 }}>
        <DataTable<WarningItem>
          rowKey={(w) => `${w.schoolOrgId ?? ''}-${w.majorCode}-${w.level ?? ''}`}
          columns={columns}
          dataSource={list.data?.items ?? []}
          query={list}
          pagination={pagination}
          emptyText={t('insight.warnings.empty')}
          testId="warnings-table"
        />
      </TableCard>
      <RulesCard />
    </PageContainer>
  );
}

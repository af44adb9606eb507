import { api, hasPermission, type WarningColor, type WarningItem, warningColors } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Grid, Segmented, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../api/queries';
import { useMe } from '../../../api/session';
import { PageContainer } from '../../../components/PageContainer';
import { FilterBar, type FilterDef } from '../../../components/paged/FilterBar';
import { useErrorText } from '../../../components/useShowError';
import { colorLabel, count, levelLabel, levelOptions, percent, ratioText, yearOptions } from '../format';
import { useConsortiumOptions, useSchoolOptions, WarningReasons, WarningTag, YearSelect } from '../shared';
import { RulesCard } from './RulesCard';
import { reportFilters, useReportPagination, useReportState } from './reportState';

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
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const me = useMe().data!.user;
  const isSchoolUser = me.roles.includes('school');
  const state = useReportState(filterKeys);
  const color = isColor(state.values.color) ? state.values.color : undefined;
  const consortia = useConsortiumOptions(hasPermission(me, 'consortium.read'));
  const schools = useSchoolOptions(!isSchoolUser && hasPermission(me, 'org.read'));
  const filters = reportFilters(state, ['level', 'schoolOrgId', 'consortiumId', 'q'] as const);
  const list = useApiQuery(
    api.majorWarnings,
    { query: { ...filters, color, page: state.page, pageSize: state.pageSize } },
    { placeholderData: keepPreviousData },
  );
  const pagination = useReportPagination(state, list.data?.total);
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

  const filterDefs: FilterDef[] = [
    { kind: 'select', key: 'level', placeholder: t('insight.students.level'), options: levelOptions(), width: 130 },
    ...(schools.length > 0
      ? [
          {
            kind: 'select' as const,
            key: 'schoolOrgId',
            placeholder: t('insight.filters.school'),
            options: schools,
            search: true,
            width: 240,
          },
        ]
      : []),
    ...(consortia.length > 0
      ? [
          {
            kind: 'select' as const,
            key: 'consortiumId',
            placeholder: t('insight.filters.consortium'),
            options: consortia,
            search: true,
            width: 260,
          },
        ]
      : []),
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
      <Flex wrap gap={8} className="paged-table-toolbar">
        <YearSelect value={state.year} onChange={(year) => state.set({ year })} options={yearOptions()} />
        <FilterBar state={state} filters={filterDefs} searchPlaceholder={t('insight.fit.search')} />
      </Flex>
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented
          options={colourOptions}
          value={color ?? 'all'}
          onChange={(v) => state.set({ color: v === 'all' ? undefined : String(v) })}
          data-testid="warnings-color"
        />
      </div>
      {list.isError && (
        <Alert
          type="error"
          showIcon
          title={errorText(list.error)}
          action={
            <Button size="small" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small" styles={{ body: { padding: screens.md ? 12 : 4 } }} style={{ marginBottom: 16 }}>
        <Table<WarningItem>
          rowKey={(w) => `${w.schoolOrgId ?? ''}-${w.majorCode}-${w.level ?? ''}`}
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={pagination}
          scroll={{ x: 'max-content' }}
          size={screens.md ? 'middle' : 'small'}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={list.isLoading ? t('common.loading') : t('insight.warnings.empty')}
              />
            ),
          }}
          data-testid="warnings-table"
        />
      </Card>
      <RulesCard />
    </PageContainer>
  );
}

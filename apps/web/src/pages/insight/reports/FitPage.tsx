import { api, type FitClassRow, type FitFigures, type FitMajorRow, type FitSort, fitSorts } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Card, Col, Flex, Grid, Row, Statistic, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../api/queries';
import { download } from '../../../api/request';
import { HorizontalBars } from '../../../charts/HorizontalBars';
import { DataTable, QueryError } from '../../../components/DataTable';
import { PageContainer } from '../../../components/PageContainer';
import type { FilterDef } from '../../../components/paged/FilterBar';
import { usePagination } from '../../../components/paged/usePagination';
import { count, levelLabel, percent, ratioText, warningTagColor } from '../format';
import { ExportButtons, WarningReasons, WarningTag } from '../shared';
import { ReportFilters, ReportNotes, TableCard, useScopeFilters } from './ReportParts';
import { reportFilters, useReportState } from './reportState';

const filterKeys = ['level', 'schoolOrgId', 'consortiumId', 'q', 'sort', 'tab'] as const;
const chartSize = 12;

const isSort = (v: string | undefined): v is FitSort => !!v && (fitSorts as readonly string[]).includes(v);

/** The figures every row of the report shares, as columns. */
function useFigureColumns<R extends FitFigures>(): ColumnsType<R> {
  const { t } = useTranslation();
  return [
    { title: t('insight.fit.graduates'), dataIndex: 'graduates', align: 'right', render: count },
    {
      title: t('insight.fit.enrollment'),
      key: 'enrollment',
      align: 'right',
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {count(r.enrollmentPlanned)} / {count(r.enrollmentActual)}
        </span>
      ),
    },
    {
      title: t('insight.fit.demand'),
      key: 'demand',
      align: 'right',
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {count(r.demandHeadCount)}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
            {t('insight.fit.jobsShort', { count: r.demandJobs })}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('insight.fit.ratio'),
      dataIndex: 'ratio',
      align: 'right',
      render: (v: number | null, r) =>
        v === null && r.ratioNote ? (
          <Tooltip title={r.ratioNote}>
            <Typography.Text type="secondary" style={{ cursor: 'help' }}>
              —
            </Typography.Text>
          </Tooltip>
        ) : (
          ratioText(v)
        ),
    },
    {
      title: t('insight.fit.placement'),
      dataIndex: 'placementRate',
      align: 'right',
      render: (v: number | null) => percent(v),
    },
  ];
}

/**
 * 专业结构与产业结构匹配状况报告: per major and per 专业类, supply (graduates, enrollment planned /
 * actual) against the demand open to it, the ratio, 去向落实率 and the 红/黄/绿 warning with its
 * reasons (hover the tag, or expand the row); a chart of the biggest majors; xlsx and PDF.
 */
export default function FitPage() {
  return <FitReport />;
}

function FitReport() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const state = useReportState(filterKeys);
  // Warnings first by default: the majors that need attention open the report.
  const sort: FitSort = isSort(state.values.sort) ? state.values.sort : 'warning';
  const tab = state.values.tab === 'classes' ? 'classes' : 'majors';
  const scopeFilters = useScopeFilters(['level', 'schoolOrgId', 'consortiumId']);
  const filters = reportFilters(state, ['level', 'schoolOrgId', 'consortiumId', 'q'] as const);
  const report = useApiQuery(
    api.majorFit,
    { query: { ...filters, sort, page: state.page, pageSize: state.pageSize } },
    { placeholderData: keepPreviousData },
  );
  const top = useApiQuery(
    api.majorFit,
    { query: { ...filters, sort: 'supply', page: 1, pageSize: chartSize } },
    { placeholderData: keepPreviousData },
  );
  const colours = useApiQuery(
    api.majorWarnings,
    { query: { ...filters, pageSize: 1 } },
    { placeholderData: keepPreviousData },
  );
  const pagination = usePagination(state, report.data?.total);
  const figureColumns = useFigureColumns<FitMajorRow>();
  const classFigureColumns = useFigureColumns<FitClassRow>();
  const data = report.data;

  const chart = useMemo(() => {
    const items = top.data?.items ?? [];
    return {
      categories: items.map((r) => r.majorName),
      series: [
        { name: t('insight.fit.graduates'), values: items.map((r) => r.graduates), color: '#1677ff' },
        { name: t('insight.fit.planned'), values: items.map((r) => r.enrollmentPlanned), color: '#91caff' },
        { name: t('insight.fit.demand'), values: items.map((r) => r.demandHeadCount), color: '#fa8c16' },
      ],
    };
  }, [top.data, t]);

  const majorColumns: ColumnsType<FitMajorRow> = [
    {
      title: t('insight.students.major'),
      dataIndex: 'majorCode',
      render: (code: string, r) => (
        <div style={{ minWidth: 130, maxWidth: 220, whiteSpace: 'normal' }}>
          {r.majorName}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            <span className="mono">{code}</span>
            {r.className ? ` · ${r.className}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('insight.students.level'), dataIndex: 'level', render: (v: string | null) => levelLabel(v) },
    ...figureColumns,
    {
      title: t('insight.fit.warning'),
      key: 'warning',
      render: (_, r) => <WarningTag warning={r.warning} />,
    },
  ];
  const classColumns: ColumnsType<FitClassRow> = [
    {
      title: t('insight.fit.class'),
      dataIndex: 'classCode',
      render: (code: string, r) => (
        <div style={{ minWidth: 130, maxWidth: 220, whiteSpace: 'normal' }}>
          {r.className}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            <span className="mono">{code}</span>
            {r.categoryName ? ` · ${r.categoryName}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('insight.fit.majors'), dataIndex: 'majors', align: 'right' },
    ...classFigureColumns,
    {
      title: t('insight.fit.warningCounts'),
      dataIndex: 'warningCounts',
      render: (c: FitClassRow['warningCounts']) => (
        <Flex gap={4}>
          {(['red', 'yellow', 'green'] as const).map((k) => (
            <Tag key={k} color={c[k] ? warningTagColor[k] : undefined} style={{ marginInlineEnd: 0 }}>
              {c[k]}
            </Tag>
          ))}
        </Flex>
      ),
    },
  ];

  const filterDefs: FilterDef[] = [
    ...scopeFilters,
    {
      kind: 'select',
      key: 'sort',
      placeholder: t('insight.fit.sort.warning'),
      options: fitSorts.map((s) => ({ value: s, label: t(`insight.fit.sort.${s}`) })),
      width: 150,
    },
  ];

  const totals = data?.totals;
  const counts = colours.data?.counts;
  const stat = (title: string, value: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small">
        <Statistic title={title} value={value} />
      </Card>
    </Col>
  );

  return (
    <PageContainer
      title={t('insight.menu.fit')}
      extra={
        <ExportButtons
          testId="fit-export"
          run={(format) =>
            download(
              api.exportMajorFit,
              { query: { ...filters, sort, format } },
              `${t('insight.fit.fileName', { year: state.year })}.${format}`,
            )
          }
        />
      }
    >
      <ReportFilters state={state} filters={filterDefs} searchPlaceholder={t('insight.fit.search')} />
      <QueryError query={report} retry />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {stat(t('insight.fit.graduates'), totals ? count(totals.graduates) : '—')}
        {stat(t('insight.fit.placement'), percent(totals?.placementRate))}
        {stat(
          t('insight.fit.enrollment'),
          totals ? `${count(totals.enrollmentPlanned)} / ${count(totals.enrollmentActual)}` : '—',
        )}
        {stat(t('insight.fit.demand'), totals ? count(totals.demandHeadCount) : '—')}
        {stat(t('insight.fit.ratio'), ratioText(totals?.ratio))}
        <Col xs={12} md={8} xl={4}>
          <Card size="small" data-testid="fit-counts">
            <Typography.Text type="secondary">{t('insight.fit.warningCounts')}</Typography.Text>
            <Flex gap={4} style={{ marginTop: 8 }}>
              {(['red', 'yellow', 'green'] as const).map((k) => (
                <Tag
                  key={k}
                  color={warningTagColor[k]}
                  style={{ fontSize: 16, padding: '2px 8px' }}
                  data-testid={`fit-count-${k}`}
                >
                  {counts ? counts[k] : '—'}
                </Tag>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        <span data-testid="fit-scope">{t('insight.scopeIs', { scope: data?.scopeLabel ?? '—' })}</span>
      </Typography.Paragraph>
      <Card
        size="small"
        title={t('insight.fit.chartTitle', { count: chartSize })}
        style={{ marginBottom: 12 }}
        data-testid="fit-chart-card"
      >
        <HorizontalBars
          categories={chart.categories}
          series={chart.series}
          emptyText={t('insight.fit.empty')}
          testId="fit-chart"
        />
      </Card>
      <TableCard>
        <Tabs
          activeKey={tab}
          onChange={(k) => state.set({ tab: k === 'majors' ? undefined : k, page: 1 })}
          items={[
            {
              key: 'majors',
              label: t('insight.fit.byMajor'),
              children: (
                <DataTable<FitMajorRow>
                  rowKey={(r) => `${r.majorCode}-${r.level ?? ''}`}
                  columns={majorColumns}
                  dataSource={data?.items ?? []}
                  query={report}
                  pagination={pagination}
                  expandable={{
                    rowExpandable: (r) => r.warning.reasons.length + r.warning.notes.length > 0,
                    expandedRowRender: (r) => <WarningReasons warning={r.warning} />,
                  }}
                  emptyText={t('insight.fit.empty')}
                  testId="fit-table"
                />
              ),
            },
            {
              key: 'classes',
              label: t('insight.fit.byClass'),
              children: (
                <DataTable<FitClassRow>
                  rowKey={(r) => `${r.classCode}-${r.level ?? ''}`}
                  columns={classColumns}
                  dataSource={data?.classes ?? []}
                  query={report}
                  pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, simple: !screens.sm }}
                  emptyText={t('insight.fit.empty')}
                  testId="fit-class-table"
                />
              ),
            },
          ]}
        />
      </TableCard>
      <ReportNotes notes={data?.notes} />
    </PageContainer>
  );
}

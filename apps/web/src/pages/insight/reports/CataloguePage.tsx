import {
  api,
  type CatalogueGroupBy,
  type CatalogueRow,
  catalogueGroupBys,
  type DemandFigures,
} from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
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
import { count, groupByLabel, levelLabel } from '../format';
import { Change, ExportButtons } from '../shared';
import { ReportFilters, ReportNotes, TableCard, useScopeFilters } from './ReportParts';
import { reportFilters, useReportState } from './reportState';

type Dim = 'cluster' | 'occupation' | 'district' | 'level' | 'major';
const dimsOf: Record<CatalogueGroupBy, readonly Dim[]> = {
  full: ['cluster', 'occupation', 'district', 'level'],
  cluster_occupation: ['cluster', 'occupation'],
  cluster: ['cluster'],
  occupation: ['occupation'],
  district: ['district'],
  level: ['level'],
  major: ['major'],
};
const filterKeys = ['consortiumId', 'groupBy', 'q'] as const;

function isGroupBy(v: string | undefined): v is CatalogueGroupBy {
  return !!v && (catalogueGroupBys as readonly string[]).includes(v);
}

/** A name over its code; 未标注 (or 不限专业) for a row without a value in that dimension. */
function Coded({ name, code, none }: { name: string | null; code: string | null; none: string }) {
  if (!code && !name) return <Typography.Text type="secondary">{none}</Typography.Text>;
  return (
    <div style={{ minWidth: 96, maxWidth: 220, whiteSpace: 'normal' }}>
      {name ?? code}
      {code && name && (
        <Typography.Text type="secondary" className="mono" style={{ display: 'block', fontSize: 12 }}>
          {code}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * 人才需求目录 for a year: published demand by 33618 cluster × occupation × district × minimum level
 * (or a coarser view), with last year and the change; a bar chart of demand by cluster; xlsx and PDF.
 */
export default function CataloguePage() {
  const { t } = useTranslation();
  const state = useReportState(filterKeys);
  const groupBy: CatalogueGroupBy = isGroupBy(state.values.groupBy) ? state.values.groupBy : 'full';
  const scopeFilters = useScopeFilters(['consortiumId']);
  const filters = reportFilters(state, ['consortiumId', 'q'] as const);
  const query = { ...filters, groupBy, page: state.page, pageSize: state.pageSize };
  const report = useApiQuery(api.demandCatalogue, { query }, { placeholderData: keepPreviousData });
  const byCluster = useApiQuery(
    api.demandCatalogue,
    { query: { year: state.year, consortiumId: filters.consortiumId, groupBy: 'cluster', pageSize: 50 } },
    { placeholderData: keepPreviousData },
  );
  const pagination = usePagination(state, report.data?.total);
  const data = report.data;

  const chart = useMemo(() => {
    const items = [...(byCluster.data?.items ?? [])].sort((a, b) => b.headCount - a.headCount);
    return {
      categories: items.map((r) => r.clusterName ?? t('insight.catalogue.unlabelled')),
      series: [
        { name: t('insight.catalogue.headCountOf', { year: state.year }), values: items.map((r) => r.headCount) },
        {
          name: t('insight.catalogue.headCountOf', { year: state.year - 1 }),
          values: items.map((r) => r.prevHeadCount),
          color: '#bfbfbf',
        },
      ],
    };
  }, [byCluster.data, state.year, t]);

  const none = t('insight.catalogue.unlabelled');
  const dimColumns: Record<Dim, ColumnsType<CatalogueRow>[number]> = {
    cluster: {
      title: t('insight.catalogue.cluster'),
      key: 'cluster',
      render: (_, r) => <Coded name={r.clusterName} code={r.clusterCode} none={none} />,
    },
    occupation: {
      title: t('insight.catalogue.occupation'),
      key: 'occupation',
      render: (_, r) => <Coded name={r.occupationName} code={r.occupationCode} none={none} />,
    },
    district: {
      title: t('insight.catalogue.district'),
      key: 'district',
      render: (_, r) => <Coded name={r.districtName} code={null} none={none} />,
    },
    level: {
      title: t('insight.catalogue.level'),
      key: 'level',
      render: (_, r) =>
        r.minLevel ? levelLabel(r.minLevel) : <Typography.Text type="secondary">{none}</Typography.Text>,
    },
    major: {
      title: t('insight.catalogue.major'),
      key: 'major',
      render: (_, r) => (
        <div style={{ minWidth: 120, maxWidth: 240, whiteSpace: 'normal' }}>
          <Coded name={r.majorName} code={r.majorCode} none={t('insight.catalogue.anyMajor')} />
          {r.majorClassName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.majorClassName}
            </Typography.Text>
          )}
        </div>
      ),
    },
  };
  const columns: ColumnsType<CatalogueRow> = [
    ...dimsOf[groupBy].map((d) => dimColumns[d]),
    {
      title: t('insight.catalogue.headCount'),
      dataIndex: 'headCount',
      align: 'right',
      render: (v: number) => <strong>{count(v)}</strong>,
    },
    { title: t('insight.catalogue.prevHeadCount'), dataIndex: 'prevHeadCount', align: 'right', render: count },
    {
      title: t('insight.catalogue.change'),
      dataIndex: 'headCountChange',
      align: 'right',
      render: (v: number, r) => <Change value={v} rate={r.headCountChangeRate} />,
    },
    { title: t('insight.catalogue.jobs'), dataIndex: 'jobs', align: 'right', render: count },
    { title: t('insight.catalogue.prevJobs'), dataIndex: 'prevJobs', align: 'right', render: count },
  ];

  const filterDefs: FilterDef[] = [
    ...scopeFilters,
    {
      kind: 'select',
      key: 'groupBy',
      placeholder: groupByLabel('full'),
      options: catalogueGroupBys.map((g) => ({ value: g, label: groupByLabel(g) })),
      width: 240,
    },
  ];

  const totals = data?.totals;
  const stat = (title: string, f: DemandFigures | undefined, pick: 'headCount' | 'jobs') => (
    <Col xs={12} md={6}>
      <Card size="small">
        <Statistic title={title} value={f ? f[pick] : '—'} />
        {f && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('insight.catalogue.vsLastYear', { value: pick === 'headCount' ? f.prevHeadCount : f.prevJobs })}{' '}
            <Change value={pick === 'headCount' ? f.headCountChange : f.jobsChange} />
          </Typography.Text>
        )}
      </Card>
    </Col>
  );

  return (
    <PageContainer
      title={t('insight.menu.catalogue')}
      extra={
        <ExportButtons
          testId="catalogue-export"
          run={(format) =>
            download(
              api.exportDemandCatalogue,
              { query: { ...filters, groupBy, format } },
              `${t('insight.catalogue.fileName', { year: state.year })}.${format}`,
            )
          }
        />
      }
    >
      <ReportFilters state={state} filters={filterDefs} searchPlaceholder={t('insight.catalogue.search')} />
      <QueryError query={report} retry />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {stat(t('insight.catalogue.headCountOf', { year: state.year }), totals, 'headCount')}
        {stat(t('insight.catalogue.jobsOf', { year: state.year }), totals, 'jobs')}
        <Col xs={24} md={12}>
          <Card size="small" style={{ height: '100%' }}>
            <Typography.Text type="secondary">{t('insight.scope')}</Typography.Text>
            <div data-testid="catalogue-scope">{data?.scopeLabel ?? '—'}</div>
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('insight.catalogue.chartTitle', { year: state.year })}
        style={{ marginBottom: 12 }}
        data-testid="catalogue-chart-card"
      >
        <HorizontalBars
          categories={chart.categories}
          series={chart.series}
          emptyText={t('insight.catalogue.empty')}
          testId="catalogue-chart"
        />
      </Card>
      <TableCard>
        <DataTable<CatalogueRow>
          rowKey="key"
          columns={columns}
          dataSource={data?.items ?? []}
          query={report}
          pagination={pagination}
          emptyText={t('insight.catalogue.empty')}
          testId="catalogue-table"
        />
      </TableCard>
      <ReportNotes notes={data?.notes} />
    </PageContainer>
  );
}

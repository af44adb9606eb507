import { ArrowLeftOutlined, FormOutlined } from '@ant-design/icons';
import {
  api,
  hasPermission,
  type KpiBreakdownItem,
  type KpiDetail,
  type KpiDrillDimension,
  kpiDrillDimensions,
} from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { useMe } from '../../api/session';
import { HorizontalBars } from '../../charts/HorizontalBars';
import { DataTable, QueryError } from '../../components/DataTable';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { usePagedQuery } from '../../components/paged/usePagedQuery';
import { usePagination } from '../../components/paged/usePagination';
import {
  dimensionLabel,
  formatValue,
  SourceKindTag,
  StatusTag,
  statusHex,
  thisYear,
  withUnit,
  YearSelect,
} from './shared';
import { TrajectoryChart } from './TrajectoryChart';

const comparatorText = (c: string) => (c === '>=' ? '≥' : c === '<=' ? '≤' : c === '~' ? '≈' : c);

/**
 * One KPI: its definition (source clause, formula, targets per year), the current value against
 * the target and trajectory, the trajectory chart, the drill-down by level / consortium /
 * district / cluster where the formula offers it, and the records behind the number.
 */
export default function KpiDetailPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const state = usePagedQuery(['year', 'by', 'key']);
  const year = Number(state.values.year) || thisYear();
  const by = (kpiDrillDimensions as readonly string[]).includes(state.values.by ?? '')
    ? (state.values.by as KpiDrillDimension)
    : undefined;
  // Without a chosen dimension the first one the KPI offers is shown (known once the definition is).
  const base = useApiQuery(api.getKpi, { params: { code }, query: { year } }, { placeholderData: keepPreviousData });
  const dims = base.data?.dimensions ?? [];
  const activeBy = by && dims.includes(by) ? by : dims[0];
  const drill = useApiQuery(
    api.getKpi,
    { params: { code }, query: { year, by: activeBy } },
    { enabled: !!activeBy, placeholderData: keepPreviousData },
  );
  const k = base.data;

  return (
    <PageContainer
      title={k ? `${k.id} ${k.name}` : code}
      extra={
        <>
          <YearSelect value={year} onChange={(y) => state.set({ year: y, key: undefined })} />
          <Link to={`/cockpit?year=${year}`}>
            <Button icon={<ArrowLeftOutlined />}>{t('cockpit.detail.back')}</Button>
          </Link>
        </>
      }
    >
      <QueryError query={base} retry />
      {!k ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Flex vertical gap={16} data-testid="kpi-detail">
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Definition kpi={k} />
            </Col>
            <Col xs={24} xl={10}>
              <Current kpi={k} />
            </Col>
          </Row>
          <Card size="small" title={t('cockpit.detail.trajectory')}>
            <TrajectoryChart kpi={k} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('cockpit.detail.statusRules')}
            </Typography.Paragraph>
          </Card>
          {k.sourceKind === 'returns' ? <ReturnsCard kpi={k} /> : null}
          {k.sourceKind === 'awaiting' ? (
            <Alert type="info" showIcon title={t('cockpit.detail.awaitingNote')} data-testid="kpi-awaiting-note" />
          ) : (
            <>
              {dims.length > 0 && activeBy ? (
                <Card size="small" title={t('cockpit.detail.drill')} data-testid="kpi-drill">
                  <Tabs
                    activeKey={activeBy}
                    onChange={(v) => state.set({ by: v, key: undefined })}
                    items={dims.map((d) => ({ key: d, label: dimensionLabel(d) }))}
                  />
                  <QueryError query={drill} retry />
                  <Breakdown
                    kpi={k}
                    items={drill.data?.breakdown?.by === activeBy ? drill.data.breakdown.items : []}
                    loading={drill.isFetching}
                    selected={state.values.key}
                    onSelect={(key) => state.set({ by: activeBy, key })}
                  />
                </Card>
              ) : null}
              <Records
                code={k.id}
                by={state.values.key ? activeBy : undefined}
                bucket={state.values.key}
                bucketLabel={
                  drill.data?.breakdown?.items.find((i) => i.key === state.values.key)?.label ?? state.values.key
                }
                onClear={() => state.set({ key: undefined })}
              />
            </>
          )}
        </Flex>
      )}
    </PageContainer>
  );
}

function Definition({ kpi: k }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('cockpit.detail.definition')} style={{ height: '100%' }}>
      <Descriptions size="small" column={1} bordered data-testid="kpi-definition">
        <Descriptions.Item label={t('cockpit.kpi.code')}>
          <span className="mono">{k.id}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.scope')}>{k.scope}</Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.source')}>
          {k.sourceTitle}
          <Typography.Text type="secondary">{t('cockpit.kpi.clauseN', { clause: k.clause })}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.targets')}>
          <Flex wrap gap={4} data-testid="kpi-targets">
            {k.targets.map((x) => (
              <Tag key={x.year} style={{ marginInlineEnd: 0 }}>
                {t('cockpit.kpi.targetN', {
                  year: x.year,
                  comparator: comparatorText(k.comparator),
                  target: withUnit(x.target, k.unit),
                })}
              </Tag>
            ))}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.sourceKind')}>
          <SourceKindTag kind={k.sourceKind} module={k.awaitingModule} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.formula')}>
          <div className="pre-wrap" data-testid="kpi-formula">
            {k.formula}
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.section')}>{k.sectionName}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Current({ kpi: k }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  const c = k.current;
  return (
    <Card
      size="small"
      title={t('cockpit.detail.current', { year: c.year })}
      extra={<StatusTag status={c.status} testId="detail-status" />}
      style={{ height: '100%', borderTop: `3px solid ${statusHex[c.status]}` }}
    >
      <div style={{ marginBottom: 12 }}>
        <span className="kpi-value" style={{ fontSize: 32 }} data-testid="detail-value">
          {k.sourceKind === 'awaiting'
            ? t('cockpit.kpi.awaitingShort')
            : c.value == null
              ? t('cockpit.kpi.noValue')
              : formatValue(c.value)}
        </span>
        {c.value != null ? <span className="kpi-unit"> {k.unit}</span> : null}
        {k.isShare && c.numerator != null && c.denominator != null ? (
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }} data-testid="detail-fraction">
            （{formatValue(c.numerator)} / {formatValue(c.denominator)}）
          </Typography.Text>
        ) : null}
      </div>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('cockpit.kpi.target')}>
          {c.target == null
            ? '—'
            : t('cockpit.kpi.targetOf', {
                comparator: comparatorText(k.comparator),
                target: withUnit(c.target, k.unit),
                year: c.targetYear,
              })}
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.trajectory')}>{withUnit(c.trajectory, k.unit)}</Descriptions.Item>
        <Descriptions.Item label={t('cockpit.kpi.forecast')}>
          {c.forecast == null
            ? t('cockpit.kpi.noForecast')
            : t('cockpit.kpi.forecastAt', { value: withUnit(c.forecast, k.unit), year: c.targetYear })}
        </Descriptions.Item>
        {c.valueYear != null && k.sourceKind === 'returns' ? (
          <Descriptions.Item label={t('cockpit.kpi.valueYear')}>
            {t('cockpit.common.yearN', { year: c.valueYear })}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('cockpit.kpi.computedAt')}>{formatTime(c.computedAt, true)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 统计填报 KPIs: the approved figure per year and a way to the returns page. */
function ReturnsCard({ kpi: k }: { kpi: KpiDetail }) {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const rows = [...k.returns].sort((a, b) => b.year - a.year);
  return (
    <Card
      size="small"
      title={t('cockpit.detail.approvedReturns')}
      extra={
        hasPermission(me, 'kpi.return') ? (
          <Link to={`/cockpit/returns?kpiCode=${k.id}`}>
            <Button size="small" icon={<FormOutlined />} data-testid="kpi-goto-returns">
              {t('cockpit.detail.gotoReturns')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={rows}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.detail.noReturns')} />,
        }}
        columns={[
          { title: t('cockpit.common.year'), dataIndex: 'year' },
          { title: t('cockpit.kpi.value'), dataIndex: 'value', render: (v: number) => withUnit(v, k.unit) },
          { title: t('cockpit.returns.org'), dataIndex: 'orgName', render: (v: string | null) => v ?? '—' },
        ]}
        data-testid="kpi-returns"
      />
    </Card>
  );
}

function Breakdown({
  kpi: k,
  items,
  loading,
  selected,
  onSelect,
}: {
  kpi: KpiDetail;
  items: readonly KpiBreakdownItem[];
  loading: boolean;
  selected: string | undefined;
  onSelect: (key: string) => void;
}) {
  const { t } = useTranslation();
  const sorted = [...items].sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const columns: ColumnsType<KpiBreakdownItem> = [
    { title: t('cockpit.detail.bucket'), dataIndex: 'label' },
    {
      title: t('cockpit.kpi.value'),
      dataIndex: 'value',
      render: (v: number | null) => withUnit(v, k.unit),
    },
    ...(k.isShare
      ? [
          {
            title: t('cockpit.detail.fraction'),
            key: 'fraction',
            render: (_: unknown, r: KpiBreakdownItem) =>
              r.numerator == null || r.denominator == null
                ? '—'
                : `${formatValue(r.numerator)} / ${formatValue(r.denominator)}`,
          },
        ]
      : []),
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, r: KpiBreakdownItem) => (
        <Button
          type="link"
          size="small"
          disabled={r.key === selected}
          onClick={() => onSelect(r.key)}
          data-testid="drill-records"
        >
          {t('cockpit.detail.showRecords')}
        </Button>
      ),
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <HorizontalBars
          categories={sorted.map((i) => i.label)}
          series={[{ name: `${k.name}（${k.unit}）`, values: sorted.map((i) => i.value), color: '#1677ff' }]}
          emptyText={t('cockpit.detail.noBreakdown')}
          testId="kpi-breakdown-chart"
        />
      </Col>
      <Col xs={24} lg={12}>
        <DataTable<KpiBreakdownItem>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={sorted}
          query={{ isLoading: loading && items.length === 0, isFetching: loading }}
          emptyText={t('cockpit.detail.noBreakdown')}
          pagination={sorted.length > 10 ? { pageSize: 10, size: 'small' } : false}
          rowClassName={(r) => (r.key === selected ? 'ant-table-row-selected' : '')}
          testId="kpi-breakdown"
        />
      </Col>
    </Row>
  );
}

const timestamp = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;
const decimal = /^-?\d+\.\d+$/;

/** A record cell: timestamps in local time, decimals trimmed (3.0000 → 3); years and codes as they are. */
function cellText(v: string | number | null): string {
  if (v == null || v === '') return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatValue(v);
  if (timestamp.test(v)) return formatTime(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  if (decimal.test(v)) return String(Math.round(Number(v) * 100) / 100);
  return v;
}

/** The records behind the number (or behind one drill-down bucket), paged, linking into their pages. */
function Records({
  code,
  by,
  bucket,
  bucketLabel,
  onClear,
}: {
  code: string;
  by: KpiDrillDimension | undefined;
  bucket: string | undefined;
  bucketLabel: string | undefined;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const state = usePagedQuery(['year', 'by', 'key']);
  const records = useApiQuery(
    api.kpiRecords,
    { params: { code }, query: { page: state.page, pageSize: state.pageSize, by, key: bucket } },
    { placeholderData: keepPreviousData },
  );
  const pagination = usePagination(state, records.data?.total);
  type Row = Record<string, string | number | null>;
  const cols = records.data?.columns ?? [];
  const columns: ColumnsType<Row> = cols.map((c, i) => ({
    title: c.title,
    dataIndex: c.key,
    render: (v: string | number | null, r: Row) => {
      const text = cellText(v);
      return i === 0 && typeof r.link === 'string' ? (
        <Link to={r.link} data-testid="record-link">
          {text}
        </Link>
      ) : (
        text
      );
    },
  }));
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center" wrap>
          {t('cockpit.detail.records')}
          {bucket && by ? (
            <Tag closable onClose={onClear} color="blue" data-testid="records-bucket">
              {dimensionLabel(by)}：{bucketLabel}
            </Tag>
          ) : null}
        </Flex>
      }
      data-testid="kpi-records"
    >
      <QueryError query={records} retry />
      <DataTable<Row>
        rowKey={(r) => String(r.id)}
        columns={columns}
        dataSource={records.data?.items ?? []}
        query={records}
        emptyText={t('cockpit.detail.noRecords')}
        pagination={pagination}
        testId="records-table"
      />
    </Card>
  );
}

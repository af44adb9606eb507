import { DashboardOutlined, ProfileOutlined } from '@ant-design/icons';
import { api, type ConsortiumDashboard, type KpiItem, kpiSourceKindLabels } from '@chanjiao/contracts';
import { Button, Card, Col, Empty, Flex, Result, Row, Select, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { useApiQuery } from '../../api/queries';
import { useMe } from '../../api/session';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { useErrorText } from '../../components/useShowError';
import { ScreenChart, type ScreenChartOption } from './ScreenChart';
import { formatKpiValue, formatNumber, statusTagColor } from './ScreenFormat';

/** The consortia the caller may open (the server lists only those in scope). */
function ConsortiumPicker({ value }: { value: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useApiQuery(api.listConsortia, { query: { pageSize: 200 } }, { staleTime: 5 * 60_000 });
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  return (
    <Select
      showSearch
      optionFilterProp="label"
      value={value}
      loading={list.isLoading}
      placeholder={t('cockpit.consortium.pick')}
      options={options}
      onChange={(id: string) => navigate(`/cockpit/consortium/${id}`)}
      style={{ width: 320, maxWidth: '100%' }}
      data-testid="consortium-picker"
    />
  );
}

function membersOption(d: ConsortiumDashboard): ScreenChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['35%', '50%'],
        label: { show: true, position: 'inside', formatter: '{c}', color: '#fff' },
        data: d.membersByType.map((m) => ({ name: m.label, value: m.count })),
      },
    ],
  };
}

function trendOption(kpis: KpiItem[]): ScreenChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    xAxis: { type: 'time', axisLabel: { formatter: '{MM}-{dd}' } },
    yAxis: { type: 'value', splitLine: { lineStyle: { type: 'dashed' } } },
    series: kpis.map((k) => ({
      type: 'line' as const,
      name: `${k.id} ${k.name.length > 12 ? `${k.name.slice(0, 11)}…` : k.name}`,
      showSymbol: k.spark.length < 3,
      data: k.spark.map((p) => [p.date, p.value]),
    })),
  };
}

function useKpiColumns(): ColumnsType<KpiItem> {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => [
      { title: t('cockpit.consortium.col.id'), dataIndex: 'id', width: 72 },
      {
        title: t('cockpit.consortium.col.name'),
        dataIndex: 'name',
        render: (name: string, k) => (
          <Flex vertical>
            <span>{name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {k.sourceTitle} {k.clause}
            </Typography.Text>
          </Flex>
        ),
      },
      {
        title: t('cockpit.consortium.col.value'),
        key: 'value',
        align: 'right',
        render: (_, k) => (
          <Flex vertical align="end">
            <span data-testid="consortium-kpi-value">{formatKpiValue(k, k.current.value, i18n.language)}</span>
            {k.isShare && k.current.denominator ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatNumber(k.current.numerator, i18n.language)}/{formatNumber(k.current.denominator, i18n.language)}
              </Typography.Text>
            ) : null}
          </Flex>
        ),
      },
      {
        title: t('cockpit.consortium.col.target'),
        key: 'target',
        align: 'right',
        render: (_, k) =>
          k.current.target === null
            ? '—'
            : t('cockpit.consortium.targetOf', {
                target: formatKpiValue(k, k.current.target, i18n.language),
                year: k.current.targetYear,
              }),
      },
      {
        title: t('cockpit.consortium.col.status'),
        key: 'status',
        render: (_, k) => (
          <Tag color={statusTagColor[k.current.status]} data-testid="consortium-kpi-status">
            {k.current.statusLabel}
          </Tag>
        ),
      },
      {
        title: t('cockpit.consortium.col.source'),
        key: 'source',
        render: (_, k) => kpiSourceKindLabels[k.sourceKind],
      },
    ],
    [t, i18n.language],
  );
}

function Dashboard({ d }: { d: ConsortiumDashboard }) {
  const { t, i18n } = useTranslation();
  const columns = useKpiColumns();
  const members = useMemo(() => membersOption(d), [d]);
  const trendKpis = useMemo(() => d.kpis.filter((k) => k.spark.length > 0), [d]);
  const trend = useMemo(() => trendOption(trendKpis), [trendKpis]);
  const p = d.placement;
  const rate = p.graduates > 0 ? Math.round((p.placed / p.graduates) * 1000) / 10 : null;
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]} align="stretch">
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('cockpit.consortium.members')}
              value={d.membersTotal}
              data-testid="consortium-members"
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('cockpit.consortium.jobs')}
              value={d.jobHeadCount}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('cockpit.consortium.postings', { count: d.jobPostings })}
                </Typography.Text>
              }
              data-testid="consortium-jobs"
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={t('cockpit.consortium.students')} value={d.students} data-testid="consortium-students" />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('cockpit.consortium.placement')}
              value={rate ?? '—'}
              suffix={rate === null ? undefined : '%'}
              data-testid="consortium-placement"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.graduates > 0
                ? t('cockpit.consortium.placementOf', {
                    year: p.year,
                    placed: formatNumber(p.placed, i18n.language),
                    graduates: formatNumber(p.graduates, i18n.language),
                  })
                : t('cockpit.consortium.noCohort')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('cockpit.consortium.membersByType')} data-testid="consortium-members-chart">
            {d.membersByType.length ? (
              <ScreenChart option={members} height={260} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.consortium.noMembers')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('cockpit.consortium.trend')} data-testid="consortium-trend">
            {trendKpis.length ? (
              <ScreenChart option={trend} height={260} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.consortium.noTrend')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('cockpit.consortium.kpis')}>
        <Table<KpiItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={d.kpis}
          pagination={d.kpis.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('cockpit.consortium.noKpis') }}
          data-testid="consortium-kpis"
        />
      </Card>
    </Flex>
  );
}

/**
 * 联合体看板: one consortium's figures and its per-consortium KPIs. A secretariat (or council)
 * opening /cockpit/consortium lands on its own consortium; an official picks any.
 */
export default function ConsortiumPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const user = useMe().data?.user;
  const errorText = useErrorText();
  const own = user?.consortiumId ?? null;
  const dashboard = useApiQuery(
    api.consortiumDashboard,
    { params: { id: id ?? '' } },
    { enabled: Boolean(id), refetchInterval: 60_000 },
  );
  if (!id && own) return <Navigate to={`/cockpit/consortium/${own}`} replace />;

  const d = dashboard.data;
  const picker = own ? null : <ConsortiumPicker value={id} />;
  const canRegistry = accessOf(user).can('consortium.read');
  const title = d ? (
    <Flex gap={8} align="center" wrap>
      <span data-testid="consortium-name">{d.consortium.name}</span>
      <Tag color="blue">{d.consortium.levelLabel}</Tag>
      <Tag>{d.consortium.statusLabel}</Tag>
    </Flex>
  ) : (
    t('cockpit.consortium.title')
  );
  const extra = (
    <>
      {picker}
      {d && canRegistry ? (
        <Link to={`/consortia/${d.consortium.id}`}>
          <Button icon={<ProfileOutlined />}>{t('cockpit.consortium.registry')}</Button>
        </Link>
      ) : null}
      <Link to="/cockpit/screen">
        <Button icon={<DashboardOutlined />}>{t('cockpit.consortium.screen')}</Button>
      </Link>
    </>
  );

  return (
    <PageContainer title={title} extra={extra}>
      {d ? (
        <Typography.Text
          type="secondary"
          style={{ display: 'block', marginBottom: 12 }}
          data-testid="consortium-data-time"
        >
          {t('cockpit.consortium.dataTime', { time: d.computedAt ? formatTime(d.computedAt, true) : '—' })}
        </Typography.Text>
      ) : null}
      {!id ? (
        <Empty description={t('cockpit.consortium.pickHint')} data-testid="consortium-pick-hint" />
      ) : dashboard.error ? (
        <Result status="warning" title={errorText(dashboard.error)} data-testid="consortium-error" />
      ) : d ? (
        <Dashboard d={d} />
      ) : (
        <Skeleton active />
      )}
    </PageContainer>
  );
}

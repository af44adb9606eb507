import { FileExcelOutlined, FilePdfOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import {
  api,
  type CockpitOverview,
  type KpiItem,
  type KpiStatus,
  kpiSourceKinds,
  kpiStatuses,
} from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Input, Progress, Row, Select, Skeleton, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { QueryError } from '../../components/DataTable';
import { DownloadButton } from '../../components/ExportButton';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { Sparkline } from './Sparkline';
import {
  briefingMonth,
  cockpitLabel,
  cockpitOptions,
  formatValue,
  SourceKindTag,
  StatusTag,
  statusHex,
  thisYear,
  withUnit,
  YearSelect,
} from './shared';
import './cockpit.css';

/** The URL state of the overview: year, status, source kind, search. */
function useOverviewParams() {
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || thisYear();
  const set = (patch: Record<string, string | number | null | undefined>) =>
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      return next;
    });
  return {
    year,
    status: (sp.get('status') as KpiStatus | null) ?? undefined,
    kind: sp.get('kind') ?? undefined,
    q: sp.get('q') ?? '',
    set,
  };
}

function matches(k: KpiItem, f: { status?: string; kind?: string; q: string }) {
  if (f.status && k.current.status !== f.status) return false;
  if (f.kind && k.sourceKind !== f.kind) return false;
  const q = f.q.trim().toLowerCase();
  if (q && !`${k.id} ${k.name} ${k.scope} ${k.clause}`.toLowerCase().includes(q)) return false;
  return true;
}

/**
 * 驾驶舱总览: every KPI of the seeds grouped by section, for one year — value against target,
 * status, trend and where the figure comes from; a click opens the KPI with its trajectory and
 * drill-down. The monthly briefing downloads from here.
 */
export default function CockpitPage() {
  const { t } = useTranslation();
  const p = useOverviewParams();
  const overview = useApiQuery(api.cockpitOverview, { query: { year: p.year } }, { placeholderData: keepPreviousData });
  const data = overview.data;
  const month = briefingMonth(p.year);

  return (
    <PageContainer
      title={t('cockpit.menu.overview')}
      extra={
        <>
          <YearSelect value={p.year} onChange={(year) => p.set({ year })} />
          <DownloadButton
            icon={<FilePdfOutlined />}
            label={t('cockpit.briefing.pdf')}
            testId="briefing-pdf"
            run={() =>
              download(api.briefingPdf, { query: { month } }, `${t('cockpit.briefing.fileName', { month })}.pdf`)
            }
          />
          <DownloadButton
            icon={<FileExcelOutlined />}
            label={t('cockpit.briefing.xlsx')}
            testId="briefing-xlsx"
            run={() =>
              download(api.briefingXlsx, { query: { month } }, `${t('cockpit.briefing.fileName', { month })}.xlsx`)
            }
          />
          <Link to="/cockpit/screen">
            <Button icon={<FundProjectionScreenOutlined />} data-testid="open-screen">
              {t('cockpit.overview.screen')}
            </Button>
          </Link>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('cockpit.overview.intro')}</Typography.Paragraph>
      <QueryError query={overview} retry />
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Summary data={data} status={p.status} onStatus={(status) => p.set({ status })} />
          <Flex wrap gap={8} style={{ margin: '16px 0 8px' }}>
            <Input.Search
              allowClear
              defaultValue={p.q}
              placeholder={t('cockpit.overview.search')}
              onSearch={(q) => p.set({ q })}
              style={{ width: 260, maxWidth: '100%' }}
              data-testid="cockpit-search"
            />
            <Select
              allowClear
              placeholder={t('cockpit.kpi.status')}
              value={p.status ?? null}
              options={cockpitOptions('status', kpiStatuses)}
              onChange={(v: string | undefined) => p.set({ status: v })}
              style={{ width: 140 }}
              data-testid="filter-status"
            />
            <Select
              allowClear
              placeholder={t('cockpit.kpi.sourceKind')}
              value={p.kind ?? null}
              options={cockpitOptions('sourceKind', kpiSourceKinds)}
              onChange={(v: string | undefined) => p.set({ kind: v })}
              style={{ width: 190 }}
              data-testid="filter-kind"
            />
          </Flex>
          <Sections data={data} filter={p} />
        </>
      )}
    </PageContainer>
  );
}

/** Counts per status (click one to show only its KPIs), the coverage and how fresh the values are. */
function Summary({
  data,
  status,
  onStatus,
}: {
  data: CockpitOverview;
  status: KpiStatus | undefined;
  onStatus: (s: KpiStatus | undefined) => void;
}) {
  const { t } = useTranslation();
  const c = data.coverage;
  return (
    <Card size="small" data-testid="cockpit-summary">
      <div className="cockpit-counts">
        {kpiStatuses.map((s) => {
          const n = data.statusCounts.find((x) => x.status === s)?.count ?? 0;
          const active = status === s;
          return (
            <button
              key={s}
              type="button"
              className={`cockpit-count${active ? ' active' : ''}`}
              style={{ borderColor: active ? statusHex[s] : undefined }}
              onClick={() => onStatus(active ? undefined : s)}
              data-testid={`count-${s}`}
            >
              <span className="cockpit-count-n" style={{ color: statusHex[s] }}>
                {n}
              </span>
              <span className="cockpit-count-label">{cockpitLabel('status', s)}</span>
            </button>
          );
        })}
      </div>
      <Typography.Paragraph
        type="secondary"
        style={{ margin: '10px 0 0', fontSize: 12 }}
        data-testid="cockpit-coverage"
      >
        {t('cockpit.overview.coverage', {
          targets: c.targets,
          rows: c.targetRows,
          defined: c.defined,
          records: c.records,
          returns: c.returns,
          awaiting: c.awaiting,
        })}
        {' · '}
        {t('cockpit.overview.computedAt', { at: formatTime(data.computedAt, true) })}
      </Typography.Paragraph>
    </Card>
  );
}

function Sections({
  data,
  filter,
}: {
  data: CockpitOverview;
  filter: { status?: string; kind?: string; q: string; year: number };
}) {
  const { t } = useTranslation();
  const sections = useMemo(
    () =>
      data.sections
        .map((s) => ({ ...s, kpis: s.kpis.filter((k) => matches(k, filter)) }))
        .filter((s) => s.kpis.length > 0),
    [data, filter],
  );
  if (sections.length === 0)
    return (
      <Card>
        <Empty description={t('cockpit.overview.noMatch')} />
      </Card>
    );
  return (
    <Flex vertical gap={16}>
      {sections.map((s) => (
        <section key={s.code} data-testid={`section-${s.code}`}>
          <Typography.Title level={5} style={{ margin: '8px 0' }}>
            {s.name}
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginInlineStart: 8 }}>
              {t('cockpit.overview.kpiCount', { count: s.kpis.length })}
            </Typography.Text>
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {s.kpis.map((k) => (
              <Col key={k.id} xs={24} sm={12} lg={8} xxl={6}>
                <KpiCard kpi={k} year={filter.year} />
              </Col>
            ))}
          </Row>
        </section>
      ))}
    </Flex>
  );
}

/** How far the value is towards the target, 0–100 (only for "at least / about" targets). */
function progressOf(k: KpiItem): number | null {
  const { value, target } = k.current;
  if (value == null || target == null || target <= 0) return null;
  if (k.comparator !== '>=' && k.comparator !== '~') return null;
  return Math.min(100, Math.round((value / target) * 100));
}

function KpiCard({ kpi: k, year }: { kpi: KpiItem; year: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const c = k.current;
  const progress = progressOf(k);
  const open = () => navigate(`/cockpit/kpis/${k.id}?year=${year}`);
  return (
    <Card
      size="small"
      hoverable
      className="kpi-card"
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
      tabIndex={0}
      data-testid={`kpi-card-${k.id}`}
    >
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong style={{ minWidth: 0 }} ellipsis={{ tooltip: k.name }}>
          <span className="mono kpi-code">{k.id}</span>
          {k.name}
        </Typography.Text>
        <StatusTag status={c.status} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
        {k.scope}
      </Typography.Text>
      {k.sourceKind === 'awaiting' ? (
        <div className="kpi-value-row kpi-awaiting" data-testid="kpi-value">
          {t('cockpit.kpi.awaitingShort')}
        </div>
      ) : (
        <Flex align="baseline" gap={6} wrap className="kpi-value-row">
          <span className={c.value == null ? 'kpi-value kpi-value-none' : 'kpi-value'} data-testid="kpi-value">
            {c.value == null ? t('cockpit.kpi.noValue') : formatValue(c.value)}
          </span>
          {c.value != null ? <span className="kpi-unit">{k.unit}</span> : null}
          {c.target != null ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="kpi-target">
              {t('cockpit.kpi.targetOf', {
                comparator: k.comparator === '~' ? '≈' : k.comparator === '>=' ? '≥' : k.comparator,
                target: withUnit(c.target, k.unit),
                year: c.targetYear,
              })}
            </Typography.Text>
          ) : null}
        </Flex>
      )}
      {progress != null ? (
        <Progress
          percent={progress}
          size="small"
          strokeColor={statusHex[c.status]}
          format={(p) => `${p}%`}
          style={{ margin: 0 }}
        />
      ) : null}
      {k.spark.length >= 2 ? (
        <Sparkline points={k.spark} color={statusHex[c.status]} />
      ) : (
        <div className="kpi-spark-empty">
          {k.sourceKind === 'returns' && c.value == null
            ? t('cockpit.kpi.noApprovedReturn')
            : k.sourceKind === 'awaiting'
              ? ''
              : t('cockpit.kpi.noTrend')}
        </div>
      )}
      <Flex justify="space-between" align="center" gap={6} wrap style={{ marginTop: 4 }}>
        <SourceKindTag kind={k.sourceKind} module={k.awaitingModule} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: k.sourceTitle }}>
          {t('cockpit.kpi.clauseShort', { clause: k.clause })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

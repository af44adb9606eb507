import { CompressOutlined, ExpandOutlined, LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, type CockpitOverview, type KpiItem, type KpiStatus } from '@chanjiao/contracts';
import { Button, Empty, Spin } from 'antd';
import dayjs from 'dayjs';
import { type CSSProperties, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { useErrorText } from '../../components/useShowError';
import { ScreenChart, type ScreenChartOption } from './ScreenChart';
import { completion, formatKpiValue, formatNumber, screenStatusColor } from './ScreenFormat';
import { chongqingMap, type DistrictNames, useChongqingMap } from './ScreenMap';

/** The design size; the whole screen is scaled to fit any window, keeping its proportions. */
const W = 1920;
const H = 1080;
const REFRESH_MS = 30_000;

const cyan = '#3ee0ff';
const text = 'rgba(214,235,255,0.92)';
const muted = 'rgba(160,196,232,0.7)';
const axisLine = 'rgba(120,170,230,0.35)';
const splitLine = 'rgba(120,170,230,0.12)';

const mapMetrics = ['consortia', 'members', 'jobs', 'students'] as const;
type MapMetric = (typeof mapMetrics)[number];

/** The window scale factor for the 1920×1080 canvas. */
function useFitScale(): number {
  const [scale, setScale] = useState(() => Math.min(window.innerWidth / W, window.innerHeight / H));
  useEffect(() => {
    const onResize = () => setScale(Math.min(window.innerWidth / W, window.innerHeight / H));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/** A wall clock ticking each second. */
function useClock(): dayjs.Dayjs {
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(dayjs()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function Panel({
  title,
  extra,
  style,
  testId,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  style?: CSSProperties;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section
      data-testid={testId}
      style={{
        position: 'relative',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        background: 'linear-gradient(180deg, rgba(16,52,110,0.55) 0%, rgba(8,28,66,0.55) 100%)',
        border: '1px solid rgba(62,224,255,0.22)',
        boxShadow: 'inset 0 0 24px rgba(62,160,255,0.12)',
        borderRadius: 4,
        padding: '10px 16px 12px',
        ...style,
      }}
    >
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: 32 }}>
        <h2
          style={{
            margin: 0,
            fontSize: 19,
            fontWeight: 600,
            color: text,
            letterSpacing: 1,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          <span style={{ display: 'inline-block', width: 4, height: 16, background: cyan, marginRight: 10 }} />
          {title}
        </h2>
        {extra}
      </header>
      <div style={{ flex: 1, minHeight: 0, position: 'relative' }}>{children}</div>
    </section>
  );
}

function Counter({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <div
      style={{
        flex: 1,
        textAlign: 'center',
        padding: '10px 8px',
        background: 'linear-gradient(180deg, rgba(20,70,140,0.45), rgba(8,28,66,0.3))',
        border: '1px solid rgba(62,224,255,0.22)',
        borderRadius: 4,
      }}
    >
      <div style={{ color: muted, fontSize: 16 }}>{label}</div>
      <div
        data-testid={testId}
        style={{ color: cyan, fontSize: 38, fontWeight: 700, lineHeight: '48px', fontFamily: 'DIN, Roboto, monospace' }}
      >
        {value}
      </div>
      <div style={{ color: muted, fontSize: 13, height: 18 }}>{sub ?? ''}</div>
    </div>
  );
}

function levelsOption(overview: CockpitOverview, t: (k: string) => string): ScreenChartOption {
  const levels = overview.counters.consortiaByLevel;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0, textStyle: { color: muted, fontSize: 13 } },
    grid: { left: 8, right: 36, top: 30, bottom: 4, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: muted },
      splitLine: { lineStyle: { color: splitLine } },
    },
    // One row per level, the first on top: the long names read on the left.
    yAxis: {
      type: 'category',
      inverse: true,
      data: levels.map((l) => l.label),
      axisLabel: { color: text, fontSize: 14 },
      axisLine: { lineStyle: { color: axisLine } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: t('cockpit.screen.levels.actual'),
        data: levels.map((l) => l.count),
        barMaxWidth: 16,
        itemStyle: {
          borderRadius: [0, 4, 4, 0],
          color: {
            type: 'linear',
            x: 0,
            y: 0,
            x2: 1,
            y2: 0,
            colorStops: [
              { offset: 0, color: '#1b5fd9' },
              { offset: 1, color: '#3ee0ff' },
            ],
          },
        },
        label: { show: true, position: 'right', color: text, fontSize: 14 },
      },
      {
        // The target: a short tick across the bar at the target's value, not a line between levels.
        type: 'line',
        name: t('cockpit.screen.levels.target'),
        data: levels.map((l) => l.target),
        symbol: 'rect',
        symbolSize: [4, 24],
        lineStyle: { opacity: 0 },
        itemStyle: { color: '#ffc53d' },
        label: { show: true, position: 'top', color: '#ffc53d', fontSize: 12, formatter: '{c}' },
        z: 5,
      },
    ],
  };
}

function statusOption(overview: CockpitOverview): ScreenChartOption {
  const total = overview.statusCounts.reduce((s, c) => s + c.count, 0);
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
    legend: {
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemGap: 14,
      textStyle: { color: text, fontSize: 15 },
      formatter: (name: string) => {
        const c = overview.statusCounts.find((s) => s.label === name);
        return `${name}  ${c?.count ?? 0}`;
      },
    },
    title: {
      text: String(total),
      subtext: 'KPI',
      left: '29%',
      top: '38%',
      textAlign: 'center',
      textStyle: { color: cyan, fontSize: 34, fontWeight: 700 },
      subtextStyle: { color: muted, fontSize: 14 },
    },
    series: [
      {
        type: 'pie',
        radius: ['52%', '78%'],
        center: ['30%', '50%'],
        label: { show: false },
        itemStyle: { borderColor: '#061a3a', borderWidth: 2 },
        data: overview.statusCounts.map((s) => ({
          name: s.label,
          value: s.count,
          itemStyle: { color: screenStatusColor[s.status] },
        })),
      },
    ],
  };
}

function mapOption(
  overview: CockpitOverview,
  names: DistrictNames,
  metric: MapMetric,
  t: (k: string, o?: Record<string, unknown>) => string,
): ScreenChartOption {
  const rows = overview.counters.districts.map((d) => ({
    name: names.get(d.code) ?? d.name,
    value: d[metric],
    consortia: d.consortia,
    members: d.members,
    jobs: d.jobs,
    students: d.students,
  }));
  const max = Math.max(1, ...rows.map((r) => r.value));
  // District names on the map only for the leading districts; the rest show on hover.
  const top = new Set(
    [...rows]
      .filter((r) => r.value > 0)
      .sort((a, b) => b.value - a.value)
      .slice(0, 5)
      .map((r) => r.name),
  );
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { name, data } = p as { name: string; data?: (typeof rows)[number] };
        const line = (m: MapMetric) => `${t(`cockpit.screen.map.metric.${m}`)}：${formatNumber(data?.[m] ?? 0)}`;
        return [`<b>${name}</b>`, ...mapMetrics.map(line)].join('<br/>');
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      left: 16,
      bottom: 16,
      text: [formatNumber(max), '0'],
      itemHeight: 160,
      textStyle: { color: text },
      inRange: { color: ['#0d2a5c', '#1763c4', '#1fb5e6', '#5ff0c8', '#ffe066'] },
    },
    series: [
      {
        type: 'map',
        map: chongqingMap,
        roam: false,
        top: 12,
        bottom: 12,
        aspectScale: 0.86,
        label: { show: false },
        itemStyle: { borderColor: 'rgba(150,220,255,0.75)', borderWidth: 1, areaColor: '#0d2a5c' },
        emphasis: {
          label: { show: true, color: '#fff', fontSize: 14 },
          itemStyle: { areaColor: '#ffb020' },
        },
        data: rows.map((r) => ({
          ...r,
          label: top.has(r.name)
            ? { show: true, color: '#fff', fontSize: 13, textBorderColor: '#031432', textBorderWidth: 2 }
            : undefined,
        })),
      },
    ],
  };
}

function clustersOption(overview: CockpitOverview, t: (k: string) => string): ScreenChartOption {
  const clusters = overview.counters.clusters;
  const cut = (s: string) => (s.length > 9 ? `${s.slice(0, 8)}…` : s);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0, textStyle: { color: muted, fontSize: 13 } },
    grid: { left: 8, right: 40, top: 30, bottom: 4, containLabel: true },
    xAxis: {
      type: 'value',
      axisLabel: { color: muted },
      splitLine: { lineStyle: { color: splitLine } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: clusters.map((c) => c.name),
      axisLabel: { color: text, fontSize: 13, formatter: cut },
      axisLine: { lineStyle: { color: axisLine } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: t('cockpit.screen.clusters.supply'),
        data: clusters.map((c) => c.supply),
        barMaxWidth: 9,
        barGap: '30%',
        itemStyle: { color: '#3ee0ff', borderRadius: [0, 4, 4, 0] },
      },
      {
        type: 'bar',
        name: t('cockpit.screen.clusters.demand'),
        data: clusters.map((c) => c.demand),
        barMaxWidth: 9,
        itemStyle: { color: '#ffb020', borderRadius: [0, 4, 4, 0] },
      },
    ],
  };
}

/** The record-based KPIs with a value and a target (their progress can be shown). */
function progressKpis(overview: CockpitOverview): KpiItem[] {
  return overview.sections
    .flatMap((s) => s.kpis)
    .filter((k) => k.sourceKind === 'records' && k.current.target !== null && k.current.value !== null);
}

/** Those with at least two days of history: their completion (value ÷ target) per day. */
function trendKpis(progress: KpiItem[]): KpiItem[] {
  return progress
    .filter((k) => k.spark.length >= 2)
    .sort((a, b) => b.spark.length - a.spark.length || a.id.localeCompare(b.id))
    .slice(0, 5);
}

/** Before there is history (a new installation): today's completion per KPI as bars. */
function progressOption(kpis: KpiItem[]): ScreenChartOption {
  const rows = kpis.map((k) => ({ k, pct: completion(k, k.current.value, k.current.target) ?? 0 }));
  const cut = (s: string) => (s.length > 11 ? `${s.slice(0, 10)}…` : s);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const first = (p as { dataIndex: number }[])[0];
        const row = first ? rows[first.dataIndex] : undefined;
        if (!row) return '';
        const { k } = row;
        return `${k.id} ${k.name}<br/>${formatKpiValue(k, k.current.value)} / ${formatKpiValue(k, k.current.target)}（${row.pct}%）`;
      },
    },
    grid: { left: 8, right: 48, top: 8, bottom: 4, containLabel: true },
    xAxis: {
      type: 'value',
      max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 20) * 20),
      axisLabel: { color: muted, formatter: '{value}%' },
      splitLine: { lineStyle: { color: splitLine } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `${r.k.id} ${cut(r.k.name)}`),
      axisLabel: { color: text, fontSize: 13 },
      axisLine: { lineStyle: { color: axisLine } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 12,
        data: rows.map((r) => ({ value: r.pct, itemStyle: { color: screenStatusColor[r.k.current.status] } })),
        label: { show: true, position: 'right', color: text, formatter: '{c}%' },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#ffc53d', type: 'dashed' },
          label: { show: false },
          data: [{ xAxis: 100 }],
        },
      },
    ],
  };
}

function trendOption(kpis: KpiItem[]): ScreenChartOption {
  const palette = ['#3ee0ff', '#ffb020', '#5ff0c8', '#ff6b8b', '#b58cff'];
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
    legend: { top: 0, left: 0, textStyle: { color: muted, fontSize: 12 }, itemWidth: 14, itemHeight: 8 },
    grid: { left: 8, right: 16, top: 64, bottom: 4, containLabel: true },
    xAxis: {
      type: 'time',
      minInterval: 24 * 3600 * 1000,
      axisLabel: { color: muted, formatter: '{MM}-{dd}' },
      axisLine: { lineStyle: { color: axisLine } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: muted, formatter: '{value}%' },
      splitLine: { lineStyle: { color: splitLine } },
    },
    series: kpis.map((k, i) => ({
      type: 'line' as const,
      name: `${k.id} ${k.name.length > 10 ? `${k.name.slice(0, 9)}…` : k.name}`,
      smooth: true,
      showSymbol: k.spark.length < 3,
      symbolSize: 6,
      lineStyle: { width: 2, color: palette[i % palette.length] },
      itemStyle: { color: palette[i % palette.length] },
      data: k.spark.map((p) => [p.date, completion(k, p.value, k.current.target)]),
      markLine:
        i === 0
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#ffc53d', type: 'dashed' },
              label: { color: '#ffc53d', formatter: '100%' },
              data: [{ yAxis: 100 }],
            }
          : undefined,
    })),
  };
}

const laggingOrder: Partial<Record<KpiStatus, number>> = { severely_lagging: 0, lagging: 1 };

function Laggards({ overview }: { overview: CockpitOverview }) {
  const { t, i18n } = useTranslation();
  const rows = overview.sections
    .flatMap((s) => s.kpis)
    .filter((k) => laggingOrder[k.current.status] !== undefined)
    .sort((a, b) => laggingOrder[a.current.status]! - laggingOrder[b.current.status]! || a.id.localeCompare(b.id));
  const shown = rows.slice(0, 5);
  if (rows.length === 0)
    return (
      <div
        style={{ color: muted, fontSize: 16, paddingTop: 40, textAlign: 'center' }}
        data-testid="screen-laggards-empty"
      >
        {t('cockpit.screen.laggards.empty')}
      </div>
    );
  const cell: CSSProperties = { padding: '4px 8px', borderBottom: `1px solid ${splitLine}`, whiteSpace: 'nowrap' };
  return (
    <table
      style={{ width: '100%', borderCollapse: 'collapse', color: text, fontSize: 15 }}
      data-testid="screen-laggards"
    >
      <thead>
        <tr style={{ color: muted, fontSize: 13, textAlign: 'left' }}>
          <th style={cell}>{t('cockpit.screen.laggards.id')}</th>
          <th style={cell}>{t('cockpit.screen.laggards.name')}</th>
          <th style={{ ...cell, textAlign: 'right' }}>{t('cockpit.screen.laggards.value')}</th>
          <th style={{ ...cell, textAlign: 'right' }}>{t('cockpit.screen.laggards.target')}</th>
          <th style={{ ...cell, textAlign: 'center' }}>{t('cockpit.screen.laggards.status')}</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((k) => (
          <tr key={k.id} data-testid="screen-laggard">
            <td style={{ ...cell, color: cyan }}>{k.id}</td>
            <td style={{ ...cell, maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis' }} title={k.name}>
              {k.name}
            </td>
            <td style={{ ...cell, textAlign: 'right' }}>{formatKpiValue(k, k.current.value, i18n.language)}</td>
            <td style={{ ...cell, textAlign: 'right', color: muted }}>
              {k.current.target === null
                ? '—'
                : `${formatKpiValue(k, k.current.target, i18n.language)}（${k.current.targetYear}）`}
            </td>
            <td style={{ ...cell, textAlign: 'center' }}>
              <span
                style={{
                  color: screenStatusColor[k.current.status],
                  border: `1px solid ${screenStatusColor[k.current.status]}`,
                  borderRadius: 3,
                  padding: '0 6px',
                  fontSize: 13,
                }}
              >
                {k.current.statusLabel}
              </span>
            </td>
          </tr>
        ))}
        {rows.length > shown.length ? (
          <tr>
            <td colSpan={5} style={{ ...cell, color: muted, textAlign: 'center', borderBottom: 'none' }}>
              {t('cockpit.screen.laggards.more', { count: rows.length - shown.length })}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

function MetricSwitch({ value, onChange }: { value: MapMetric; onChange: (m: MapMetric) => void }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', gap: 6 }} data-testid="screen-map-metric">
      {mapMetrics.map((m) => (
        <button
          key={m}
          type="button"
          onClick={() => onChange(m)}
          data-active={m === value}
          style={{
            cursor: 'pointer',
            fontSize: 14,
            padding: '2px 12px',
            borderRadius: 3,
            color: m === value ? '#031432' : text,
            background: m === value ? cyan : 'transparent',
            border: `1px solid ${m === value ? cyan : axisLine}`,
          }}
        >
          {t(`cockpit.screen.map.metric.${m}`)}
        </button>
      ))}
    </div>
  );
}

function ScreenBody({ overview, names }: { overview: CockpitOverview; names: DistrictNames }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [metric, setMetric] = useState<MapMetric>('members');
  const c = overview.counters;
  const kpiTotal = overview.statusCounts.reduce((s, x) => s + x.count, 0);
  const met = overview.statusCounts.find((s) => s.status === 'met')?.count ?? 0;
  const levels = useMemo(() => levelsOption(overview, t), [overview, t]);
  const status = useMemo(() => statusOption(overview), [overview]);
  const map = useMemo(() => mapOption(overview, names, metric, t), [overview, names, metric, t]);
  const clusters = useMemo(() => clustersOption(overview, t), [overview, t]);
  const progress = useMemo(() => progressKpis(overview), [overview]);
  const trend = useMemo(() => trendKpis(progress), [progress]);
  const trendChart = useMemo(() => (trend.length ? trendOption(trend) : progressOption(progress)), [trend, progress]);

  return (
    <>
      <div style={{ display: 'flex', gap: 14, height: 104 }}>
        <Counter
          testId="screen-consortia"
          label={t('cockpit.screen.counters.consortia')}
          value={formatNumber(c.consortiaTotal, lang)}
        />
        <Counter
          testId="screen-members"
          label={t('cockpit.screen.counters.members')}
          value={formatNumber(c.membersTotal, lang)}
        />
        <Counter
          testId="screen-jobs"
          label={t('cockpit.screen.counters.jobs')}
          value={formatNumber(c.jobHeadCount, lang)}
          sub={t('cockpit.screen.counters.postings', { count: formatNumber(c.jobPostings, lang) })}
        />
        <Counter
          testId="screen-students"
          label={t('cockpit.screen.counters.students')}
          value={formatNumber(c.students, lang)}
        />
        <Counter
          testId="screen-met"
          label={t('cockpit.screen.counters.met')}
          value={`${met}`}
          sub={t('cockpit.screen.counters.metOf', { count: kpiTotal })}
        />
        <Counter
          testId="screen-coverage"
          label={t('cockpit.screen.counters.coverage')}
          value={`${overview.coverage.defined}/${overview.coverage.targets}`}
          sub={t('cockpit.screen.counters.coverageOf', {
            records: overview.coverage.records,
            returns: overview.coverage.returns,
            awaiting: overview.coverage.awaiting,
          })}
        />
      </div>
      <div style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '500px 1fr 500px', gap: 14 }}>
        <div style={{ display: 'grid', gridTemplateRows: '1fr 1fr', gap: 14, minHeight: 0 }}>
          <Panel title={t('cockpit.screen.levels.title')} testId="screen-levels">
            {c.consortiaByLevel.length ? (
              <ScreenChart dark option={levels} />
            ) : (
              <Empty description={t('cockpit.screen.empty')} />
            )}
          </Panel>
          <Panel title={t('cockpit.screen.status.title')} testId="screen-status">
            <ScreenChart dark option={status} />
          </Panel>
        </div>
        <div style={{ display: 'grid', gridTemplateRows: '1fr 270px', gap: 14, minHeight: 0 }}>
          <Panel
            title={t('cockpit.screen.map.title', { metric: t(`cockpit.screen.map.metric.${metric}`) })}
            extra={<MetricSwitch value={metric} onChange={setMetric} />}
            testId="screen-map"
          >
            <ScreenChart dark option={map} testId="screen-map-chart" />
          </Panel>
          <Panel title={t('cockpit.screen.laggards.title')}>
            <Laggards overview={overview} />
          </Panel>
        </div>
        <div style={{ display: 'grid', gridTemplateRows: '1.15fr 1fr', gap: 14, minHeight: 0 }}>
          <Panel title={t('cockpit.screen.clusters.title')} testId="screen-clusters">
            <ScreenChart dark option={clusters} />
          </Panel>
          <Panel
            title={t(trend.length ? 'cockpit.screen.trend.title' : 'cockpit.screen.trend.current')}
            testId="screen-trend"
          >
            {trend.length || progress.length ? (
              <ScreenChart dark option={trendChart} />
            ) : (
              <div style={{ color: muted, fontSize: 15, paddingTop: 60, textAlign: 'center' }}>
                {t('cockpit.screen.trend.empty')}
              </div>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}

/**
 * 数据大屏: a 1920×1080 dark screen over the whole window (no menu or header), scaled to fit,
 * refetching the overview every 30 s and showing when its figures were computed.
 */
export default function ScreenPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const navigate = useNavigate();
  const errorText = useErrorText();
  const scale = useFitScale();
  const now = useClock();
  const root = useRef<HTMLDivElement>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const map = useChongqingMap();
  const overview = useApiQuery(
    api.cockpitOverview,
    {},
    { refetchInterval: REFRESH_MS, refetchIntervalInBackground: true, refetchOnWindowFocus: true },
  );

  // The app's layout stays mounted beneath; stop it from scrolling behind the screen.
  useEffect(() => {
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.body.style.overflow = previous;
      document.removeEventListener('fullscreenchange', onChange);
    };
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.current?.requestFullscreen?.().catch(() => undefined);
  };

  const data = overview.data;
  const error = overview.error ?? map.error;
  const headerButton: CSSProperties = { color: text, borderColor: axisLine, background: 'transparent' };

  return (
    <div
      ref={root}
      data-testid="cockpit-screen"
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 1000,
        overflow: 'hidden',
        background: 'radial-gradient(ellipse at 50% 40%, #0b2d63 0%, #051a3d 55%, #020c22 100%)',
      }}
    >
      <div
        style={{
          position: 'absolute',
          left: '50%',
          top: '50%',
          width: W,
          height: H,
          transform: `translate(-50%, -50%) scale(${scale})`,
          display: 'flex',
          flexDirection: 'column',
          gap: 14,
          padding: '0 24px 20px',
          color: text,
        }}
      >
        <header
          style={{
            height: 76,
            display: 'grid',
            gridTemplateColumns: '1fr auto 1fr',
            columnGap: 24,
            alignItems: 'center',
            borderBottom: '2px solid rgba(62,224,255,0.35)',
            background: 'linear-gradient(90deg, transparent, rgba(30,100,200,0.35), transparent)',
          }}
        >
          <div style={{ color: muted, fontSize: 15, lineHeight: '22px' }}>
            <div data-testid="screen-data-time">
              {t('cockpit.screen.dataTime', {
                time: data?.computedAt ? dayjs(data.computedAt).format('YYYY-MM-DD HH:mm:ss') : '—',
              })}
            </div>
            <div data-testid="screen-refreshed">
              {t('cockpit.screen.refreshedAt', {
                time: overview.dataUpdatedAt ? dayjs(overview.dataUpdatedAt).format('HH:mm:ss') : '—',
              })}
              {overview.isFetching ? <ReloadOutlined spin style={{ marginLeft: 8 }} /> : null}
            </div>
          </div>
          <h1
            style={{
              margin: 0,
              fontSize: zh ? 38 : 32,
              fontWeight: 700,
              letterSpacing: zh ? 6 : 1,
              whiteSpace: 'nowrap',
              background: 'linear-gradient(180deg, #ffffff, #7fd8ff)',
              WebkitBackgroundClip: 'text',
              backgroundClip: 'text',
              color: 'transparent',
            }}
          >
            {t('cockpit.screen.title')}
          </h1>
          <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12 }}>
            <span style={{ color: muted, fontSize: 15, whiteSpace: 'nowrap' }}>
              {data ? t('cockpit.screen.year', { year: data.year }) : null}
            </span>
            <span
              style={{ color: text, fontSize: 22, fontFamily: 'DIN, Roboto, monospace', whiteSpace: 'nowrap' }}
              data-testid="screen-clock"
            >
              {now.format('YYYY-MM-DD HH:mm:ss')}
            </span>
            <Button
              size="small"
              ghost
              style={headerButton}
              icon={fullscreen ? <CompressOutlined /> : <ExpandOutlined />}
              onClick={toggleFullscreen}
            >
              {t(fullscreen ? 'cockpit.screen.exitFullscreen' : 'cockpit.screen.fullscreen')}
            </Button>
            <Button
              size="small"
              ghost
              style={headerButton}
              icon={<LogoutOutlined />}
              onClick={() => navigate('/cockpit')}
              data-testid="screen-exit"
            >
              {t('cockpit.screen.exit')}
            </Button>
          </div>
        </header>
        {data && map.data ? (
          <ScreenBody overview={data} names={map.data} />
        ) : error ? (
          <div style={{ flex: 1, display: 'grid', placeItems: 'center', fontSize: 18 }} data-testid="screen-error">
            <div style={{ textAlign: 'center' }}>
              <p>{t('cockpit.screen.error', { message: errorText(error) })}</p>
              <Button onClick={() => void (overview.error ? overview.refetch() : map.refetch())}>
                {t('cockpit.screen.retry')}
              </Button>
            </div>
          </div>
        ) : (
          <div style={{ flex: 1, display: 'grid', placeItems: 'center' }}>
            <Spin size="large" />
          </div>
        )}
      </div>
    </div>
  );
}

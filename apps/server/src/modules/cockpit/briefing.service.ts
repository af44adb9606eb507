/**
 * 月度简报 (issue 6 item 4): every KPI of the overview with its value, target, status and forecast,
 * grouped by the seeds' sections, the laggards (滞后 / 严重滞后) named first. PDF (lib/pdf tablePdf)
 * and xlsx. The figures are the overview's (read models), judged for the month's year.
 */
import type { CockpitOverview, KpiItem, KpiStatus } from '@chanjiao/contracts';
import { kpiSourceKindLabels, kpiStatusLabels } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { type PdfTable, tablePdf } from '../../lib/pdf';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import * as cockpit from './cockpit.service';

/** The month as YYYY-MM in China (default: now). */
export function monthOf(month: string | undefined, now = new Date()): { year: number; month: number; label: string } {
  const m = month ?? new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  const [y, mm] = m.split('-').map(Number) as [number, number];
  if (!y || !mm || mm < 1 || mm > 12)
    throw new AppError('VALIDATION', { 'zh-CN': '月份格式应为 YYYY-MM', 'en-US': 'The month must be YYYY-MM' }, [
      { path: 'month', message: '月份格式应为 YYYY-MM' },
    ]);
  return { year: y, month: mm, label: `${y} 年 ${mm} 月` };
}

const LAGGING: KpiStatus[] = ['severely_lagging', 'lagging'];

/** Numbers as people write them: up to two decimals, no trailing zeros. */
export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return String(Math.round(v * 100) / 100);
}

const withUnit = (v: number | null, unit: string) => (v === null ? '—' : `${fmt(v)}${unit === '%' ? '%' : ` ${unit}`}`);

function valueText(k: KpiItem): string {
  if (k.sourceKind === 'awaiting') return '数据来源模块未上线';
  if (k.current.value === null) return k.sourceKind === 'returns' ? '暂无已审核填报' : '—';
  const v = withUnit(k.current.value, k.unit);
  return k.current.valueYear && k.current.valueYear !== k.current.year ? `${v}（${k.current.valueYear} 年）` : v;
}

function targetText(k: KpiItem): string {
  if (k.current.target === null) return '—';
  return `${k.comparator === '~' ? '约 ' : ''}${withUnit(k.current.target, k.unit)}（${k.current.targetYear ?? ''} 年）`;
}

/** The laggards, the most serious first, then by id. */
export function laggards(ov: CockpitOverview): KpiItem[] {
  return ov.sections
    .flatMap((s) => s.kpis)
    .filter((k) => LAGGING.includes(k.current.status))
    .sort((a, b) => LAGGING.indexOf(a.current.status) - LAGGING.indexOf(b.current.status) || a.id.localeCompare(b.id));
}

async function load(ctx: Ctx, month: string | undefined) {
  const m = monthOf(month);
  const ov: CockpitOverview = await cockpit.overview(ctx, { year: m.year });
  return { m, ov, lag: laggards(ov) };
}

const generated = (now = new Date()) =>
  now.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, dateStyle: 'medium', timeStyle: 'short' });

const RULES = [
  '状态规则：达标 — 达到目标（“约”类目标达到 95% 即为达标）；正常推进 — 未达标但不低于按基线至目标年直线推算的当期轨迹值；',
  '滞后 — 低于轨迹值不超过 20%；严重滞后 — 低于轨迹值超过 20%，或目标年已过仍未达标；无数据 — 数据来源模块未上线或尚无审核通过的统计填报。',
  '预测：按历史值最小二乘直线外推至目标年末（历史不足 2 个点或跨度不足 7 天时不预测）。统计填报仅在审核通过后计入。',
];

export async function briefingPdf(ctx: Ctx, month?: string): Promise<{ buffer: Buffer; fileName: string }> {
  const { m, ov, lag } = await load(ctx, month);
  const counts = ov.statusCounts.map((c) => `${c.label} ${c.count}`).join('，');
  const columns = [
    { header: '编号', width: 5, align: 'center' as const },
    { header: '指标', width: 30 },
    { header: '范围', width: 10 },
    { header: '实际值', width: 14, align: 'right' as const },
    { header: '目标', width: 16, align: 'right' as const },
    { header: '当期轨迹值', width: 9, align: 'right' as const },
    { header: '状态', width: 8, align: 'center' as const },
    { header: '目标年预测', width: 9, align: 'right' as const },
    { header: '数据来源', width: 9, align: 'center' as const },
  ];
  const row = (k: KpiItem) => [
    k.id,
    k.name,
    k.scope,
    valueText(k),
    targetText(k),
    fmt(k.current.trajectory),
    k.current.statusLabel || kpiStatusLabels[k.current.status],
    fmt(k.current.forecast),
    kpiSourceKindLabels[k.sourceKind],
  ];
  const tables: PdfTable[] = [
    {
      heading: lag.length ? `滞后指标（${lag.length} 项）` : '滞后指标：无',
      columns,
      rows: lag.length ? lag.map(row) : [['', '本月无滞后或严重滞后的指标', '', '', '', '', '', '', '']],
    },
    ...ov.sections.map((s) => ({ heading: s.name, columns, rows: s.kpis.map(row) })),
  ];
  const buffer = tablePdf({
    title: `产教融合重点指标月度简报（${m.label}）`,
    meta: [
      `考核年度：${ov.year} 年；生成时间：${generated()}；数据截至：${ov.computedAt ? generated(new Date(ov.computedAt)) : '—'}`,
      `指标 ${ov.coverage.defined} 项（平台记录 ${ov.coverage.records}，统计填报 ${ov.coverage.returns}，待模块上线 ${ov.coverage.awaiting}）；${counts}`,
      lag.length
        ? `滞后点名：${lag.map((k) => `${k.id} ${k.name}（${kpiStatusLabels[k.current.status]}）`).join('；')}`
        : '滞后点名：无',
    ],
    tables,
    notes: RULES,
  });
  return { buffer, fileName: `月度简报${m.year}-${String(m.month).padStart(2, '0')}.pdf` };
}

const xlsxColumns = defineColumns([
  { key: 'group', header: '分组', width: 26 },
  { key: 'id', header: '编号', width: 7 },
  { key: 'name', header: '指标', width: 40 },
  { key: 'scope', header: '范围', width: 14 },
  { key: 'unit', header: '单位', width: 7 },
  { key: 'value', header: '实际值', kind: 'number', width: 11 },
  { key: 'valueNote', header: '实际值说明', width: 22 },
  { key: 'targetYear', header: '目标年', kind: 'integer', width: 8 },
  { key: 'target', header: '目标值', kind: 'number', width: 10 },
  { key: 'comparator', header: '比较', width: 6 },
  { key: 'trajectory', header: '当期轨迹值', kind: 'number', width: 11 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'forecast', header: '目标年预测', kind: 'number', width: 11 },
  { key: 'sourceKind', header: '数据来源', width: 16 },
  { key: 'clause', header: '政策依据', width: 28 },
] as const);

export async function briefingXlsx(ctx: Ctx, month?: string): Promise<{ buffer: Buffer; fileName: string }> {
  const { m, ov, lag } = await load(ctx, month);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const row = (group: string, k: KpiItem) => ({
    group,
    id: k.id,
    name: k.name,
    scope: k.scope,
    unit: k.unit,
    value: round(k.current.value),
    valueNote: valueText(k),
    targetYear: k.current.targetYear,
    target: k.current.target,
    comparator: k.comparator === '~' ? '约' : k.comparator,
    trajectory: round(k.current.trajectory),
    status: k.current.statusLabel || kpiStatusLabels[k.current.status],
    forecast: round(k.current.forecast),
    sourceKind: k.sourceKind === 'awaiting' ? kpiSourceKindLabels.awaiting : kpiSourceKindLabels[k.sourceKind],
    clause: `${k.sourceTitle} ${k.clause}`,
  });
  const rows = [
    ...lag.map((k) => row('滞后点名', k)),
    ...ov.sections.flatMap((s) => s.kpis.map((k) => row(s.name, k))),
  ];
  const buffer = await exportXlsx(xlsxColumns, rows as never, {
    sheetName: '月度简报',
    title: `产教融合重点指标月度简报（${m.label}，考核年度 ${ov.year}）${lag.length ? `：滞后 ${lag.length} 项（${lag.map((k) => k.id).join('、')}）` : '：无滞后指标'}`,
  });
  return { buffer, fileName: `月度简报${m.year}-${String(m.month).padStart(2, '0')}.xlsx` };
}

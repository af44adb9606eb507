/**
 * 数据驾驶舱 (issue 6): definitions (registry + ref_policy_targets), values from the read models,
 * status and forecast (status.ts), the overview, KPI detail and drill-down, consortium dashboards.
 * Request-time reads use only kpi_values / kpi_history (and the small reference tables), never
 * aggregate raw tables — except the paged drill-down record lists, which are the records themselves.
 */
import {
  type CockpitCounters,
  type CockpitOverview,
  type ConsortiumDashboard,
  consortiumLevelLabels,
  consortiumLevels,
  consortiumStatusLabels,
  type KpiComparator,
  type KpiCoverage,
  type KpiDefinition,
  type KpiDetail,
  type KpiDetailQuery,
  type KpiDrillDimension,
  type KpiItem,
  type KpiListQuery,
  type KpiListResponse,
  type KpiRecordsQuery,
  type KpiRecordsResponse,
  kpiDimensionLabels,
  kpiStatuses,
  kpiStatusLabels,
  type OverviewQuery,
  orgTypeLabels,
} from '@chanjiao/contracts';
import type { Db } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import * as repo from './cockpit.repository';
import { kpiDefinitions, kpiFormula, sectionOf, sourceTitle } from './kpis';
import { evaluateStatus, type Point, targetFor, trajectoryPoints, yearEnd } from './status';

// ── Definitions ──────────────────────────────────────────────────────────────────────────────

interface Defs {
  list: KpiDefinition[];
  byId: Map<string, KpiDefinition>;
  targetRows: number;
}

const defsCache = new WeakMap<Db, Promise<Defs>>();

async function buildDefs(db: Db): Promise<Defs> {
  const rows = await repo.policyTargets(db);
  const byId = new Map<string, repo.TargetRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const list: KpiDefinition[] = [];
  for (const [id, targets] of byId) {
    const f = kpiFormula(id);
    const first = targets[0]!;
    const section = sectionOf(first.source, first.clause);
    list.push({
      id,
      name: first.metric,
      unit: first.unit,
      scope: first.scope,
      source: first.source,
      sourceTitle: sourceTitle(first.source),
      clause: first.clause,
      comparator: first.comparator as KpiComparator,
      targets: targets.map((t) => ({ year: t.year, target: Number(t.target) })),
      // A target with no registry entry is shown as awaiting a definition rather than dropped.
      sourceKind: f?.sourceKind ?? 'awaiting',
      formula: f?.formula ?? '尚未定义计算口径',
      awaitingModule: f?.awaitingModule ?? null,
      sectionCode: section.code,
      sectionName: section.name,
      dimensions: f?.dimensions ?? [],
      isShare: first.unit === '%',
    });
  }
  list.sort((a, b) => a.id.localeCompare(b.id));
  return { list, byId: new Map(list.map((d) => [d.id, d])), targetRows: rows.length };
}

function defs(ctx: Ctx): Promise<Defs> {
  const db = ctx.deps.db;
  let p = defsCache.get(db);
  if (!p) {
    p = buildDefs(db);
    defsCache.set(db, p);
    // Not cached while the reference data is not loaded yet (or on an error).
    p.then(
      (d) => {
        if (!d.list.length) defsCache.delete(db);
      },
      () => defsCache.delete(db),
    );
  }
  return p;
}

/** Every KPI definition with its targets (registry + ref_policy_targets). */
export async function loadDefinitions(ctx: Ctx): Promise<KpiDefinition[]> {
  return (await defs(ctx)).list;
}

function coverage(d: Defs): KpiCoverage {
  const by = (k: string) => d.list.filter((x) => x.sourceKind === k).length;
  const defined = d.list.filter((x) => kpiFormula(x.id)).length;
  return {
    targets: d.list.length,
    targetRows: d.targetRows,
    defined,
    records: by('records'),
    returns: by('returns'),
    awaiting: by('awaiting'),
  };
}

// ── Values, status ───────────────────────────────────────────────────────────────────────────

function currentYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}

interface ValueIndex {
  city: Map<string, repo.StoredValue>;
  /** returns: kpi → year → row */
  years: Map<string, Map<number, repo.StoredValue>>;
  history: Map<string, Point[]>;
}

function indexValues(
  values: repo.StoredValue[],
  history: { kpiCode: string; day: string; value: number | null }[],
): ValueIndex {
  const city = new Map<string, repo.StoredValue>();
  const years = new Map<string, Map<number, repo.StoredValue>>();
  for (const v of values) {
    if (v.dimension === 'city') city.set(v.kpiCode, v);
    else if (v.dimension === 'year') {
      const m = years.get(v.kpiCode) ?? new Map<number, repo.StoredValue>();
      m.set(Number(v.dimKey), v);
      years.set(v.kpiCode, m);
    }
  }
  const hist = new Map<string, Point[]>();
  for (const h of history) {
    if (h.value === null) continue;
    const list = hist.get(h.kpiCode) ?? [];
    list.push({ date: h.day, value: Number(h.value) });
    hist.set(h.kpiCode, list);
  }
  return { city, years, history: hist };
}

/** The history points a KPI's forecast and sparkline use: daily values, or for returns one per year. */
function historyOf(def: KpiDefinition, idx: ValueIndex): Point[] {
  if (def.sourceKind === 'returns') {
    const m = idx.years.get(def.id);
    if (!m) return [];
    return [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .filter(([, v]) => v.value !== null)
      .map(([y, v]) => ({ date: `${y}-12-31`, value: Number(v.value) }));
  }
  if (def.sourceKind === 'awaiting') return [];
  return idx.history.get(def.id) ?? [];
}

function itemFor(def: KpiDefinition, idx: ValueIndex, year: number, now: Date, override?: repo.StoredValue): KpiItem {
  const nowYear = currentYear(now);
  const history = historyOf(def, idx);
  let stored: repo.StoredValue | null = null;
  let actual: number | null = null;
  let valueYear: number | null = null;
  if (override) {
    stored = override;
    actual = override.value;
  } else if (def.sourceKind === 'records') {
    if (year >= nowYear) {
      stored = idx.city.get(def.id) ?? null;
      actual = stored?.value ?? null;
    } else {
      // A past year: the last daily value recorded in that year.
      const inYear = history.filter((p) => p.date.startsWith(String(year)));
      actual = inYear.length ? inYear[inYear.length - 1]!.value : null;
    }
  } else if (def.sourceKind === 'returns') {
    const m = idx.years.get(def.id);
    const y = m ? [...m.keys()].filter((k) => k <= year).sort((a, b) => b - a)[0] : undefined;
    if (m && y !== undefined) {
      stored = m.get(y) ?? null;
      actual = stored?.value ?? null;
      valueYear = y;
    }
  }
  const asOf = year < nowYear ? new Date(yearEnd(year)) : now;
  const st = evaluateStatus({
    comparator: def.comparator,
    targets: def.targets,
    actual: def.sourceKind === 'awaiting' ? null : actual,
    year,
    asOf,
    history,
  });
  return {
    ...def,
    current: {
      year,
      value: def.sourceKind === 'awaiting' ? null : actual,
      numerator: stored?.numerator ?? null,
      denominator: stored?.denominator ?? null,
      computedAt: stored ? stored.computedAt.toISOString() : null,
      status: st.status,
      statusLabel: kpiStatusLabels[st.status],
      targetYear: st.targetYear,
      target: st.target,
      trajectory: st.trajectory,
      forecast: st.forecast,
      valueYear,
    },
    spark: history.slice(-30),
  };
}

async function loadIndex(ctx: Ctx): Promise<ValueIndex> {
  const db = ctx.deps.db;
  const [values, history] = await Promise.all([
    repo.valuesByDimension(db, ['city', 'year']),
    repo.cityHistory(db, '2000-01-01'),
  ]);
  return indexValues(values, history);
}

function requireYear(year: number | undefined, now: Date): number {
  return year ?? currentYear(now);
}

export async function listKpis(ctx: Ctx, query: KpiListQuery): Promise<KpiListResponse> {
  const now = new Date();
  const year = requireYear(query.year, now);
  const [d, idx] = await Promise.all([defs(ctx), loadIndex(ctx)]);
  const q = query.q?.toLowerCase();
  const items = d.list
    .filter((x) => !query.section || x.sectionCode === query.section)
    .filter((x) => !query.sourceKind || x.sourceKind === query.sourceKind)
    .filter((x) => !q || x.id.toLowerCase().includes(q) || x.name.toLowerCase().includes(q))
    .map((x) => itemFor(x, idx, year, now))
    .filter((x) => !query.status || x.current.status === query.status);
  return { year, items, coverage: coverage(d) };
}

const notFoundKpi = () => new AppError('NOT_FOUND', { 'zh-CN': '指标不存在', 'en-US': 'KPI not found' });

export async function getKpi(ctx: Ctx, code: string, query: KpiDetailQuery): Promise<KpiDetail> {
  const now = new Date();
  const year = requireYear(query.year, now);
  const d = await defs(ctx);
  const def = d.byId.get(code);
  if (!def) throw notFoundKpi();
  if (query.by && !def.dimensions.includes(query.by))
    throw new AppError('VALIDATION', {
      'zh-CN': `该指标不支持${kpiDimensionLabels[query.by]}下钻`,
      'en-US': `This KPI cannot be drilled down by ${query.by}`,
    });
  const idx = await loadIndex(ctx);
  const item = itemFor(def, idx, year, now);
  const history = historyOf(def, idx);
  const traj = trajectoryPoints(def.targets, history).map((p) => ({
    date: new Date(p.t).toISOString().slice(0, 10),
    value: p.value,
    kind: p.kind,
  }));
  const yearRows = idx.years.get(code);
  const returns = yearRows
    ? [...yearRows.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([y, v]) => ({ year: y, value: Number(v.value), orgName: v.label }))
    : [];
  let breakdown: KpiDetail['breakdown'] = null;
  if (query.by) {
    const rows = await repo.valuesOf(ctx.deps.db, code, query.by);
    breakdown = {
      by: query.by,
      items: rows
        .map((r) => ({
          key: r.dimKey,
          label: r.label ?? r.dimKey,
          value: r.value,
          numerator: r.numerator,
          denominator: r.denominator,
        }))
        .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label)),
    };
  }
  return { ...item, history, trajectoryPoints: traj, returns, breakdown };
}

// ── Drill-down records ───────────────────────────────────────────────────────────────────────

const CONSORTIUM_COLUMNS = [
  { key: 'name', title: '联合体名称' },
  { key: 'levelLabel', title: '层级' },
  { key: 'statusLabel', title: '状态' },
  { key: 'district', title: '所在区县（牵头单位）' },
  { key: 'foundedOn', title: '成立日期' },
];

export async function kpiRecords(ctx: Ctx, code: string, query: KpiRecordsQuery): Promise<KpiRecordsResponse> {
  const d = await defs(ctx);
  const def = d.byId.get(code);
  const f = kpiFormula(code);
  if (!def || !f) throw notFoundKpi();
  if (query.by && !def.dimensions.includes(query.by as KpiDrillDimension))
    throw new AppError('VALIDATION', {
      'zh-CN': `该指标不支持${kpiDimensionLabels[query.by]}下钻`,
      'en-US': `This KPI cannot be drilled down by ${query.by}`,
    });
  const db = ctx.deps.db;
  const limit = query.pageSize;
  const offset = (query.page - 1) * query.pageSize;
  const filter = { by: query.by, key: query.key, q: query.q };
  const page = (
    kind: string,
    columns: { key: string; title: string }[],
    r: repo.RecordPage,
    link: (row: Record<string, string | number | null>) => string | null,
  ) => ({
    kind,
    columns,
    items: r.rows.map((row) => ({ ...row, link: link(row) })),
    total: r.total,
    page: query.page,
    pageSize: query.pageSize,
  });
  const m = f.metric;
  if (f.sourceKind === 'returns')
    return page(
      'return',
      [
        { key: 'year', title: '年度' },
        { key: 'value', title: `数值（${def.unit}）` },
        { key: 'orgName', title: '填报单位' },
        { key: 'reviewedAt', title: '审核通过时间' },
        { key: 'note', title: '说明' },
      ],
      await repo.returnRecords(db, code, filter, limit, offset),
      () => '/cockpit/returns',
    );
  if (!m) return { kind: 'awaiting', columns: [], items: [], total: 0, page: query.page, pageSize: query.pageSize };
  switch (m.kind) {
    case 'consortiumCount': {
      const r = await repo.consortiumRecords(db, m, filter, limit, offset);
      for (const row of r.rows) {
        row.levelLabel = (consortiumLevelLabels as Record<string, string>)[String(row.level)] ?? row.level ?? null;
        row.statusLabel = (consortiumStatusLabels as Record<string, string>)[String(row.status)] ?? row.status ?? null;
      }
      return page('consortium', CONSORTIUM_COLUMNS, r, (row) => `/consortia/${row.id}`);
    }
    case 'certifiedEnterprises':
      return page(
        'certification',
        [
          { key: 'name', title: '企业名称' },
          { key: 'district', title: '区县' },
          { key: 'grantedOn', title: '认定日期' },
          { key: 'expiresOn', title: '有效期至' },
          { key: 'issuer', title: '认定机关' },
        ],
        await repo.certificationRecords(db, m.level, filter, limit, offset),
        (row) => `/orgs/${row.id}`,
      );
    case 'memberCoverage':
      return page(
        'organization',
        [
          { key: 'name', title: m.orgType === 'school' ? '高职院校' : '规模以上企业' },
          { key: 'district', title: '区县' },
          { key: 'covered', title: '已参与联合体' },
          { key: 'consortia', title: '参与的联合体' },
        ],
        await repo.coverageRecords(db, m.orgType, filter, limit, offset),
        (row) => `/orgs/${row.id}`,
      );
    case 'placement':
      return page(
        'cohort',
        [
          { key: 'school', title: '学校' },
          { key: 'major', title: '专业' },
          { key: 'year', title: '届别' },
          { key: 'graduates', title: '毕业生数' },
          { key: 'placed', title: '已落实' },
          { key: 'unplaced', title: '未落实' },
          { key: 'rate', title: '去向落实率（%）' },
        ],
        await repo.placementRecords(db, filter, limit, offset),
        () => null,
      );
  }
}

// ── Overview ─────────────────────────────────────────────────────────────────────────────────

/** The KPI whose target a consortium level counts toward. */
const LEVEL_KPI: Partial<Record<string, string>> = {
  national: 'T03',
  municipal: 'T10',
  park_led: 'T11',
  enterprise_led: 'T12',
  school_led: 'T13',
  cross_region: 'T38',
};

const refCache = new WeakMap<Db, Promise<{ districts: Map<string, string>; clusters: Map<string, string> }>>();
function refNames(ctx: Ctx) {
  const db = ctx.deps.db;
  let p = refCache.get(db);
  if (!p) {
    p = (async () => ({ districts: await repo.districtNames(db), clusters: await repo.clusterNames(db) }))();
    refCache.set(db, p);
    p.then(
      (r) => {
        if (!r.districts.size) refCache.delete(db);
      },
      () => refCache.delete(db),
    );
  }
  return p;
}

function counters(
  values: repo.StoredValue[],
  d: Defs,
  year: number,
  names: { districts: Map<string, string>; clusters: Map<string, string> },
): CockpitCounters {
  const get = (code: string, dim: string) => values.filter((v) => v.kpiCode === code && v.dimension === dim);
  const city = (code: string) => get(code, 'city')[0];
  const map = (code: string, dim: string, pick: (v: repo.StoredValue) => number | null = (v) => v.value) =>
    new Map(get(code, dim).map((v) => [v.dimKey, pick(v) ?? 0]));
  const byLevel = map('_consortia', 'level');
  const consortiaByLevel = consortiumLevels.map((level) => {
    const kpiId = LEVEL_KPI[level] ?? null;
    const def = kpiId ? d.byId.get(kpiId) : undefined;
    return {
      key: level,
      label: consortiumLevelLabels[level],
      count: byLevel.get(level) ?? 0,
      target: def ? (targetFor(def.targets, year)?.target ?? null) : null,
      kpiId,
    };
  });
  const cDist = map('_consortia', 'district');
  const mDist = map('_members', 'district');
  const jDist = map('_jobs', 'district');
  const sDist = map('_students', 'district');
  const supply = map('_students', 'cluster');
  const demand = map('_jobs', 'cluster');
  return {
    consortiaTotal: city('_consortia')?.value ?? 0,
    consortiaByLevel,
    membersTotal: city('_members')?.value ?? 0,
    membersByType: get('_members', 'type')
      .map((v) => ({
        key: v.dimKey,
        label: (orgTypeLabels as Record<string, string>)[v.dimKey] ?? v.dimKey,
        count: v.value ?? 0,
      }))
      .sort((a, b) => b.count - a.count),
    jobPostings: city('_jobs')?.numerator ?? 0,
    jobHeadCount: city('_jobs')?.value ?? 0,
    students: city('_students')?.value ?? 0,
    districts: [...names.districts.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([code, name]) => ({
        code,
        name,
        consortia: cDist.get(code) ?? 0,
        members: mDist.get(code) ?? 0,
        jobs: jDist.get(code) ?? 0,
        students: sDist.get(code) ?? 0,
      })),
    clusters: [...names.clusters.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([code, name]) => ({ code, name, supply: supply.get(code) ?? 0, demand: demand.get(code) ?? 0 })),
  };
}

/** The overview (GET /api/cockpit/overview): read models only. */
export async function overview(ctx: Ctx, query: OverviewQuery): Promise<CockpitOverview> {
  const now = new Date();
  const year = requireYear(query.year, now);
  const db = ctx.deps.db;
  const [d, values, history, names] = await Promise.all([
    defs(ctx),
    repo.valuesByDimension(db, ['city', 'year', 'level', 'type', 'district', 'cluster']),
    repo.cityHistory(db, '2000-01-01'),
    refNames(ctx),
  ]);
  const idx = indexValues(values, history);
  const items = d.list.map((x) => itemFor(x, idx, year, now));
  const sections: CockpitOverview['sections'] = [];
  for (const it of items) {
    let s = sections.find((x) => x.code === it.sectionCode);
    if (!s) {
      s = { code: it.sectionCode, name: it.sectionName, kpis: [] };
      sections.push(s);
    }
    s.kpis.push(it);
  }
  sections.sort((a, b) => a.code.localeCompare(b.code));
  const shown = items.map((i) => i.current.computedAt).filter((x): x is string => !!x);
  return {
    year,
    computedAt: shown.length ? shown.sort()[0]! : null,
    coverage: coverage(d),
    statusCounts: kpiStatuses.map((s) => ({
      status: s,
      label: kpiStatusLabels[s],
      count: items.filter((i) => i.current.status === s).length,
    })),
    sections,
    counters: counters(values, d, year, names),
  };
}

// ── Consortium dashboard ─────────────────────────────────────────────────────────────────────

const notFoundConsortium = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '联合体不存在', 'en-US': 'Consortium not found' });

export async function consortiumDashboard(ctx: Ctx, id: string): Promise<ConsortiumDashboard> {
  const actor = ctx.actor;
  // Secretariat and council accounts see only their own consortium; officials (no consortium) see all.
  if (!actor || (actor.consortiumId !== null && actor.consortiumId !== id)) throw notFoundConsortium();
  const db = ctx.deps.db;
  const head = await repo.consortiumHeader(db, id);
  if (!head) throw notFoundConsortium();
  const now = new Date();
  const year = currentYear(now);
  const [d, rows, idx] = await Promise.all([defs(ctx), repo.consortiumValues(db, id), loadIndex(ctx)]);
  const row = (code: string, dim = 'consortium') => rows.find((r) => r.kpiCode === code && r.dimension === dim);
  // KPIs with a per-consortium value comparable to the city target: T24 (placement of its schools).
  const kpis: KpiItem[] = [];
  for (const f of kpiDefinitions()) {
    if (f.metric?.kind !== 'placement') continue;
    const def = d.byId.get(f.id);
    if (!def) continue;
    const own = row(f.id);
    const item = itemFor(def, idx, year, now, own ?? { ...emptyValue(f.id), computedAt: now });
    kpis.push({ ...item, spark: [] });
  }
  const placement = row('T24');
  const membersByType = rows
    .filter((r) => r.kpiCode === '_members' && r.dimension === 'consortium_type')
    .map((r) => {
      const type = r.dimKey.slice(id.length + 1);
      return { key: type, label: (orgTypeLabels as Record<string, string>)[type] ?? type, count: r.value ?? 0 };
    })
    .sort((a, b) => b.count - a.count);
  const computed = rows.map((r) => r.computedAt.getTime());
  return {
    consortium: {
      id: head.id,
      name: head.name,
      level: head.level,
      levelLabel: (consortiumLevelLabels as Record<string, string>)[head.level] ?? head.level,
      status: head.status,
      statusLabel: (consortiumStatusLabels as Record<string, string>)[head.status] ?? head.status,
    },
    computedAt: computed.length ? new Date(Math.min(...computed)).toISOString() : null,
    kpis,
    membersTotal: row('_members')?.value ?? 0,
    membersByType,
    jobPostings: row('_jobs')?.numerator ?? 0,
    jobHeadCount: row('_jobs')?.value ?? 0,
    students: row('_students')?.value ?? 0,
    placement: {
      year: row('T24', 'consortium_year')?.value ?? null,
      graduates: placement?.denominator ?? 0,
      placed: placement?.numerator ?? 0,
      rate: placement?.value ?? null,
    },
  };
}

function emptyValue(code: string): Omit<repo.StoredValue, 'computedAt'> {
  return {
    kpiCode: code,
    dimension: 'consortium',
    dimKey: '',
    label: null,
    value: null,
    numerator: null,
    denominator: null,
  };
}

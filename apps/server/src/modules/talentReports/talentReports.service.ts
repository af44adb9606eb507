import {
  type CatalogueExportQuery,
  type CatalogueGroupBy,
  type CatalogueQuery,
  type CatalogueResponse,
  type CatalogueRow,
  catalogueGroupByLabels,
  type DemandFigures,
  type EducationLevelCode,
  educationLevelLabels,
  educationLevels,
  type FitClassRow,
  type FitExportQuery,
  type FitFigures,
  type FitMajorRow,
  type FitQuery,
  type FitResponse,
  type MajorWarning,
  type ReportFormat,
  type WarningItem,
  type WarningRule,
  type WarningRuleInput,
  type WarningsQuery,
  type WarningsResponse,
  warningColorLabels,
} from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { appendAudit } from '../audit';
import { expandAccepted, type MajorIndex, type MajorRef, majorIndex, unknownMajor } from './attribution';
import {
  type CohortFigures,
  describeRule,
  evaluateWarning,
  placementRate,
  type RuleDef,
  supplyDemandRatio,
  validParams,
  yearsNeeded,
} from './rules';
import { type ReportColumn, type ReportDoc, reportPdf, reportXlsx } from './talentReports.export';
import { type ReportScope, reportScope } from './talentReports.policy';
import * as repo from './talentReports.repository';

/** Rows an export may hold; a filter wider than this is refused rather than cut silently. */
const EXPORT_CAP = 50_000;
/** A PDF is for reading and printing: past this many rows, the xlsx is the right file. */
const PDF_CAP = 5_000;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const isLevel = (s: string | null | undefined): s is EducationLevelCode =>
  !!s && (educationLevels as readonly string[]).includes(s);
const includesQ = (q: string | undefined, ...texts: (string | null | undefined)[]) => {
  if (!q) return true;
  const needle = q.toLowerCase();
  return texts.some((t) => !!t && t.toLowerCase().includes(needle));
};

function paginate<T>(rows: T[], page: number, pageSize: number) {
  return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize };
}

/** PAYLOAD_TOO_LARGE when the rows exceed what the format holds. */
function checkSize(rows: number, format: ReportFormat) {
  const cap = format === 'pdf' ? PDF_CAP : EXPORT_CAP;
  if (rows <= cap) return;
  const hint = format === 'pdf' ? '请缩小筛选范围或导出 xlsx' : '请缩小筛选范围';
  throw new AppError(
    'PAYLOAD_TOO_LARGE',
    {
      'zh-CN': `导出行数（${rows}）超过 ${format.toUpperCase()} 上限 ${cap}，${hint}`,
      'en-US': `The export has ${rows} rows, more than ${cap} for ${format}; narrow the filter`,
    },
    [{ path: 'format', message: `导出行数超过上限 ${cap}` }],
  );
}

const MIME: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ReportFile {
  buffer: Buffer;
  fileName: string;
  mime: string;
}

async function majorsOf(ctx: Ctx): Promise<MajorIndex> {
  return majorIndex(await repo.majorCatalogue(ctx.deps.db));
}

const majorRef = (index: MajorIndex, code: string): MajorRef => index.get(code) ?? unknownMajor(code);

// ── 人才需求目录 ────────────────────────────────────────────────────────────

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

interface Tally {
  headCount: number;
  jobs: number;
  prevHeadCount: number;
  prevJobs: number;
}

function figures(t: Tally): DemandFigures {
  return {
    ...t,
    headCountChange: t.headCount - t.prevHeadCount,
    jobsChange: t.jobs - t.prevJobs,
    headCountChangeRate: t.prevHeadCount > 0 ? round((t.headCount - t.prevHeadCount) / t.prevHeadCount, 4) : null,
  };
}

interface CatalogueData {
  response: Omit<CatalogueResponse, 'items' | 'total' | 'page' | 'pageSize'>;
  rows: CatalogueRow[];
}

async function catalogueData(
  ctx: Ctx,
  q: Omit<CatalogueQuery, 'page' | 'pageSize'>,
  scope: ReportScope,
): Promise<CatalogueData> {
  const { db } = ctx.deps;
  const prevYear = q.year - 1;
  const [groups, index] = await Promise.all([repo.demandGroups(db, [q.year, prevYear], scope.demand), majorsOf(ctx)]);
  const dims = dimsOf[q.groupBy];
  const tallies = new Map<string, { values: Record<Dim, string | null>; t: Tally }>();
  const totals: Tally = { headCount: 0, jobs: 0, prevHeadCount: 0, prevJobs: 0 };
  const add = (t: Tally, year: number, headCount: number, jobs: number) => {
    if (year === q.year) {
      t.headCount += headCount;
      t.jobs += jobs;
    } else {
      t.prevHeadCount += headCount;
      t.prevJobs += jobs;
    }
  };
  let unrestricted = 0;
  for (const g of groups) {
    add(totals, g.year, g.headCount, g.jobs);
    if (g.year === q.year && g.acceptedMajors.length === 0) unrestricted += g.headCount;
    const majors: (string | null)[] = dims.includes('major')
      ? g.acceptedMajors.length
        ? expandAccepted(index, g.acceptedMajors)
        : [null]
      : [null];
    for (const major of majors) {
      const values: Record<Dim, string | null> = {
        cluster: g.clusterCode,
        occupation: g.occupationCode,
        district: g.districtCode,
        level: g.minLevel,
        major,
      };
      const key = dims.map((d) => values[d] ?? '').join('|');
      let entry = tallies.get(key);
      if (!entry) {
        entry = { values, t: { headCount: 0, jobs: 0, prevHeadCount: 0, prevJobs: 0 } };
        tallies.set(key, entry);
      }
      add(entry.t, g.year, g.headCount, g.jobs);
    }
  }

  const names = await repo.dimensionNames(db, {
    clusters: groups.flatMap((g) => (g.clusterCode ? [g.clusterCode] : [])),
    occupations: groups.flatMap((g) => (g.occupationCode ? [g.occupationCode] : [])),
    districts: groups.map((g) => g.districtCode),
  });
  const shown = (d: Dim) => dims.includes(d);
  /** A shown dimension's name: the code's name, or `unlabelled` for rows without a code. */
  const nameIn = (d: Dim, code: string | null, byCode: Map<string, string>, unlabelled: string) =>
    shown(d) ? (code ? (byCode.get(code) ?? code) : unlabelled) : null;
  const rows: CatalogueRow[] = [];
  for (const [key, { values: v, t }] of tallies) {
    const major = v.major ? majorRef(index, v.major) : null;
    const row: CatalogueRow = {
      key,
      clusterCode: shown('cluster') ? v.cluster : null,
      clusterName: nameIn('cluster', v.cluster, names.clusters, '未标注产业集群'),
      occupationCode: shown('occupation') ? v.occupation : null,
      occupationName: nameIn('occupation', v.occupation, names.occupations, '未标注职业'),
      majorCode: shown('major') ? v.major : null,
      majorName: shown('major') ? (major ? major.name : '不限专业') : null,
      majorClassName: shown('major') ? (major?.className ?? null) : null,
      districtCode: shown('district') ? v.district : null,
      districtName: shown('district') && v.district ? (names.districts.get(v.district) ?? v.district) : null,
      minLevel: shown('level') && isLevel(v.level) ? v.level : null,
      ...figures(t),
    };
    const levelName = row.minLevel ? educationLevelLabels[row.minLevel]['zh-CN'] : null;
    if (
      includesQ(
        q.q,
        row.clusterCode,
        row.clusterName,
        row.occupationCode,
        row.occupationName,
        row.majorCode,
        row.majorName,
        row.majorClassName,
        row.districtCode,
        row.districtName,
        levelName,
      )
    )
      rows.push(row);
  }
  rows.sort(
    (a, b) => b.headCount - a.headCount || b.prevHeadCount - a.prevHeadCount || a.key.localeCompare(b.key, 'zh-CN'),
  );

  const notes = [
    `统计口径：${q.year} 年发布的岗位需求（含已关闭，不含草稿），需求人数为招聘人数之和；同比与 ${prevYear} 年相比。`,
  ];
  if (q.groupBy === 'major')
    notes.push(
      '按专业统计时，接受某专业类或专业大类的岗位计入其中每个专业（计全部需求人数），各专业行之和因此大于合计；合计按岗位去重。未限定专业的岗位列为“不限专业”。',
    );
  else if (unrestricted > 0) notes.push(`其中未限定专业的岗位需求 ${unrestricted} 人。`);
  notes.push(`统计范围：${scope.label}。`);
  return {
    response: {
      year: q.year,
      prevYear,
      groupBy: q.groupBy,
      consortiumId: q.consortiumId ?? null,
      scopeLabel: scope.label,
      totals: figures(totals),
      notes,
      generatedAt: new Date().toISOString(),
    },
    rows,
  };
}

/** The 人才需求目录 of a year within the caller's scope (any role with talent.report). OUT_OF_SCOPE. */
export async function demandCatalogue(ctx: Ctx, q: CatalogueQuery): Promise<CatalogueResponse> {
  const scope = await reportScope(ctx, { consortiumId: q.consortiumId }, false);
  const { response, rows } = await catalogueData(ctx, q, scope);
  return { ...response, ...paginate(rows, q.page, q.pageSize) };
}

const catalogueColumns = (groupBy: CatalogueGroupBy): ReportColumn<CatalogueRow>[] => {
  const dims = dimsOf[groupBy];
  const cols: ReportColumn<CatalogueRow>[] = [];
  if (dims.includes('cluster')) cols.push({ header: '产业集群', width: 22, kind: 'text', value: (r) => r.clusterName });
  if (dims.includes('occupation')) {
    cols.push({ header: '职业代码', width: 12, kind: 'text', value: (r) => r.occupationCode });
    cols.push({ header: '职业', width: 24, kind: 'text', value: (r) => r.occupationName });
  }
  if (dims.includes('major')) {
    cols.push({ header: '专业代码', width: 10, kind: 'text', value: (r) => r.majorCode });
    cols.push({ header: '专业', width: 24, kind: 'text', value: (r) => r.majorName });
    cols.push({ header: '专业类', width: 18, kind: 'text', value: (r) => r.majorClassName });
  }
  if (dims.includes('district')) cols.push({ header: '区县', width: 12, kind: 'text', value: (r) => r.districtName });
  if (dims.includes('level'))
    cols.push({
      header: '最低学历',
      width: 10,
      kind: 'text',
      value: (r) => (r.minLevel ? educationLevelLabels[r.minLevel]['zh-CN'] : null),
    });
  const first = cols[0];
  if (first) cols[0] = { ...first, value: (r) => (r.key === '' ? '合计' : first.value(r)) };
  cols.push(
    { header: '需求人数', width: 10, kind: 'int', value: (r) => r.headCount },
    { header: '岗位数', width: 8, kind: 'int', value: (r) => r.jobs },
    { header: '上年需求人数', width: 12, kind: 'int', value: (r) => r.prevHeadCount },
    { header: '上年岗位数', width: 10, kind: 'int', value: (r) => r.prevJobs },
    { header: '需求人数增减', width: 12, kind: 'signed', value: (r) => r.headCountChange },
    { header: '同比', width: 9, kind: 'percent', value: (r) => r.headCountChangeRate },
  );
  return cols;
};

/** The 合计 row: no dimension values; the first column says 合计. */
const totalsRow = (t: DemandFigures): CatalogueRow => ({
  key: '',
  clusterCode: null,
  clusterName: null,
  occupationCode: null,
  occupationName: null,
  majorCode: null,
  majorName: null,
  majorClassName: null,
  districtCode: null,
  districtName: null,
  minLevel: null,
  ...t,
});

async function auditExport(ctx: Ctx, report: string, format: ReportFormat, filter: object, rows: number) {
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'report.export',
      entity: 'talent_report',
      entityId: null,
      detail: { report, format, filter: JSON.parse(JSON.stringify(filter)), rows },
    }),
  );
}

function render(doc: ReportDoc, format: ReportFormat): Promise<Buffer> {
  return format === 'pdf' ? Promise.resolve(reportPdf(doc)) : reportXlsx(doc);
}

/** The catalogue as xlsx or PDF (the whole filter, not a page); audited as report.export. OUT_OF_SCOPE, PAYLOAD_TOO_LARGE. */
export async function exportDemandCatalogue(ctx: Ctx, q: CatalogueExportQuery): Promise<ReportFile> {
  const scope = await reportScope(ctx, { consortiumId: q.consortiumId }, false);
  const { response, rows } = await catalogueData(ctx, q, scope);
  checkSize(rows.length, q.format);
  const columns = catalogueColumns(q.groupBy);
  const totals = totalsRow(response.totals);
  const filter = [
    `范围：${scope.label}`,
    `年度：${q.year}（对比 ${q.year - 1}）`,
    `维度：${catalogueGroupByLabels[q.groupBy]['zh-CN']}`,
  ];
  if (q.q) filter.push(`关键词：${q.q}`);
  const doc: ReportDoc = {
    title: `${q.year} 年人才需求目录`,
    filter: filter.join('；'),
    generatedAt: new Date(response.generatedAt),
    tables: [{ name: '人才需求目录', columns, rows, totals }],
    notes: response.notes,
  };
  const buffer = await render(doc, q.format);
  await auditExport(ctx, 'catalogue', q.format, q, rows.length);
  return { buffer, fileName: `人才需求目录-${q.year}.${q.format}`, mime: MIME[q.format] };
}

// ── Supply, demand and warnings per major ──────────────────────────────────

interface Acc {
  graduates: number;
  employed: number;
  furtherStudy: number;
  military: number;
  startup: number;
  unplaced: number;
  enrollmentPlanned: number;
  enrollmentActual: number | null;
  demandHeadCount: number;
  demandJobs: number;
}

const emptyAcc = (): Acc => ({
  graduates: 0,
  employed: 0,
  furtherStudy: 0,
  military: 0,
  startup: 0,
  unplaced: 0,
  enrollmentPlanned: 0,
  enrollmentActual: null,
  demandHeadCount: 0,
  demandJobs: 0,
});

function toFigures(a: Acc): FitFigures {
  const rate = placementRate({ graduates: a.graduates, unplaced: a.unplaced });
  const { ratio, note } = supplyDemandRatio(a.graduates, a.demandHeadCount);
  return {
    ...a,
    placementRate: rate === null ? null : round(rate, 4),
    ratio: ratio === null ? null : round(ratio, 2),
    ratioNote: note,
  };
}

function addSupply(into: Acc, from: Acc) {
  into.graduates += from.graduates;
  into.employed += from.employed;
  into.furtherStudy += from.furtherStudy;
  into.military += from.military;
  into.startup += from.startup;
  into.unplaced += from.unplaced;
  into.enrollmentPlanned += from.enrollmentPlanned;
  if (from.enrollmentActual !== null) into.enrollmentActual = (into.enrollmentActual ?? 0) + from.enrollmentActual;
}

interface MajorUnit {
  ref: MajorRef;
  acc: Acc;
  cohorts: Map<number, CohortFigures>;
  actualByYear: Map<number, number | null>;
  warning: MajorWarning;
}

interface MajorData {
  scope: ReportScope;
  rules: RuleDef[];
  window: number[];
  units: MajorUnit[];
  classes: FitClassRow[];
  totals: FitFigures;
  notes: string[];
}

function toRuleDef(r: repo.RuleRow): RuleDef | null {
  const params = validParams(r.kind, r.params);
  if (!params || (r.level !== 'red' && r.level !== 'yellow')) return null;
  return { id: r.id, kind: r.kind as RuleDef['kind'], level: r.level, params, enabled: r.enabled };
}

/**
 * Supply (cohorts, enrolment), demand open to each major and each 专业类, and each major's warning,
 * for the caller's scope narrowed by the filter. Rows: majors with supply in scope, plus (outside a
 * school's view) majors with demand.
 */
async function majorData(
  ctx: Ctx,
  q: { year: number; level?: EducationLevelCode | undefined; q?: string | undefined },
  scope: ReportScope,
): Promise<MajorData> {
  const { db } = ctx.deps;
  const rules = (await repo.listRules(db)).map(toRuleDef).filter((r): r is RuleDef => !!r && r.enabled);
  const span = yearsNeeded(rules);
  const from = q.year - span + 1;
  const [cohortRows, planRows, groups, index] = await Promise.all([
    repo.cohorts(db, from, q.year, scope.supply),
    repo.plans(db, q.year - 1, q.year, scope.supply),
    repo.demandGroups(db, [q.year], scope.demand),
    majorsOf(ctx),
  ]);

  const units = new Map<string, MajorUnit>();
  const unit = (code: string) => {
    let u = units.get(code);
    if (!u) {
      u = {
        ref: majorRef(index, code),
        acc: emptyAcc(),
        cohorts: new Map(),
        actualByYear: new Map(),
        warning: { color: 'green', reasons: [], notes: [] },
      };
      units.set(code, u);
    }
    return u;
  };

  for (const c of cohortRows) {
    const u = unit(c.majorCode);
    const y = u.cohorts.get(c.year) ?? { graduates: 0, unplaced: 0 };
    u.cohorts.set(c.year, { graduates: y.graduates + c.graduates, unplaced: y.unplaced + c.unplaced });
    if (c.year === q.year) {
      u.acc.graduates += c.graduates;
      u.acc.employed += c.employed;
      u.acc.furtherStudy += c.furtherStudy;
      u.acc.military += c.military;
      u.acc.startup += c.startup;
      u.acc.unplaced += c.unplaced;
    }
  }
  for (const p of planRows) {
    const u = unit(p.majorCode);
    // A year's actual enrolment is known only if every plan of that year reports it.
    const known = u.actualByYear.has(p.year) ? u.actualByYear.get(p.year)! : 0;
    u.actualByYear.set(p.year, known === null || p.actual === null ? null : known + p.actual);
    if (p.year === q.year) {
      u.acc.enrollmentPlanned += p.planned;
      if (p.actual !== null) u.acc.enrollmentActual = (u.acc.enrollmentActual ?? 0) + p.actual;
    }
  }

  // Demand open to each major (whole head count per major) and to each 专业类 (each job once).
  const majorDemand = new Map<string, { headCount: number; jobs: number }>();
  const classDemand = new Map<string, { headCount: number; jobs: number }>();
  const bump = (m: Map<string, { headCount: number; jobs: number }>, k: string, h: number, j: number) => {
    const e = m.get(k);
    if (e) {
      e.headCount += h;
      e.jobs += j;
    } else m.set(k, { headCount: h, jobs: j });
  };
  const expanded: { majors: string[]; headCount: number; jobs: number }[] = [];
  let unrestricted = { headCount: 0, jobs: 0 };
  for (const g of groups) {
    if (g.acceptedMajors.length === 0) {
      unrestricted = { headCount: unrestricted.headCount + g.headCount, jobs: unrestricted.jobs + g.jobs };
      continue;
    }
    const majors = expandAccepted(index, g.acceptedMajors);
    expanded.push({ majors, headCount: g.headCount, jobs: g.jobs });
    const classes = new Set<string>();
    for (const m of majors) {
      bump(majorDemand, m, g.headCount, g.jobs);
      const cls = index.get(m)?.classCode;
      if (cls) classes.add(cls);
    }
    for (const c of classes) bump(classDemand, c, g.headCount, g.jobs);
  }
  if (!scope.schoolView) for (const [m, d] of majorDemand) if (d.headCount > 0) unit(m);

  const rows = [...units.values()].filter(
    (u) => (!q.level || u.ref.level === q.level) && includesQ(q.q, u.ref.code, u.ref.name, u.ref.className),
  );
  for (const u of rows) {
    const d = majorDemand.get(u.ref.code);
    u.acc.demandHeadCount = d?.headCount ?? 0;
    u.acc.demandJobs = d?.jobs ?? 0;
    u.warning = evaluateWarning(rules, {
      year: q.year,
      cohorts: u.cohorts,
      demandHeadCount: u.acc.demandHeadCount,
      enrollmentActual: u.actualByYear,
    });
  }

  // 专业类: supply of its majors in the report; demand of distinct jobs open to any major of the class.
  const classMap = new Map<
    string,
    { first: MajorRef; acc: Acc; majors: number; counts: FitClassRow['warningCounts'] }
  >();
  for (const u of rows) {
    const cls = u.ref.classCode;
    if (!cls) continue;
    let c = classMap.get(cls);
    if (!c) {
      c = { first: u.ref, acc: emptyAcc(), majors: 0, counts: { red: 0, yellow: 0, green: 0 } };
      classMap.set(cls, c);
    }
    addSupply(c.acc, u.acc);
    c.majors += 1;
    c.counts[u.warning.color] += 1;
  }
  const classes: FitClassRow[] = [...classMap.entries()]
    .map(([code, c]) => {
      const d = classDemand.get(code);
      return {
        ...toFigures({ ...c.acc, demandHeadCount: d?.headCount ?? 0, demandJobs: d?.jobs ?? 0 }),
        classCode: code,
        className: c.first.className ?? code,
        categoryCode: c.first.categoryCode,
        categoryName: c.first.categoryName,
        level: c.first.level,
        majors: c.majors,
        warningCounts: c.counts,
      };
    })
    .sort((a, b) => a.classCode.localeCompare(b.classCode));

  // Totals: supply of the rows; demand of distinct jobs open to at least one major of the rows.
  const total = emptyAcc();
  for (const u of rows) addSupply(total, u.acc);
  const inReport = new Set(rows.map((u) => u.ref.code));
  for (const e of expanded)
    if (e.majors.some((m) => inReport.has(m))) {
      total.demandHeadCount += e.headCount;
      total.demandJobs += e.jobs;
    }

  const notes = [
    `统计口径：供给为 ${q.year} 年毕业生（毕业去向）与 ${q.year} 年招生计划；需求为 ${q.year} 年发布的岗位需求（含已关闭，不含草稿）。`,
    '去向落实率 =（毕业生数 − 未落实人数）÷ 毕业生数；供需比 = 毕业生数 ÷ 对口岗位需求人数，无需求时不计算。',
    '接受专业类或专业大类的岗位计入其中每个专业（计全部需求人数），各专业需求之和因此大于合计；专业类与合计按岗位去重。',
  ];
  if (unrestricted.jobs > 0)
    notes.push(`未限定专业的岗位 ${unrestricted.jobs} 个（${unrestricted.headCount} 人）不计入各专业需求。`);
  notes.push(
    rules.length
      ? `预警规则：${rules.map((r) => `${warningColorLabels[r.level]['zh-CN']}——${describeRule(r)}`).join('；')}。`
      : '未启用预警规则。',
  );
  notes.push(`统计范围：${scope.label}。`);
  const window: number[] = [];
  for (let y = from; y <= q.year; y++) window.push(y);
  return { scope, rules, window, units: rows, classes, totals: toFigures(total), notes };
}

const colorRank = { red: 0, yellow: 1, green: 2 } as const;
const nullsLast = (a: number | null, b: number | null, dir: 1 | -1) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : (a - b) * dir;

function sortUnits(units: MajorUnit[], sort: FitQuery['sort']): MajorUnit[] {
  const byCode = (a: MajorUnit, b: MajorUnit) => a.ref.code.localeCompare(b.ref.code);
  const f = (u: MajorUnit) => toFigures(u.acc);
  const cmp: Record<FitQuery['sort'], (a: MajorUnit, b: MajorUnit) => number> = {
    code: byCode,
    warning: (a, b) => colorRank[a.warning.color] - colorRank[b.warning.color] || byCode(a, b),
    ratio: (a, b) => nullsLast(f(a).ratio, f(b).ratio, -1) || byCode(a, b),
    placement: (a, b) => nullsLast(f(a).placementRate, f(b).placementRate, 1) || byCode(a, b),
    demand: (a, b) => b.acc.demandHeadCount - a.acc.demandHeadCount || byCode(a, b),
    supply: (a, b) => b.acc.graduates - a.acc.graduates || byCode(a, b),
  };
  return [...units].sort(cmp[sort]);
}

const toFitRow = (u: MajorUnit): FitMajorRow => ({
  ...toFigures(u.acc),
  majorCode: u.ref.code,
  majorName: u.ref.name,
  level: u.ref.level,
  classCode: u.ref.classCode,
  className: u.ref.className,
  categoryCode: u.ref.categoryCode,
  categoryName: u.ref.categoryName,
  warning: u.warning,
});

/**
 * 专业结构与产业结构匹配状况报告: per major and 专业类, supply against demand open to it, placement
 * rate, ratio and warning. Enterprises: FORBIDDEN; filters outside scope: OUT_OF_SCOPE.
 */
export async function majorFit(ctx: Ctx, q: FitQuery): Promise<FitResponse> {
  const scope = await reportScope(ctx, { consortiumId: q.consortiumId, schoolOrgId: q.schoolOrgId }, true);
  const data = await majorData(ctx, q, scope);
  const rows = sortUnits(data.units, q.sort).map(toFitRow);
  return {
    year: q.year,
    level: q.level ?? null,
    schoolOrgId: q.schoolOrgId ?? null,
    consortiumId: q.consortiumId ?? null,
    scopeLabel: scope.label,
    ...paginate(rows, q.page, q.pageSize),
    classes: data.classes,
    totals: data.totals,
    notes: data.notes,
    generatedAt: new Date().toISOString(),
  };
}

const supplyColumns = <R extends FitFigures>(): ReportColumn<R>[] => [
  { header: '毕业生', width: 8, kind: 'int', value: (r) => r.graduates },
  { header: '未落实', width: 8, kind: 'int', value: (r) => r.unplaced },
  { header: '去向落实率', width: 10, kind: 'percent', value: (r) => r.placementRate },
  { header: '计划招生', width: 9, kind: 'int', value: (r) => r.enrollmentPlanned },
  { header: '实际招生', width: 9, kind: 'int', value: (r) => r.enrollmentActual },
  { header: '需求人数', width: 9, kind: 'int', value: (r) => r.demandHeadCount },
  { header: '岗位数', width: 7, kind: 'int', value: (r) => r.demandJobs },
  { header: '供需比', width: 8, kind: 'ratio', value: (r) => r.ratio ?? r.ratioNote ?? null },
];

const fitMajorColumns: ReportColumn<FitMajorRow>[] = [
  { header: '专业代码', width: 9, kind: 'text', value: (r) => r.majorCode },
  { header: '专业名称', width: 20, kind: 'text', value: (r) => r.majorName },
  { header: '专业类', width: 14, kind: 'text', value: (r) => r.className },
  {
    header: '层次',
    width: 10,
    kind: 'text',
    value: (r) => (r.level ? educationLevelLabels[r.level]['zh-CN'] : null),
  },
  ...supplyColumns<FitMajorRow>(),
  { header: '预警', width: 9, kind: 'text', value: (r) => warningColorLabels[r.warning.color]['zh-CN'] },
  {
    header: '预警原因',
    width: 40,
    kind: 'text',
    value: (r) => [...r.warning.reasons.map((x) => x.text), ...r.warning.notes].join('\n') || null,
  },
];

const fitClassColumns: ReportColumn<FitClassRow>[] = [
  { header: '专业类代码', width: 10, kind: 'text', value: (r) => r.classCode },
  { header: '专业类', width: 20, kind: 'text', value: (r) => r.className },
  { header: '专业大类', width: 18, kind: 'text', value: (r) => r.categoryName },
  { header: '专业数', width: 7, kind: 'int', value: (r) => r.majors },
  ...supplyColumns<FitClassRow>(),
  {
    header: '红/黄/绿',
    width: 10,
    kind: 'text',
    value: (r) => `${r.warningCounts.red}/${r.warningCounts.yellow}/${r.warningCounts.green}`,
  },
];

/** The fit report as xlsx or PDF; audited as report.export. FORBIDDEN, OUT_OF_SCOPE, PAYLOAD_TOO_LARGE. */
export async function exportMajorFit(ctx: Ctx, q: FitExportQuery): Promise<ReportFile> {
  const scope = await reportScope(ctx, { consortiumId: q.consortiumId, schoolOrgId: q.schoolOrgId }, true);
  const data = await majorData(ctx, q, scope);
  checkSize(data.units.length, q.format);
  const rows = sortUnits(data.units, q.sort).map(toFitRow);
  const filter = [`范围：${scope.label}`, `年度：${q.year}`];
  if (q.level) filter.push(`层次：${educationLevelLabels[q.level]['zh-CN']}`);
  if (q.q) filter.push(`关键词：${q.q}`);
  const totalsMajor: FitMajorRow = {
    ...data.totals,
    majorCode: '合计',
    majorName: '',
    level: null,
    classCode: null,
    className: null,
    categoryCode: null,
    categoryName: null,
    warning: { color: 'green', reasons: [], notes: [] },
  };
  const doc: ReportDoc = {
    title: `${q.year} 年专业结构与产业结构匹配状况报告`,
    filter: filter.join('；'),
    generatedAt: new Date(),
    tables: [
      {
        name: '按专业',
        columns: fitMajorColumns.map((c) =>
          c.header === '预警' || c.header === '预警原因'
            ? { ...c, value: (r: FitMajorRow) => (r.majorCode === '合计' ? null : c.value(r)) }
            : c,
        ),
        rows,
        totals: totalsMajor,
      },
      { name: '按专业类', columns: fitClassColumns, rows: data.classes },
    ],
    notes: data.notes,
  };
  const buffer = await render(doc, q.format);
  await auditExport(ctx, 'fit', q.format, q, rows.length);
  return { buffer, fileName: `专业结构与产业结构匹配状况报告-${q.year}.${q.format}`, mime: MIME[q.format] };
}

/**
 * 专业预警 for a year: red/yellow/green per major (per school × major in a school's own view) with
 * the reasons. Enterprises: FORBIDDEN; filters outside scope: OUT_OF_SCOPE.
 */
export async function majorWarnings(ctx: Ctx, q: WarningsQuery): Promise<WarningsResponse> {
  const scope = await reportScope(ctx, { consortiumId: q.consortiumId, schoolOrgId: q.schoolOrgId }, true);
  const data = await majorData(ctx, q, scope);
  const school = scope.schoolView && scope.supply.schoolOrgIds?.length === 1 ? scope.supply.schoolOrgIds[0]! : null;
  const schoolName = school ? ((await repo.orgNames(ctx.deps.db, [school])).get(school) ?? null) : null;
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const u of data.units) counts[u.warning.color] += 1;
  const items: WarningItem[] = sortUnits(data.units, 'warning')
    .filter((u) => !q.color || u.warning.color === q.color)
    .map((u) => {
      const f = toFigures(u.acc);
      return {
        ...u.warning,
        schoolOrgId: school,
        schoolName,
        majorCode: u.ref.code,
        majorName: u.ref.name,
        level: u.ref.level,
        className: u.ref.className,
        graduates: u.acc.graduates,
        placementRates: data.window.map((year) => {
          const rate = placementRate(u.cohorts.get(year));
          return { year, rate: rate === null ? null : round(rate, 4) };
        }),
        demandHeadCount: u.acc.demandHeadCount,
        ratio: f.ratio,
      };
    });
  return { year: q.year, ...paginate(items, q.page, q.pageSize), counts, generatedAt: new Date().toISOString() };
}

// ── Warning rules ───────────────────────────────────────────────────────────

function toRule(r: repo.RuleRow): WarningRule {
  const kind = r.kind as WarningRule['kind'];
  const params = validParams(r.kind, r.params);
  return {
    id: r.id,
    kind,
    level: r.level as WarningRule['level'],
    // A row edited outside the form with bad parameters is shown (and skipped by the evaluation), not a 500.
    params: params ?? { threshold: 0 },
    enabled: r.enabled,
    note: r.note,
    description: params ? describeRule({ kind, params }) : '参数无效，规则不参与预警',
    updatedAt: r.updatedAt.toISOString(),
  };
}

const ruleNotFound = () => new AppError('NOT_FOUND', { 'zh-CN': '预警规则不存在', 'en-US': 'Warning rule not found' });

const auditView = (r: repo.RuleRow) => ({
  kind: r.kind,
  level: r.level,
  params: r.params as Record<string, number>,
  enabled: r.enabled,
  note: r.note,
});

const writeOf = (ctx: Ctx, body: WarningRuleInput): repo.RuleWrite => ({
  kind: body.kind,
  level: body.level,
  params: body.params,
  enabled: body.enabled,
  note: body.note ?? null,
  updatedBy: ctx.actor?.userId ?? null,
});

/** All rules, enabled or not (readers of the reports see what the colours mean). */
export async function listWarningRules(ctx: Ctx): Promise<{ items: WarningRule[] }> {
  return { items: (await repo.listRules(ctx.deps.db)).map(toRule) };
}

/** Adds a rule (officials, talent.rules); params are checked per kind by the contract. Audited. */
export async function createWarningRule(ctx: Ctx, body: WarningRuleInput): Promise<WarningRule> {
  const row = await ctx.deps.db.transaction(async (tx) => {
    const r = await repo.insertRule(tx, writeOf(ctx, body));
    await appendAudit(tx, ctx, {
      action: 'talent.rule.create',
      entity: 'major_warning_rule',
      entityId: r.id,
      after: auditView(r),
    });
    return r;
  });
  return toRule(row);
}

/**
 * Changes a locked rule to what `change` makes of it (null: nothing to change, nothing audited).
 * NOT_FOUND. Audited as `action` with before/after.
 */
async function changeRule(
  ctx: Ctx,
  id: string,
  action: 'talent.rule.update' | 'talent.rule.disable',
  change: (before: repo.RuleRow) => Partial<repo.RuleWrite> | null,
): Promise<WarningRule> {
  const row = await ctx.deps.db.transaction(async (tx) => {
    const before = await repo.findRule(tx, id, true);
    if (!before) throw ruleNotFound();
    const values = change(before);
    if (!values) return before;
    const r = await repo.updateRule(tx, id, values);
    await appendAudit(tx, ctx, {
      action,
      entity: 'major_warning_rule',
      entityId: id,
      before: auditView(before),
      after: auditView(r),
    });
    return r;
  });
  return toRule(row);
}

/** Replaces a rule's kind, level, params, enabled and note. NOT_FOUND. Audited with before/after. */
export function updateWarningRule(ctx: Ctx, id: string, body: WarningRuleInput): Promise<WarningRule> {
  return changeRule(ctx, id, 'talent.rule.update', () => writeOf(ctx, body));
}

/** Disables a rule (the row stays, so the audit trail and a later re-enable keep it). NOT_FOUND. Audited. */
export function disableWarningRule(ctx: Ctx, id: string): Promise<WarningRule> {
  return changeRule(ctx, id, 'talent.rule.disable', (before) =>
    before.enabled ? { enabled: false, updatedBy: ctx.actor?.userId ?? null } : null,
  );
}

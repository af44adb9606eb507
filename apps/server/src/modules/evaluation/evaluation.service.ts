import {
  FRAMEWORK_TOTAL_WEIGHT,
  type FrameworkListQuery,
  type FrameworkStatus,
  frameworkStatusLabels,
  type IndicatorFrameworkDetail,
  type IndicatorFrameworkItem,
  type IndicatorPoint,
  type NewFrameworkVersionBody,
  type Paged,
  type PointKind,
  type PutPointsBody,
  pointKindLabels,
  type UpdateFrameworkBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import * as repo from './evaluation.repository';

/** The name of version 1, the MoE 2023 framework (教育部办公厅 2023 市域产教联合体建设指标). */
export const DEFAULT_FRAMEWORK_NAME = '教育部市域产教联合体建设指标';

const ENTITY = 'indicator_framework';

type PointValues = Omit<IndicatorPoint, 'sort'>;

/**
 * Version 1's weights: the basic points share the 100-point total equally — floor(100 / n) each,
 * the remainder one point at a time to the first points in order (25 basic points: 4 each). A
 * deduction point's weight is the most it can deduct; the MoE text sets none, so it starts at 0.
 */
export function defaultWeights(kinds: readonly string[]): number[] {
  const basic = kinds.filter((k) => k === 'basic').length;
  const base = basic ? Math.floor(FRAMEWORK_TOTAL_WEIGHT / basic) : 0;
  let extra = basic ? FRAMEWORK_TOTAL_WEIGHT - base * basic : 0;
  return kinds.map((k) => {
    if (k !== 'basic') return 0;
    if (extra > 0) {
      extra--;
      return base + 1;
    }
    return base;
  });
}

/**
 * The rules a framework's points must meet (on every replace and again on publish): unique point
 * codes, one name per group code, weights ≥ 0, at least one basic point, basic weights totalling 100.
 * Returns the problems in Chinese, empty when valid.
 */
export function pointProblems(points: readonly PointValues[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const p of points) (seen.has(p.pointCode) ? dup : seen).add(p.pointCode);
  if (dup.size) problems.push(`观测点编号重复：${[...dup].join('、')}`);
  const groups = new Map<string, string>();
  const clash = new Set<string>();
  for (const p of points) {
    const name = groups.get(p.groupCode);
    if (name === undefined) groups.set(p.groupCode, p.groupName);
    else if (name !== p.groupName) clash.add(p.groupCode);
  }
  if (clash.size) problems.push(`同一指标组的名称不一致：${[...clash].join('、')}`);
  const negative = points.filter((p) => p.weight < 0).map((p) => p.pointCode);
  if (negative.length) problems.push(`分值不能为负数：${negative.join('、')}`);
  const basic = points.filter((p) => p.kind === 'basic');
  if (basic.length === 0) problems.push('至少需要一个基本指标观测点');
  const total = basic.reduce((s, p) => s + p.weight, 0);
  if (basic.length && total !== FRAMEWORK_TOTAL_WEIGHT)
    problems.push(`基本指标分值合计应为 ${FRAMEWORK_TOTAL_WEIGHT} 分，当前为 ${total} 分`);
  return problems;
}

function assertValid(points: readonly PointValues[]) {
  const problems = pointProblems(points);
  if (problems.length)
    throw new AppError(
      'VALIDATION',
      { 'zh-CN': problems.join('；'), 'en-US': 'The indicator points are not valid' },
      { problems },
    );
}

function toPoint(r: repo.PointRow): IndicatorPoint {
  return {
    groupCode: r.groupCode,
    groupName: r.groupName,
    pointCode: r.pointCode,
    name: r.name,
    kind: r.kind as PointKind,
    weight: r.weight,
    guidance: r.guidance,
    sort: r.sort,
  };
}

function toItem(r: repo.FrameworkSummary): IndicatorFrameworkItem {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    status: r.status as FrameworkStatus,
    basedOn: r.basedOn,
    note: r.note,
    pointCount: r.pointCount,
    groupCount: r.groupCount,
    totalWeight: r.totalWeight,
    createdAt: r.createdAt.toISOString(),
    publishedAt: r.publishedAt?.toISOString() ?? null,
  };
}

const notFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '指标体系版本不存在', 'en-US': 'Indicator framework not found' });

/** A draft, locked for the transaction. NOT_FOUND; CONFLICT for published and retired versions. */
async function lockedDraft(tx: DbOrTx, id: string) {
  const row = await repo.lockFramework(tx, id);
  if (!row) throw notFound();
  if (row.status !== 'draft')
    throw new AppError(
      'CONFLICT',
      {
        'zh-CN': `${frameworkStatusLabels[row.status as FrameworkStatus] ?? row.status}的指标体系版本不能修改，已有评价仍按该版本进行；请复制为新版本后再编辑`,
        'en-US': 'A published or retired framework version cannot change; copy it into a new version',
      },
      { status: row.status },
    );
  return row;
}

const auditPoints = (points: readonly PointValues[]) =>
  points.map((p) => ({ code: p.pointCode, kind: p.kind, weight: p.weight, name: p.name, guidance: p.guidance }));

/**
 * Creates version 1 from ref_indicators once (published, default weights); does nothing when it
 * exists or the reference data is not loaded. Safe to run at every start-up and concurrently.
 */
export async function ensureDefaultFramework(ctx: Ctx): Promise<{ created: boolean; id: string | null }> {
  const refs = await repo.referenceIndicators(ctx.deps.db);
  if (refs.length === 0) return { created: false, id: null };
  const weights = defaultWeights(refs.map((r) => r.kind));
  return ctx.deps.db.transaction(async (tx) => {
    const now = new Date();
    const id = await repo.insertFramework(tx, {
      name: DEFAULT_FRAMEWORK_NAME,
      version: 1,
      status: 'published',
      note: '教育部办公厅《市域产教联合体建设指标》(2023) 7 个方面观测点；基本指标平均分配 100 分，扣分项初始 0 分。',
      createdAt: now,
      publishedAt: now,
    });
    if (!id) return { created: false, id: null };
    const points = refs.map((r, i) => ({
      groupCode: r.groupCode,
      groupName: r.groupName,
      pointCode: r.pointCode,
      name: r.observationPoint,
      kind: r.kind,
      weight: weights[i] ?? 0,
      guidance: '',
      sort: i + 1,
    }));
    await repo.replacePoints(tx, id, points);
    await appendAudit(tx, ctx, {
      action: 'indicator_framework.create',
      entity: ENTITY,
      entityId: id,
      after: { name: DEFAULT_FRAMEWORK_NAME, version: 1, status: 'published', pointCount: points.length },
    });
    return { created: true, id };
  });
}

/** Every framework version, newest version of each name first; searchable by name, filterable by status. */
export async function listFrameworks(ctx: Ctx, q: FrameworkListQuery): Promise<Paged<IndicatorFrameworkItem>> {
  const { items, total } = await repo.listFrameworks(
    ctx.deps.db,
    repo.frameworkWhere(q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** One version with its points (frameworks are city-wide: every indicator.read holder sees all). NOT_FOUND. */
export async function getFramework(ctx: Ctx, id: string): Promise<IndicatorFrameworkDetail> {
  const { db } = ctx.deps;
  const row = await repo.findFramework(db, id);
  if (!row) throw notFound();
  const [points, names] = await Promise.all([
    repo.pointsOf(db, id),
    repo.userNames(
      db,
      [row.createdBy, row.publishedBy].filter((x): x is string => Boolean(x)),
    ),
  ]);
  return {
    ...toItem(row),
    createdBy: row.createdBy ? (names.get(row.createdBy) ?? null) : null,
    publishedBy: row.publishedBy ? (names.get(row.publishedBy) ?? null) : null,
    points: points.map(toPoint),
  };
}

/**
 * Copies a version (any status) into a new draft, version = highest of that name + 1, same points.
 * NOT_FOUND; CONFLICT when the name already has a draft (one draft at a time).
 */
export async function newVersion(
  ctx: Ctx,
  id: string,
  body: NewFrameworkVersionBody,
): Promise<IndicatorFrameworkDetail> {
  const newId = await ctx.deps.db.transaction(async (tx) => {
    const src = await repo.lockFramework(tx, id);
    if (!src) throw notFound();
    const draft = await repo.findDraftNamed(tx, src.name);
    if (draft)
      throw new AppError(
        'CONFLICT',
        {
          'zh-CN': `该指标体系已有草稿版本（第 ${draft.version} 版），请先编辑并发布该草稿`,
          'en-US': `Version ${draft.version} is already a draft`,
        },
        { draftId: draft.id },
      );
    const version = (await repo.maxVersion(tx, src.name)) + 1;
    const created = await repo.insertFramework(tx, {
      name: src.name,
      version,
      status: 'draft',
      basedOn: src.id,
      note: body.note ?? src.note,
      createdBy: ctx.actor?.userId ?? null,
    });
    if (!created) throw new AppError('CONFLICT');
    const points = await repo.pointsOf(tx, src.id);
    await repo.replacePoints(
      tx,
      created,
      points.map(({ id: _id, frameworkId: _f, ...p }) => p),
    );
    await appendAudit(tx, ctx, {
      action: 'indicator_framework.version',
      entity: ENTITY,
      entityId: created,
      after: { name: src.name, version, status: 'draft', basedOn: src.id, pointCount: points.length },
    });
    return created;
  });
  return getFramework(ctx, newId);
}

/** Renames a draft or changes its note. NOT_FOUND; CONFLICT for published versions and taken names. */
export async function updateFramework(
  ctx: Ctx,
  id: string,
  body: UpdateFrameworkBody,
): Promise<IndicatorFrameworkDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockedDraft(tx, id);
    const name = body.name ?? row.name;
    if (name !== row.name) {
      const taken =
        (await repo.existsNameVersion(tx, name, row.version, id)) || Boolean(await repo.findDraftNamed(tx, name, id));
      if (taken)
        throw new AppError('CONFLICT', {
          'zh-CN': `名称“${name}”已有第 ${row.version} 版或草稿版本，请换一个名称`,
          'en-US': 'That name already has this version or a draft',
        });
    }
    const note = body.note === undefined ? row.note : body.note;
    await repo.updateFramework(tx, id, { name, note });
    await appendAudit(tx, ctx, {
      action: 'indicator_framework.update',
      entity: ENTITY,
      entityId: id,
      before: { name: row.name, note: row.note },
      after: { name, note },
    });
  });
  return getFramework(ctx, id);
}

/**
 * Replaces a draft's points (add, edit, remove in one go), in the order given. VALIDATION with every
 * problem listed (see pointProblems), nothing written; NOT_FOUND; CONFLICT for published versions.
 */
export async function putPoints(ctx: Ctx, id: string, body: PutPointsBody): Promise<IndicatorFrameworkDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    await lockedDraft(tx, id);
    assertValid(body.points);
    const before = await repo.pointsOf(tx, id);
    const points = body.points.map((p, i) => ({ ...p, guidance: p.guidance ?? '', sort: i + 1 }));
    await repo.replacePoints(tx, id, points);
    await appendAudit(tx, ctx, {
      action: 'indicator_framework.points',
      entity: ENTITY,
      entityId: id,
      before: { points: auditPoints(before.map(toPoint)) },
      after: { points: auditPoints(points) },
    });
  });
  return getFramework(ctx, id);
}

/**
 * Publishes a draft after checking its points again; other published versions of the same name are
 * retired (still readable and pinned by their evaluations). VALIDATION, NOT_FOUND, CONFLICT.
 */
export async function publish(ctx: Ctx, id: string): Promise<IndicatorFrameworkDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockedDraft(tx, id);
    assertValid((await repo.pointsOf(tx, id)).map(toPoint));
    const retired = await repo.retirePublished(tx, row.name, id);
    await repo.updateFramework(tx, id, {
      status: 'published',
      publishedAt: new Date(),
      publishedBy: ctx.actor?.userId ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'indicator_framework.publish',
      entity: ENTITY,
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'published' },
      detail: { retired },
    });
  });
  return getFramework(ctx, id);
}

const exportColumns = defineColumns([
  { key: 'groupCode', header: '指标组编号', width: 10 },
  { key: 'groupName', header: '指标组', width: 14 },
  { key: 'pointCode', header: '观测点编号', width: 10 },
  { key: 'name', header: '观测点', width: 80 },
  { key: 'kind', header: '类型', width: 10 },
  { key: 'weight', header: '分值', kind: 'integer' },
  { key: 'guidance', header: '评分说明', width: 60 },
]);

/** One version's points as xlsx, titled with name, version and status. NOT_FOUND. */
export async function exportFramework(ctx: Ctx, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const f = await getFramework(ctx, id);
  const buffer = await exportXlsx(
    exportColumns,
    f.points.map((p) => ({ ...p, kind: pointKindLabels[p.kind] })),
    {
      sheetName: '观测点',
      title: `${f.name}（第 ${f.version} 版，${frameworkStatusLabels[f.status]}，基本指标合计 ${f.totalWeight} 分）`,
    },
  );
  return { buffer, fileName: `${f.name}-第${f.version}版.xlsx` };
}

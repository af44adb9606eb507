import {
  type CreateJobBody,
  educationLevelLabels,
  type JobExportQuery,
  type JobFacets,
  type JobItem,
  type JobListQuery,
  type JobListResponse,
  type JobStatus,
  type JobStatusBody,
  jobFieldKeys,
  jobKindLabels,
  jobRangeProblems,
  jobStatusLabels,
  type UpdateJobBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { SQL } from 'drizzle-orm';
import type { Ctx } from '../../lib/context';
import { todayInChina } from '../../lib/dates';
import { AppError, outOfScope } from '../../lib/errors';
import { searchVector } from '../../lib/segment';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import { resolveScope } from '../identity';
import { announceMatchChanges, recordMatchChanges } from '../matching';
import { type ReferenceCodes, referenceCodes } from '../reference';
import { canReadJob, canWriteJob, type JobScope, jobListWhere, jobReadWhere, jobScope } from './jobs.policy';
import * as repo from './jobs.repository';

const today = () => todayInChina();
const thisYear = () => Number(today().slice(0, 4));

const invalid = (problems: { path: string; message: string }[]) =>
  new AppError(
    'VALIDATION',
    { 'zh-CN': `提交的数据不符合要求：${problems[0]!.message}`, 'en-US': 'The submitted data is not valid' },
    problems,
  );
const conflict = (zh: string, en: string, details?: unknown) =>
  new AppError('CONFLICT', { 'zh-CN': zh, 'en-US': en }, details);
const jobNotFound = () => new AppError('NOT_FOUND', { 'zh-CN': '岗位需求不存在', 'en-US': 'Job demand not found' });

async function scopeOf(ctx: Ctx): Promise<JobScope> {
  return jobScope(ctx.actor, await resolveScope(ctx.deps.db, ctx.actor));
}

function toItem(r: repo.JobRow, ref: ReferenceCodes, majors: Map<string, repo.MajorLabel>): JobItem {
  return {
    id: r.id,
    seq: r.seq,
    orgId: r.orgId,
    orgName: r.orgName,
    consortiumId: r.consortiumId,
    consortiumName: r.consortiumName,
    title: r.title,
    description: r.description,
    occupationCode: r.occupationCode,
    occupationName: r.occupationName,
    clusterCode: r.clusterCode,
    clusterName: r.clusterCode ? (ref.clusters.get(r.clusterCode) ?? null) : null,
    industryCode: r.industryCode,
    industryName: r.industryCode ? (ref.industries.get(r.industryCode) ?? null) : null,
    acceptedMajors: r.acceptedMajors,
    majorLabels: r.acceptedMajors.map((c) => majors.get(c) ?? { code: c, name: c, scope: 'major' as const }),
    skills: r.skills,
    certificates: r.certificates,
    headCount: r.headCount,
    minLevel: r.minLevel as JobItem['minLevel'],
    gradFrom: r.gradFrom,
    gradTo: r.gradTo,
    districtCode: r.districtCode,
    districtName: ref.districts.get(r.districtCode) ?? null,
    salaryMin: r.salaryMin,
    salaryMax: r.salaryMax,
    kind: r.kind as JobItem['kind'],
    validUntil: r.validUntil,
    status: r.status as JobStatus,
    year: r.year,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
    canEdit: false,
  };
}

async function toItems(ctx: Ctx, db: DbOrTx, rows: repo.JobRow[], js: JobScope): Promise<JobItem[]> {
  const [ref, majors] = await Promise.all([
    referenceCodes(ctx.deps),
    repo.majorLabels(db, [...new Set(rows.flatMap((r) => r.acceptedMajors))]),
  ]);
  const mayWrite = !!ctx.actor?.permissions.has('job.write');
  return rows.map((r) => ({ ...toItem(r, ref, majors), canEdit: mayWrite && canWriteJob(js, r) }));
}

// ── Reading ─────────────────────────────────────────────────────────────────

/** The list filter plus the caller's scope; deleted jobs only for those who may restore them. */
async function scopedWhere(ctx: Ctx, js: JobScope, q: JobExportQuery): Promise<SQL | undefined> {
  let majorCodes: string[] | undefined;
  if (q.major) {
    majorCodes = await repo.codesMatching(ctx.deps.db, q.major);
    if (!majorCodes) throw invalid([{ path: 'major', message: `专业代码 ${q.major} 不在职业教育专业目录中` }]);
  }
  return repo.jobWhere({ ...q, majorCodes }, jobListWhere(js, repo.scopeColumns, q.deleted));
}

/**
 * Facet counts: each facet over the list's filter without its own field, so picking 全职 still
 * shows how many 实习 there are (the usual faceted-search rule).
 */
async function facets(ctx: Ctx, js: JobScope, q: JobExportQuery): Promise<JobFacets> {
  const { db } = ctx.deps;
  const ref = await referenceCodes(ctx.deps);
  const count = async (field: 'kind' | 'status' | 'clusterCode' | 'districtCode') =>
    repo.facet(db, field, await scopedWhere(ctx, js, { ...q, [field]: undefined }));
  const [kind, status, cluster, district] = await Promise.all([
    count('kind'),
    count('status'),
    count('clusterCode'),
    count('districtCode'),
  ]);
  const label = (map: (v: string) => string | null | undefined) => (b: { value: string | null; count: number }) => ({
    value: b.value!,
    label: map(b.value!) ?? null,
    count: b.count,
  });
  return {
    kind: kind.map(label((v) => jobKindLabels[v as keyof typeof jobKindLabels]?.['zh-CN'])),
    status: status.map(label((v) => jobStatusLabels[v as JobStatus]?.['zh-CN'])),
    clusterCode: cluster.map(label((v) => ref.clusters.get(v))),
    districtCode: district.map(label((v) => ref.districts.get(v))),
  };
}

/**
 * Job demands within the caller's scope (see jobs.policy.ts), searched in Chinese over title,
 * description, skills, certificates, occupation and cluster names, with facet counts (kind,
 * status, cluster, district), each without its own filter. VALIDATION for an unknown `major`.
 */
export async function listJobs(ctx: Ctx, q: JobListQuery): Promise<JobListResponse> {
  const js = await scopeOf(ctx);
  const where = await scopedWhere(ctx, js, q);
  const { db } = ctx.deps;
  const [{ items, total }, facetCounts] = await Promise.all([
    repo.listJobs(db, where, q.pageSize, (q.page - 1) * q.pageSize),
    facets(ctx, js, q),
  ]);
  return { items: await toItems(ctx, db, items, js), total, page: q.page, pageSize: q.pageSize, facets: facetCounts };
}

/** The row if the caller may read it, else NOT_FOUND (a job out of scope is not revealed). */
async function findReadable(db: DbOrTx, id: string, js: JobScope): Promise<repo.JobRow> {
  const row = await repo.findJob(db, id);
  if (!row || !canReadJob(js, row)) throw jobNotFound();
  // A deleted job is seen only by those who may restore it, and by officials.
  if (row.deletedAt && !js.readAll && !canWriteJob(js, row)) throw jobNotFound();
  return row;
}

/** One job demand. NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function getJob(ctx: Ctx, id: string): Promise<JobItem> {
  const js = await scopeOf(ctx);
  const row = await findReadable(ctx.deps.db, id, js);
  return (await toItems(ctx, ctx.deps.db, [row], js))[0]!;
}

/** What other modules (applications, matching) need of a job. */
export interface JobRefForScope {
  id: string;
  seq: number;
  orgId: string;
  orgName: string;
  consortiumId: string | null;
  kind: string;
  status: string;
  title: string;
  minLevel: string;
  validUntil: string | null;
  deletedAt: Date | null;
}

/**
 * The job if the caller may read it (`read`) or write it (`write`). NOT_FOUND when it does not
 * exist, is deleted, or is not readable; OUT_OF_SCOPE when readable but not writable.
 */
export async function getJobForScope(
  ctx: Ctx,
  id: string,
  action: 'read' | 'write' = 'read',
  db: DbOrTx = ctx.deps.db,
): Promise<JobRefForScope> {
  const js = await scopeOf(ctx);
  const row = await findReadable(db, id, js);
  if (row.deletedAt) throw jobNotFound();
  if (action === 'write' && !canWriteJob(js, row)) throw outOfScope();
  return {
    id: row.id,
    seq: row.seq,
    orgId: row.orgId,
    orgName: row.orgName,
    consortiumId: row.consortiumId,
    kind: row.kind,
    status: row.status,
    title: row.title,
    minLevel: row.minLevel,
    validUntil: row.validUntil,
    deletedAt: row.deletedAt,
  };
}

/**
 * The caller's job visibility as a SQL condition over `job_demands` (undefined: no restriction),
 * for modules that list or count jobs (matching results, reports). Deleted jobs are not excluded here.
 */
export async function jobVisibilityWhere(ctx: Ctx): Promise<SQL | undefined> {
  return jobReadWhere(await scopeOf(ctx), repo.scopeColumns);
}

const exportColumns = defineColumns([
  { key: 'title', header: '岗位名称', width: 28 },
  { key: 'orgName', header: '发布单位', width: 30 },
  { key: 'consortiumName', header: '发布联合体', width: 30 },
  { key: 'status', header: '状态', width: 8 },
  { key: 'kind', header: '岗位类型', width: 8 },
  { key: 'occupation', header: '职业（2022 大典）', width: 28 },
  { key: 'cluster', header: '产业集群', width: 20 },
  { key: 'industry', header: '所属行业', width: 20 },
  { key: 'majors', header: '可接受专业', kind: 'list', width: 36 },
  { key: 'skills', header: '技能要求', kind: 'list', width: 30 },
  { key: 'certificates', header: '证书要求', kind: 'list', width: 24 },
  { key: 'headCount', header: '需求人数', kind: 'integer' },
  { key: 'minLevel', header: '最低学历层次', width: 12 },
  { key: 'gradFrom', header: '毕业时间起', width: 10 },
  { key: 'gradTo', header: '毕业时间止', width: 10 },
  { key: 'district', header: '工作区县', width: 10 },
  { key: 'salaryMin', header: '最低月薪（元）', kind: 'integer' },
  { key: 'salaryMax', header: '最高月薪（元）', kind: 'integer' },
  { key: 'validUntil', header: '有效期至', kind: 'date' },
  { key: 'year', header: '年度', kind: 'integer' },
  { key: 'publishedAt', header: '发布时间', kind: 'datetime' },
  { key: 'description', header: '岗位描述', width: 40 },
]);

/** The filtered list (caller's scope) as xlsx with Chinese headers; the export is audited. */
export async function exportJobs(ctx: Ctx, q: JobExportQuery): Promise<Buffer> {
  const js = await scopeOf(ctx);
  const where = await scopedWhere(ctx, js, q);
  const { db } = ctx.deps;
  let rows = 0;
  async function* items() {
    for await (const batch of repo.iterateJobs(db, where)) {
      for (const j of await toItems(ctx, db, batch, js)) {
        rows += 1;
        yield {
          title: j.title,
          orgName: j.orgName,
          consortiumName: j.consortiumName,
          status: jobStatusLabels[j.status]['zh-CN'],
          kind: jobKindLabels[j.kind]['zh-CN'],
          occupation: j.occupationCode ? `${j.occupationCode} ${j.occupationName ?? ''}`.trim() : null,
          cluster: j.clusterName,
          industry: j.industryCode ? `${j.industryCode} ${j.industryName ?? ''}`.trim() : null,
          majors: j.majorLabels.map((m) => (m.name === m.code ? m.code : `${m.code} ${m.name}`)),
          skills: j.skills,
          certificates: j.certificates,
          headCount: j.headCount,
          minLevel: educationLevelLabels[j.minLevel]['zh-CN'],
          gradFrom: j.gradFrom,
          gradTo: j.gradTo,
          district: j.districtName ?? j.districtCode,
          salaryMin: j.salaryMin,
          salaryMax: j.salaryMax,
          validUntil: j.validUntil,
          year: j.year,
          publishedAt: j.publishedAt ? new Date(j.publishedAt) : null,
          description: j.description,
        };
      }
    }
  }
  const buffer = await exportXlsx(exportColumns, items(), { sheetName: '岗位需求' });
  await db.transaction((tx) =>
    appendAudit(tx, ctx, { action: 'job.export', entity: 'job_demand', detail: { filter: q, rows } }),
  );
  return buffer;
}

// ── Writing ─────────────────────────────────────────────────────────────────

/** A job's stored fields as the service composes them (create, or the merged record of an update). */
interface JobFields {
  orgId: string;
  consortiumId: string;
  title: string;
  description: string;
  occupationCode: string | null;
  clusterCode: string | null;
  industryCode: string | null;
  acceptedMajors: string[];
  skills: string[];
  certificates: string[];
  headCount: number;
  minLevel: string;
  gradFrom: string | null;
  gradTo: string | null;
  districtCode: string;
  salaryMin: number | null;
  salaryMax: number | null;
  kind: string;
  validUntil: string | null;
}

/**
 * Reference codes exist (district, cluster, industry, occupation, majors / 专业类 / 专业大类), ranges
 * are ordered, the organization is an enterprise and an active member of the consortium, and a job
 * to be published is still valid. VALIDATION with every problem; returns the names the search needs.
 */
async function checkJob(db: DbOrTx, ref: ReferenceCodes, v: JobFields, publishing: boolean) {
  const problems: { path: string; message: string }[] = [];
  if (!ref.districts.has(v.districtCode))
    problems.push({ path: 'districtCode', message: `区县代码 ${v.districtCode} 不是重庆市的区县` });
  if (v.clusterCode && !ref.clusters.has(v.clusterCode))
    problems.push({ path: 'clusterCode', message: `产业集群代码 ${v.clusterCode} 不存在` });
  if (v.industryCode && !ref.industries.has(v.industryCode))
    problems.push({ path: 'industryCode', message: `行业代码 ${v.industryCode} 不在 GB/T 4754-2017 中` });
  const occupationName = v.occupationCode ? await repo.occupationName(db, v.occupationCode) : undefined;
  if (v.occupationCode && !occupationName)
    problems.push({ path: 'occupationCode', message: `职业代码 ${v.occupationCode} 不在 2022 职业分类大典中` });
  const majors = await repo.majorLabels(db, v.acceptedMajors);
  const unknownMajors = v.acceptedMajors.filter((c) => !majors.has(c));
  if (unknownMajors.length)
    problems.push({
      path: 'acceptedMajors',
      message: `专业代码 ${unknownMajors.join('、')} 不在职业教育专业目录中（可填专业、专业类或专业大类代码）`,
    });
  problems.push(...jobRangeProblems(v));
  if (publishing && v.validUntil && v.validUntil < today())
    problems.push({ path: 'validUntil', message: `有效期至 ${v.validUntil} 已过，不能发布` });
  const org = await repo.orgOf(db, v.orgId);
  if (!org || org.deletedAt) problems.push({ path: 'orgId', message: '发布单位不存在或已删除' });
  else {
    if (org.type !== 'enterprise') problems.push({ path: 'orgId', message: `“${org.name}”不是企业，不能发布岗位需求` });
    const m = await repo.activeMembership(db, v.consortiumId, v.orgId);
    if (!m)
      problems.push({
        path: 'consortiumId',
        message: `“${org.name}”不是所选联合体的在册成员单位，不能在该联合体发布岗位需求`,
      });
    else if (m.status === 'revoked')
      problems.push({ path: 'consortiumId', message: `联合体“${m.name}”已撤销，不能发布岗位需求` });
  }
  if (problems.length) throw invalid(problems);
  return {
    occupationName: occupationName ?? null,
    clusterName: v.clusterCode ? ref.clusters.get(v.clusterCode)! : null,
  };
}

function searchOf(v: JobFields, names: { occupationName: string | null; clusterName: string | null }) {
  return searchVector(v.title, v.description, v.skills, v.certificates, names.occupationName, names.clusterName);
}

function pickFields<T extends Partial<Record<(typeof jobFieldKeys)[number], unknown>>>(r: T) {
  return Object.fromEntries(jobFieldKeys.map((k) => [k, r[k]])) as Pick<T, (typeof jobFieldKeys)[number]>;
}

const auditFields = (r: Partial<JobFields> & { status?: string }) => ({ ...pickFields(r), status: r.status });

const fieldsOf = (r: repo.JobRow): JobFields => ({ ...pickFields(r), consortiumId: r.consortiumId ?? '' });

/**
 * Registers a job demand as a draft, or published at once with `publish: true`. The enterprise
 * publishes for itself; a secretariat names a member enterprise (`orgId`) of its consortium.
 * VALIDATION (codes, ranges, membership, validity), OUT_OF_SCOPE (another organization or consortium).
 */
export async function createJob(ctx: Ctx, body: CreateJobBody): Promise<JobItem> {
  const js = await scopeOf(ctx);
  const orgId = body.orgId ?? (js.writeOrgs.length === 1 ? js.writeOrgs[0] : undefined);
  if (!orgId) throw invalid([{ path: 'orgId', message: '请选择发布岗位需求的企业' }]);
  if (!canWriteJob(js, { orgId, consortiumId: body.consortiumId })) throw outOfScope();
  const fields: JobFields = {
    orgId,
    consortiumId: body.consortiumId,
    title: body.title,
    description: body.description ?? '',
    occupationCode: body.occupationCode ?? null,
    clusterCode: body.clusterCode ?? null,
    industryCode: body.industryCode ?? null,
    acceptedMajors: body.acceptedMajors ?? [],
    skills: body.skills ?? [],
    certificates: body.certificates ?? [],
    headCount: body.headCount,
    minLevel: body.minLevel,
    gradFrom: body.gradFrom ?? null,
    gradTo: body.gradTo ?? null,
    districtCode: body.districtCode,
    salaryMin: body.salaryMin ?? null,
    salaryMax: body.salaryMax ?? null,
    kind: body.kind,
    validUntil: body.validUntil ?? null,
  };
  const publish = !!body.publish;
  const ref = await referenceCodes(ctx.deps);
  const id = await ctx.deps.db.transaction(async (tx) => {
    const names = await checkJob(tx, ref, fields, publish);
    const status: JobStatus = publish ? 'published' : 'draft';
    const row = await repo.insertJob(tx, {
      ...fields,
      status,
      year: thisYear(),
      publishedAt: publish ? new Date() : null,
      search: searchOf(fields, names),
      createdBy: ctx.actor?.userId ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'job.create',
      entity: 'job_demand',
      entityId: row.id,
      after: auditFields({ ...fields, status }),
    });
    await recordMatchChanges(tx, 'job', [row.seq], 'upsert');
    return row.id;
  });
  await announceMatchChanges(ctx.deps);
  return getJob(ctx, id);
}

/**
 * Inside a write transaction: locks the job and returns it if the caller may write it.
 * NOT_FOUND (missing or not readable), OUT_OF_SCOPE (readable, not writable), CONFLICT when deleted
 * (unless `deleted` is expected, for restore).
 */
async function lockWritable(tx: DbOrTx, js: JobScope, id: string, deleted = false): Promise<repo.JobRow> {
  await repo.lockJob(tx, id);
  const row = await repo.findJob(tx, id);
  if (!row || (!canReadJob(js, row) && !canWriteJob(js, row))) throw jobNotFound();
  if (!canWriteJob(js, row)) throw outOfScope();
  if (!deleted && row.deletedAt)
    throw conflict('岗位需求已删除，不能修改（可先恢复）', 'The job demand was deleted; restore it first');
  if (deleted && !row.deletedAt) throw conflict('岗位需求未被删除，无需恢复', 'The job demand is not deleted');
  return row;
}

/**
 * Edits a job in the caller's write scope; the merged record obeys the creation rules, and a
 * published job must stay valid. NOT_FOUND, OUT_OF_SCOPE, VALIDATION, CONFLICT (deleted).
 */
export async function updateJob(ctx: Ctx, id: string, body: UpdateJobBody): Promise<JobItem> {
  const js = await scopeOf(ctx);
  const ref = await referenceCodes(ctx.deps);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockWritable(tx, js, id);
    const before = fieldsOf(row);
    const after: JobFields = { ...before };
    for (const [k, val] of Object.entries(body) as [keyof JobFields, unknown][])
      if (val !== undefined) (after as unknown as Record<string, unknown>)[k] = val ?? null;
    after.description = body.description ?? before.description;
    if (after.consortiumId !== before.consortiumId && !canWriteJob(js, after)) throw outOfScope();
    const published = row.status === 'published';
    // Only a change of validity is judged again: an unchanged past date does not block other edits.
    const names = await checkJob(tx, ref, after, published && after.validUntil !== before.validUntil);
    const { seq } = await repo.updateJob(tx, id, {
      ...after,
      ...(row.status === 'draft' ? { year: thisYear() } : {}),
      search: searchOf(after, names),
    });
    await appendAudit(tx, ctx, {
      action: 'job.update',
      entity: 'job_demand',
      entityId: id,
      before: auditFields(before),
      after: auditFields(after),
    });
    await recordMatchChanges(tx, 'job', [seq], 'upsert');
  });
  await announceMatchChanges(ctx.deps);
  return getJob(ctx, id);
}

const transitions: Record<JobStatus, readonly JobStatus[]> = {
  draft: ['published'],
  published: ['closed'],
  closed: ['published'],
};

/**
 * Publishes (draft → published, or closed → published again) or closes (published → closed) a job.
 * Publishing needs `validUntil` unset or not before today. The publish year is the year the
 * demand counts for; a job published again keeps its first publication. NOT_FOUND, OUT_OF_SCOPE,
 * CONFLICT (transition not allowed, expired, deleted), VALIDATION (membership lost, codes).
 */
export async function setJobStatus(ctx: Ctx, id: string, body: JobStatusBody): Promise<JobItem> {
  const js = await scopeOf(ctx);
  const ref = await referenceCodes(ctx.deps);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockWritable(tx, js, id);
    const from = row.status as JobStatus;
    const to = body.status;
    if (!transitions[from]?.includes(to))
      throw conflict(
        `岗位需求不能从“${jobStatusLabels[from]?.['zh-CN'] ?? from}”变更为“${jobStatusLabels[to]['zh-CN']}”`,
        `Cannot change the job status from ${from} to ${to}`,
        [{ path: 'status', message: '不允许的状态变更' }],
      );
    if (to === 'published' && row.validUntil && row.validUntil < today())
      throw conflict(
        `岗位有效期至 ${row.validUntil} 已过，请先修改有效期再发布`,
        `The job expired on ${row.validUntil}; extend it before publishing`,
        [{ path: 'validUntil', message: '有效期已过' }],
      );
    const fields = fieldsOf(row);
    // Publishing re-checks the record (the enterprise may have left the consortium since the draft).
    const names = to === 'published' ? await checkJob(tx, ref, fields, true) : null;
    const now = new Date();
    const { seq } = await repo.updateJob(tx, id, {
      status: to,
      ...(to === 'published'
        ? {
            closedAt: null,
            ...(row.publishedAt ? {} : { publishedAt: now, year: thisYear() }),
            search: searchOf(fields, names!),
          }
        : { closedAt: now }),
    });
    await appendAudit(tx, ctx, {
      action: 'job.status',
      entity: 'job_demand',
      entityId: id,
      before: { status: from },
      after: { status: to },
      detail: { reason: body.reason ?? null },
    });
    await recordMatchChanges(tx, 'job', [seq], 'upsert');
  });
  await announceMatchChanges(ctx.deps);
  return getJob(ctx, id);
}

/**
 * Soft-deletes a draft, or a closed job with no open application (投递/筛选/面试/录用); restorable.
 * NOT_FOUND, OUT_OF_SCOPE, CONFLICT (published, open applications, already deleted).
 */
export async function deleteJob(ctx: Ctx, id: string): Promise<JobItem> {
  const js = await scopeOf(ctx);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockWritable(tx, js, id);
    if (row.status === 'published')
      throw conflict('已发布的岗位需求须先关闭才能删除', 'Close the published job before deleting it', [
        { path: 'status', message: '须先关闭' },
      ]);
    const open = await repo.openApplicationCount(tx, id);
    if (open > 0)
      throw conflict(
        `该岗位还有 ${open} 份进行中的投递，不能删除`,
        `The job has ${open} open application(s) and cannot be deleted`,
        [{ path: 'applications', message: `${open} 份进行中的投递` }],
      );
    const at = new Date();
    const { seq } = await repo.setDeleted(tx, id, at);
    await appendAudit(tx, ctx, {
      action: 'job.delete',
      entity: 'job_demand',
      entityId: id,
      before: { title: row.title, status: row.status, deletedAt: null },
      after: { title: row.title, status: row.status, deletedAt: at.toISOString() },
    });
    await recordMatchChanges(tx, 'job', [seq], 'remove');
  });
  await announceMatchChanges(ctx.deps);
  return getJob(ctx, id);
}

/** Brings a deleted job back (same write scope). NOT_FOUND, OUT_OF_SCOPE, CONFLICT (not deleted). */
export async function restoreJob(ctx: Ctx, id: string): Promise<JobItem> {
  const js = await scopeOf(ctx);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockWritable(tx, js, id, true);
    const { seq } = await repo.setDeleted(tx, id, null);
    await appendAudit(tx, ctx, {
      action: 'job.restore',
      entity: 'job_demand',
      entityId: id,
      before: { title: row.title, deletedAt: row.deletedAt!.toISOString() },
      after: { title: row.title, deletedAt: null },
    });
    await recordMatchChanges(tx, 'job', [seq], 'upsert');
  });
  await announceMatchChanges(ctx.deps);
  return getJob(ctx, id);
}

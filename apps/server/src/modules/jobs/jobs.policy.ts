import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../lib/context';
import type { Scope } from '../identity';

/**
 * Who sees and writes which job demands (岗位需求), built on the one data-scope rule (`resolveScope`):
 *
 * - official: reads every job, drafts included; writes none.
 * - secretariat: reads every job published in its consortium (drafts included); writes those of
 *   them whose organization is still an active member.
 * - enterprise: reads all jobs of its own organization (any status) and the published jobs of the
 *   consortia it is a member of; writes only its own organization's jobs.
 * - school, teacher, council member, student: read the published jobs of their consortia (a
 *   student's are his school's).
 *
 * Drafts and closed jobs are therefore seen only by the owning enterprise, the secretariat and officials.
 */
export interface JobScope {
  readAll: boolean;
  /** Consortia whose jobs are read whatever their status (secretariat). */
  anyStatusConsortia: string[];
  /** Consortia whose published jobs are read. */
  publishedConsortia: string[];
  /** Organizations whose jobs are read whatever their status (the enterprise's own). */
  ownOrgs: string[];
  /** Organizations whose jobs may be written in any consortium (the enterprise's own). */
  writeOrgs: string[];
  /** A secretariat writes jobs in its consortium whose organization is one of its active members. */
  secretariat: { consortiumId: string; memberOrgs: string[] } | null;
}

export interface JobRef {
  orgId: string;
  consortiumId: string | null;
  status: string;
}

export function jobScope(actor: Actor | null, scope: Scope): JobScope {
  const roles = new Set(actor?.roles ?? []);
  const js: JobScope = {
    readAll: scope.readAll,
    anyStatusConsortia: [],
    publishedConsortia: [...scope.read.consortiumIds],
    ownOrgs: [],
    writeOrgs: [],
    secretariat: null,
  };
  if (roles.has('secretariat') && actor?.consortiumId) {
    js.anyStatusConsortia.push(actor.consortiumId);
    js.secretariat = { consortiumId: actor.consortiumId, memberOrgs: [...scope.write.orgIds] };
  }
  if (roles.has('enterprise') && actor?.orgId) {
    js.ownOrgs.push(actor.orgId);
    js.writeOrgs.push(actor.orgId);
  }
  return js;
}

export function canReadJob(js: JobScope, job: JobRef): boolean {
  if (js.readAll || js.ownOrgs.includes(job.orgId)) return true;
  if (!job.consortiumId) return false;
  if (js.anyStatusConsortia.includes(job.consortiumId)) return true;
  return job.status === 'published' && js.publishedConsortia.includes(job.consortiumId);
}

/** May the caller write a job of this organization published in this consortium (existing or about to be)? */
export function canWriteJob(js: JobScope, job: { orgId: string; consortiumId: string | null }): boolean {
  if (js.writeOrgs.includes(job.orgId)) return true;
  const s = js.secretariat;
  return !!s && job.consortiumId === s.consortiumId && s.memberOrgs.includes(job.orgId);
}

interface Cols {
  orgId: AnyPgColumn;
  consortiumId: AnyPgColumn;
  status: AnyPgColumn;
}

/** `canReadJob` as a SQL condition for lists; undefined means no restriction. */
export function jobReadWhere(js: JobScope, c: Cols): SQL | undefined {
  if (js.readAll) return undefined;
  const conds: SQL[] = [];
  if (js.ownOrgs.length) conds.push(inArray(c.orgId, js.ownOrgs));
  if (js.anyStatusConsortia.length) conds.push(inArray(c.consortiumId, js.anyStatusConsortia));
  if (js.publishedConsortia.length)
    conds.push(and(eq(c.status, 'published'), inArray(c.consortiumId, js.publishedConsortia))!);
  return conds.length ? or(...conds) : sql`false`;
}

/** `canWriteJob` as a SQL condition (lists of deleted jobs, which only writers and officials see). */
export function jobWriteWhere(js: JobScope, c: Cols): SQL {
  const conds: SQL[] = [];
  if (js.writeOrgs.length) conds.push(inArray(c.orgId, js.writeOrgs));
  const s = js.secretariat;
  if (s?.memberOrgs.length) conds.push(and(eq(c.consortiumId, s.consortiumId), inArray(c.orgId, s.memberOrgs))!);
  return conds.length ? or(...conds)! : sql`false`;
}

/** The list's scope: readable jobs; deleted ones only where the caller may restore them (officials: all). */
export function jobListWhere(js: JobScope, c: Cols, deleted: boolean | undefined): SQL | undefined {
  return and(jobReadWhere(js, c), deleted && !js.readAll ? jobWriteWhere(js, c) : undefined);
}

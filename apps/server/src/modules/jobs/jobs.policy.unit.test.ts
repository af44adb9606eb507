import { permissionsOf, type Role } from '@chanjiao/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/context';
import type { Scope } from '../identity';
import { canReadJob, canWriteJob, jobScope } from './jobs.policy';

const actor = (roles: Role[], o: { orgId?: string; consortiumId?: string } = {}): Actor => ({
  userId: 'u1',
  username: 'u',
  displayName: 'u',
  roles,
  permissions: permissionsOf(roles),
  orgId: o.orgId ?? null,
  consortiumId: o.consortiumId ?? null,
  mustChangePassword: false,
  mustEnrollTotp: false,
  sessionId: 's',
  csrfToken: 'c',
});
const scope = (s: Partial<Scope> & { readConsortia?: string[]; writeOrgs?: string[] }): Scope => ({
  readAll: s.readAll ?? false,
  read: { orgIds: [], consortiumIds: s.readConsortia ?? [] },
  write: { orgIds: s.writeOrgs ?? [], consortiumIds: [] },
  userId: 'u1',
});

const job = (status: string, orgId = 'entA', consortiumId: string | null = 'C1') => ({ orgId, consortiumId, status });

describe('job data scope', () => {
  it('officials read everything and write nothing', () => {
    const js = jobScope(actor(['official']), scope({ readAll: true }));
    expect(canReadJob(js, job('draft'))).toBe(true);
    expect(canReadJob(js, job('closed', 'x', null))).toBe(true);
    expect(canWriteJob(js, job('draft'))).toBe(false);
  });

  it('an enterprise reads its own jobs in any status and others’ published ones in its consortia', () => {
    const js = jobScope(actor(['enterprise'], { orgId: 'entA' }), scope({ readConsortia: ['C1'] }));
    for (const st of ['draft', 'published', 'closed']) expect(canReadJob(js, job(st, 'entA', 'C9'))).toBe(true);
    expect(canReadJob(js, job('published', 'entB', 'C1'))).toBe(true);
    expect(canReadJob(js, job('draft', 'entB', 'C1'))).toBe(false);
    expect(canReadJob(js, job('closed', 'entB', 'C1'))).toBe(false);
    expect(canReadJob(js, job('published', 'entB', 'C2'))).toBe(false);
    expect(canWriteJob(js, job('draft', 'entA', 'C1'))).toBe(true);
    expect(canWriteJob(js, job('published', 'entB', 'C1'))).toBe(false);
  });

  it('a secretariat reads all statuses in its consortium and writes jobs of active members there', () => {
    const js = jobScope(
      actor(['secretariat'], { consortiumId: 'C1' }),
      scope({ readConsortia: ['C1'], writeOrgs: ['entA'] }),
    );
    expect(canReadJob(js, job('draft', 'entB', 'C1'))).toBe(true);
    expect(canReadJob(js, job('published', 'entA', 'C2'))).toBe(false);
    expect(canWriteJob(js, job('draft', 'entA', 'C1'))).toBe(true);
    expect(canWriteJob(js, job('draft', 'entB', 'C1'))).toBe(false);
    expect(canWriteJob(js, job('draft', 'entA', 'C2'))).toBe(false);
  });

  it('students, teachers, schools and council members read published jobs of their consortia only', () => {
    for (const r of ['student', 'teacher', 'school', 'council'] as Role[]) {
      const js = jobScope(actor([r], { orgId: 'school1', consortiumId: 'C1' }), scope({ readConsortia: ['C1'] }));
      expect(canReadJob(js, job('published'))).toBe(true);
      expect(canReadJob(js, job('draft'))).toBe(false);
      expect(canReadJob(js, job('closed'))).toBe(false);
      expect(canReadJob(js, job('published', 'entA', 'C2'))).toBe(false);
      expect(canWriteJob(js, job('published'))).toBe(false);
    }
  });
});

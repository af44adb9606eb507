/** On the embedded database the change feed is the in-process bus: a write shows without waiting for the poll. */
import { randomBytes } from 'node:crypto';
import { consortia, consortiumMembers, migrate, openDatabase, organizations } from '@chanjiao/db';
import { describe, expect, it } from 'vitest';
import { makeDeps } from '../../deps';
import { parseEnv } from '../../env';
import { loadReferenceData } from '../reference';
import { explainMatch, startMatching } from './index';
import { currentMonth } from './matching.source';
import { insertJob, insertStudent, updateStudent } from './matching.testing';

describe('matching on PGlite', () => {
  it('builds at start and follows writes through the in-process bus', async () => {
    const database = await openDatabase({});
    const deps = makeDeps(
      parseEnv({ FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'), NODE_ENV: 'test' }),
      database,
    );
    try {
      await migrate(database);
      await loadReferenceData(database);
      const [c] = await deps.db
        .insert(consortia)
        .values({ name: '联合体甲', level: 'municipal', status: 'cultivating' })
        .returning();
      const [e] = await deps.db.insert(organizations).values({ name: '企业甲', type: 'enterprise' }).returning();
      const [s] = await deps.db.insert(organizations).values({ name: '学校甲', type: 'school' }).returning();
      await deps.db.insert(consortiumMembers).values([
        { consortiumId: c!.id, orgId: e!.id, memberRole: 'member_unit' },
        { consortiumId: c!.id, orgId: s!.id, memberRole: 'member_unit' },
      ]);
      const before = await insertStudent(deps, {
        schoolOrgId: s!.id,
        consortiumId: c!.id,
        name: '甲',
        skills: ['焊接'],
      });
      // A poll of a minute: only the bus can deliver within the test.
      const rt = startMatching(deps, undefined, { pollMs: 60_000 });
      await rt.ready;
      expect(rt.built).toMatchObject({ students: 1, jobs: 0 });
      const asOfMonth = currentMonth().index;

      const job = await insertJob(deps, {
        orgId: e!.id,
        consortiumId: c!.id,
        acceptedMajors: ['460701'],
        skills: ['焊接', '装配'],
      });
      const jobsOf = () => rt.index!.jobsForStudent(before.seq, { k: 5, scope: [c!.id], asOfMonth }).map((r) => r.id);
      for (let i = 0; i < 100 && !jobsOf().includes(job.seq); i++) await new Promise((r) => setTimeout(r, 20));
      expect(jobsOf()).toEqual([job.seq]);

      const after = await insertStudent(deps, {
        schoolOrgId: s!.id,
        consortiumId: c!.id,
        name: '乙',
        skills: ['焊接', '装配'],
      });
      const studentsOf = () => rt.index!.studentsForJob(job.seq, { k: 5, scope: [c!.id], asOfMonth });
      for (let i = 0; i < 100 && studentsOf().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(studentsOf().map((r) => r.id)).toEqual([after.seq, before.seq]);
      expect(studentsOf()[0]!.reason).toMatch(/^专业完全匹配 · 技能 2\/2/);
      expect((await explainMatch(deps, job.seq, after.seq))?.reason).toBe(studentsOf()[0]!.reason);

      await updateStudent(deps, after.id, { deletedAt: new Date() });
      for (let i = 0; i < 100 && studentsOf().length > 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(studentsOf().map((r) => r.id)).toEqual([before.seq]);
      await rt.stop();
    } finally {
      await database.close();
    }
  }, 90_000);
});

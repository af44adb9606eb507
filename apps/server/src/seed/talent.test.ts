import { applications, graduateCohorts, jobDemands, matchingOutbox, studentProfiles, users } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/helpers';
import { matchesSearch } from '../lib/segment';
import { loadReferenceData } from '../modules/reference';
import { seedDemo } from './demo';
import { seedDemoRegistry } from './registry';
import { seedDemoTalent } from './talent';

/** GB 11643 check, written out again here so the test does not trust the seed's own function. */
function validIdCard(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...id.slice(0, 17)].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return '10X98765432'[sum % 11] === id[17];
}

describe('demo talent seed', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupTestEnv();
    await loadReferenceData(env.database);
    await seedDemo(env.ctx);
    await seedDemoRegistry(env.ctx);
  });
  afterAll(() => env.close());

  it('loads jobs, students, cohorts and applications once, all marked demo', async () => {
    const first = await seedDemoTalent(env.ctx);
    expect(first.seeded).toBe(true);
    expect(first.jobs).toBeGreaterThan(20);
    expect(first.students).toBeGreaterThan(100);
    expect(first.applications).toBeGreaterThan(0);
    expect((await seedDemoTalent(env.ctx)).seeded).toBe(false);

    const db = env.deps.db;
    const jobs = await db.select().from(jobDemands);
    expect(jobs).toHaveLength(first.jobs);
    expect(jobs.every((j) => j.isDemo && j.description.startsWith('【演示】'))).toBe(true);
    expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(['draft', 'published', 'closed']));
    // Searchable in Chinese.
    const hits = await db
      .select({ id: jobDemands.id })
      .from(jobDemands)
      .where(matchesSearch(jobDemands.search, '汽车 装调'));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(jobs.length);

    const students = await db.select().from(studentProfiles);
    expect(students.every((s) => s.isDemo)).toBe(true);
    for (const s of students.slice(0, 50)) {
      const plain = env.deps.cipher.decrypt(s.idCardEnc);
      expect(validIdCard(plain)).toBe(true);
      expect(s.idCardEnc).not.toContain(plain);
      expect(s.idCardDigest).toBe(env.deps.cipher.digest(plain));
    }
    // The demo student account has its own consenting profile.
    const [student] = await db.select().from(users).where(eq(users.username, 'student'));
    const own = students.filter((s) => s.userId === student!.id);
    expect(own).toHaveLength(1);
    expect(own[0]!.consent).toBe(true);

    const cohorts = await db.select().from(graduateCohorts);
    for (const c of cohorts)
      expect(c.employed + c.furtherStudy + c.military + c.startup + c.unplaced).toBe(c.graduates);

    const apps = await db.select().from(applications);
    expect(apps.every((a) => a.isDemo)).toBe(true);
    const outbox = await db.select().from(matchingOutbox);
    expect(outbox.length).toBe(first.jobs + first.students);
  });
});

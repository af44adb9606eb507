/** Factories for the matching tests: jobs and profiles written straight to the tables (with the outbox). */
import { randomUUID } from 'node:crypto';
import { jobDemands, studentProfiles } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../lib/context';
import { sm3 } from '../../lib/crypto';
import { announceMatchChanges, recordMatchChanges } from './outbox';

/** YYYY-MM, `months` from now in China. */
export function monthFromNow(months: number): string {
  const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);
  const [y, m] = now.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export async function insertJob(
  deps: Deps,
  v: Partial<typeof jobDemands.$inferInsert> & { orgId: string; consortiumId: string | null },
) {
  const row = await deps.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(jobDemands)
      .values({
        title: '汽车装配工程师',
        minLevel: 'associate',
        districtCode: '500112',
        kind: 'fulltime',
        status: 'published',
        year: 2026,
        ...v,
      })
      .returning();
    await recordMatchChanges(tx, 'job', [r!.seq]);
    return r!;
  });
  await announceMatchChanges(deps);
  return row;
}

export async function insertStudent(
  deps: Deps,
  v: Partial<typeof studentProfiles.$inferInsert> & { schoolOrgId: string; name: string },
) {
  const idCard = `50011220000101${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const row = await deps.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(studentProfiles)
      .values({
        idCardEnc: deps.cipher.encrypt(idCard),
        idCardDigest: sm3(`${idCard}${randomUUID()}`),
        level: 'associate',
        majorCode: '460701',
        grade: 2024,
        expectedGraduation: monthFromNow(6),
        districtCode: '500112',
        consent: true,
        ...v,
      })
      .returning();
    await recordMatchChanges(tx, 'student', [r!.seq]);
    return r!;
  });
  await announceMatchChanges(deps);
  return row;
}

export async function updateStudent(deps: Deps, id: string, v: Partial<typeof studentProfiles.$inferInsert>) {
  await deps.db.transaction(async (tx) => {
    const [r] = await tx.update(studentProfiles).set(v).where(eq(studentProfiles.id, id)).returning();
    await recordMatchChanges(tx, 'student', [r!.seq]);
  });
  await announceMatchChanges(deps);
}

import { creditCodeCheckChar } from '@chanjiao/contracts';
import { consortiumMembers, organizations } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  postFile,
  type Session,
  setupTestEnv,
  type TestEnv,
} from '../../../test/helpers';
import { settleImports } from '../imports';

let env: TestEnv;
let sec: Session;
let consortiumId: string;
const orgs: { id: string; name: string; code: string }[] = [];

let serial = 300000000;
function code(): string {
  serial += 11;
  const body = `915001${String(serial).padStart(9, '0')}CD`.slice(0, 17);
  return body + creditCodeCheckChar(body);
}

beforeAll(async () => {
  env = await setupTestEnv();
  consortiumId = (await makeConsortium(env)).id;
  sec = await login(env, (await makeUser(env, 'secretariat', { consortiumId })).username);
  for (const name of ['成员导入甲公司', '成员导入乙学院']) {
    const o = await makeOrg(env, 'enterprise', name);
    const c = code();
    await env.deps.db.update(organizations).set({ creditCode: c }).where(eq(organizations.id, o.id));
    orgs.push({ id: o.id, name, code: c });
  }
});
afterAll(() => env.close());

const csv = (rows: string[]) => Buffer.from(`统一社会信用代码,单位名称,成员类型,加入日期\n${rows.join('\n')}\n`);

async function upload(s: Session, buffer: Buffer, id = consortiumId) {
  const res = await postFile(env, s, `/api/consortia/${id}/members/import`, buffer, 'members.csv');
  if (res.statusCode !== 200) return res.json();
  await settleImports();
  return (await s.call('GET', `/api/imports/${res.json().id}`)).json();
}

const active = async () =>
  (await env.deps.db.select().from(consortiumMembers).where(eq(consortiumMembers.consortiumId, consortiumId)))
    .map((m) => [m.orgId, m.memberRole, m.joinedOn, m.leftOn])
    .sort();

describe('member import', () => {
  it('adds registered organizations by code; the same file again changes nothing; a change updates', async () => {
    const [a, b] = orgs as [(typeof orgs)[0], (typeof orgs)[0]];
    const file = csv([`${a.code},${a.name},理事单位,2024-03-01`, `${b.code},,成员单位,2024/03/02`]);
    expect(await upload(sec, file)).toMatchObject({ status: 'done', created: 2, updated: 0 });
    const first = await active();
    expect(first).toHaveLength(2);
    expect(await upload(sec, file)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2 });
    expect(await active()).toEqual(first);
    const changed = csv([`${a.code},${a.name},成员单位,2024-03-01`]);
    expect(await upload(sec, changed)).toMatchObject({ status: 'done', updated: 1 });
  });

  it('imports nothing when one row names an unregistered code or the wrong name', async () => {
    const before = await active();
    const job = await upload(
      sec,
      csv([`${orgs[0]!.code},错误的名称,成员单位,2024-03-01`, `${code()},,成员单位,2024-03-01`]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors.map((e: { rowNumber: number; reason: string }) => [e.rowNumber, e.reason])).toEqual([
      [2, expect.stringMatching(/不一致/)],
      [3, expect.stringMatching(/未登记/)],
    ]);
    expect(await active()).toEqual(before);
  });

  it("refuses another consortium's secretariat before reading the file", async () => {
    const other = await login(
      env,
      (await makeUser(env, 'secretariat', { consortiumId: (await makeConsortium(env)).id })).username,
    );
    const res = await upload(other, csv([`${orgs[0]!.code},,成员单位,2024-03-01`]));
    expect(res.code).toBe('OUT_OF_SCOPE');
  });
});

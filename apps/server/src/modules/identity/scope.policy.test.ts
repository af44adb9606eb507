import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  type Session,
  setupTestEnv,
  type TestEnv,
} from '../../../test/helpers';

/**
 * Data scope, through the organization and consortium routes: each role sees and changes only
 * what the one policy function allows.
 */
let env: TestEnv;
const ids: Record<string, string> = {};
const who: Record<string, Session> = {};

beforeAll(async () => {
  env = await setupTestEnv();
  const consA = await makeConsortium(env, '甲联合体');
  const consB = await makeConsortium(env, '乙联合体');
  const entA = await makeOrg(env, 'enterprise', '甲企业');
  const schoolA = await makeOrg(env, 'school', '甲学校');
  const entB = await makeOrg(env, 'enterprise', '乙企业');
  await addMember(env, consA.id, entA.id);
  await addMember(env, consA.id, schoolA.id);
  await addMember(env, consB.id, entB.id);
  Object.assign(ids, { consA: consA.id, consB: consB.id, entA: entA.id, schoolA: schoolA.id, entB: entB.id });
  const mk = async (
    key: string,
    role: Parameters<typeof makeUser>[1],
    scope: { orgId?: string; consortiumId?: string },
  ) => {
    who[key] = await login(env, (await makeUser(env, role, scope)).username);
  };
  await mk('official', 'official', {});
  await mk('secA', 'secretariat', { consortiumId: consA.id });
  await mk('councilA', 'council', { consortiumId: consA.id });
  await mk('entA', 'enterprise', { orgId: entA.id });
  await mk('teacherA', 'teacher', { orgId: schoolA.id });
});
afterAll(() => env.close());

const names = async (s: Session, url: string) =>
  ((await s.call('GET', `${url}?pageSize=200`)).json().items as { name: string }[]).map((x) => x.name).sort();

describe('data scope', () => {
  it('an official sees every organization and consortium', async () => {
    expect(await names(who.official!, '/api/orgs')).toEqual(['乙企业', '甲企业', '甲学校'].sort());
    expect(await names(who.official!, '/api/consortia')).toEqual(['乙联合体', '甲联合体'].sort());
  });

  it("a secretariat sees its consortium and that consortium's members only", async () => {
    expect(await names(who.secA!, '/api/consortia')).toEqual(['甲联合体']);
    expect(await names(who.secA!, '/api/orgs')).toEqual(['甲企业', '甲学校'].sort());
    const other = await who.secA!.call('GET', `/api/consortia/${ids.consB}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
    expect((await who.secA!.call('GET', `/api/orgs/${ids.entB}`)).json().code).toBe('OUT_OF_SCOPE');
  });

  it('an enterprise user sees its own organization and the consortia it belongs to', async () => {
    expect(await names(who.entA!, '/api/orgs')).toEqual(['甲企业']);
    expect(await names(who.entA!, '/api/consortia')).toEqual(['甲联合体']);
    expect((await who.entA!.call('GET', `/api/orgs/${ids.schoolA}`)).statusCode).toBe(403);
  });

  it('an enterprise user edits its own organization, and nobody else can', async () => {
    const own = await who.entA!.call('PATCH', `/api/orgs/${ids.entA}`, { address: '重庆市两江新区金渝大道 1 号' });
    expect(own.statusCode).toBe(200);
    expect(own.json().address).toBe('重庆市两江新区金渝大道 1 号');
    const other = await who.entA!.call('PATCH', `/api/orgs/${ids.entB}`, { address: 'x' });
    expect(other.json().code).toBe('OUT_OF_SCOPE');
    // Officials read everything but edit no organization; teachers and council members read only.
    expect((await who.official!.call('PATCH', `/api/orgs/${ids.entA}`, { address: 'x' })).json().code).toBe(
      'FORBIDDEN',
    );
    expect((await who.teacherA!.call('PATCH', `/api/orgs/${ids.schoolA}`, { address: 'x' })).json().code).toBe(
      'FORBIDDEN',
    );
    expect((await who.councilA!.call('PATCH', `/api/orgs/${ids.entA}`, { address: 'x' })).json().code).toBe(
      'FORBIDDEN',
    );
  });

  it('a member that left the consortium drops out of its scope', async () => {
    const { consortiumMembers } = await import('@chanjiao/db');
    const { and, eq } = await import('drizzle-orm');
    await env.deps.db
      .update(consortiumMembers)
      .set({ leftOn: '2026-01-01' })
      .where(and(eq(consortiumMembers.consortiumId, ids.consA!), eq(consortiumMembers.orgId, ids.schoolA!)));
    expect(await names(who.secA!, '/api/orgs')).toEqual(['甲企业']);
  });
});

/**
 * Walks every registered route × every role and checks allow/deny against this table. A route
 * added without a row here fails the test, so nobody ships a route without deciding who may call it.
 */
import { type Role, roles } from '@chanjiao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeConsortium, makeOrg, makeUser, type Session, setupTestEnv, type TestEnv } from './helpers';

type Who = 'public' | 'session' | readonly Role[];
const BUSINESS: Role[] = ['official', 'secretariat', 'council', 'enterprise', 'school', 'teacher', 'reviewer'];

const expected: Record<string, Who> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'session',
  'GET /api/auth/me': 'session',
  'POST /api/auth/password': 'session',
  'POST /api/auth/totp/setup': 'session',
  'POST /api/auth/totp/enable': 'session',
  'POST /api/users/:id/reset-totp': ['sysadmin'],
  'GET /api/users': ['sysadmin', 'secadmin'],
  'POST /api/users': ['sysadmin'],
  'GET /api/users/scope-options': ['sysadmin'],
  'GET /api/users/:id': ['sysadmin', 'secadmin'],
  'PUT /api/users/:id': ['sysadmin'],
  'POST /api/users/:id/reset-password': ['sysadmin'],
  'POST /api/users/:id/lock': ['sysadmin'],
  'GET /api/users/:id/phone': ['sysadmin'],
  'GET /api/security/policy': ['secadmin'],
  'PUT /api/security/policy': ['secadmin'],
  'GET /api/audit': ['auditor'],
  'GET /api/audit/verify': ['auditor'],
  'GET /api/audit/export': ['auditor'],
  'GET /api/orgs': BUSINESS,
  'GET /api/orgs/export': BUSINESS,
  'GET /api/orgs/lookup': ['official', 'secretariat'],
  'GET /api/orgs/import/template': ['secretariat'],
  'POST /api/orgs/import': ['secretariat'],
  'GET /api/imports/:id': 'session',
  'GET /api/imports/:id/report': 'session',
  'POST /api/orgs': ['secretariat'],
  'GET /api/orgs/:id': BUSINESS,
  'PATCH /api/orgs/:id': ['secretariat', 'enterprise', 'school'],
  'DELETE /api/orgs/:id': ['secretariat', 'enterprise', 'school'],
  'POST /api/orgs/:id/restore': ['secretariat', 'enterprise', 'school'],
  'POST /api/orgs/:id/certifications': ['secretariat', 'enterprise', 'school'],
  'DELETE /api/orgs/:id/certifications/:itemId': ['secretariat', 'enterprise', 'school'],
  'POST /api/orgs/:id/contacts': ['secretariat', 'enterprise', 'school'],
  'DELETE /api/orgs/:id/contacts/:itemId': ['secretariat', 'enterprise', 'school'],
  'GET /api/consortia': BUSINESS,
  'GET /api/consortia/export': BUSINESS,
  'POST /api/consortia': ['official'],
  'GET /api/consortia/:id': BUSINESS,
  'PATCH /api/consortia/:id': ['secretariat'],
  'POST /api/consortia/:id/status': ['official'],
  'GET /api/consortia/:id/members': BUSINESS,
  'GET /api/consortia/:id/members/export': BUSINESS,
  'POST /api/consortia/:id/members': ['secretariat'],
  'GET /api/consortia/members/import/template': ['secretariat'],
  'POST /api/consortia/:id/members/import': ['secretariat'],
  'POST /api/consortia/:id/members/:itemId/leave': ['secretariat'],
  'POST /api/consortia/:id/council': ['secretariat'],
  'POST /api/consortia/:id/council/:itemId/end': ['secretariat'],
  'POST /api/consortia/:id/resolutions': ['secretariat'],
  'PUT /api/consortia/:id/platform': ['secretariat'],
  'POST /api/consortia/:id/documents': ['secretariat'],
  'GET /api/files/:id': BUSINESS,
  // talent: jobs
  'GET /api/jobs': ['official', 'secretariat', 'council', 'enterprise', 'school', 'teacher', 'student'],
  'GET /api/jobs/export': ['official', 'secretariat', 'council', 'enterprise', 'school', 'teacher', 'student'],
  'GET /api/jobs/:id': ['official', 'secretariat', 'council', 'enterprise', 'school', 'teacher', 'student'],
  'POST /api/jobs': ['secretariat', 'enterprise'],
  'PATCH /api/jobs/:id': ['secretariat', 'enterprise'],
  'POST /api/jobs/:id/status': ['secretariat', 'enterprise'],
  'DELETE /api/jobs/:id': ['secretariat', 'enterprise'],
  'POST /api/jobs/:id/restore': ['secretariat', 'enterprise'],
  // talent: students
  ...(() => {
    const read: Role[] = ['official', 'secretariat', 'enterprise', 'school', 'teacher'];
    const write: Role[] = ['school'];
    const self: Role[] = ['student'];
    const supply = (base: string): Record<string, Who> => ({
      [`GET ${base}`]: read,
      [`GET ${base}/export`]: read,
      [`GET ${base}/import/template`]: write,
      [`POST ${base}/import`]: write,
      [`POST ${base}`]: write,
      [`PATCH ${base}/:id`]: write,
      [`DELETE ${base}/:id`]: write,
    });
    return {
      'GET /api/students': read,
      'GET /api/students/export': read,
      'GET /api/students/import/template': write,
      'POST /api/students/import': write,
      'GET /api/students/me': self,
      'PATCH /api/students/me': self,
      'POST /api/students/me/consent': self,
      'GET /api/students/:id': read,
      'POST /api/students': write,
      'PATCH /api/students/:id': write,
      'DELETE /api/students/:id': write,
      'POST /api/students/:id/restore': write,
      'GET /api/students/:id/id-card': read,
      ...supply('/api/cohorts'),
      ...supply('/api/enrollment-plans'),
    };
  })(),
  // talent: applications
  'POST /api/applications': ['enterprise', 'student'],
  'GET /api/applications': ['secretariat', 'enterprise', 'school', 'teacher', 'student'],
  'GET /api/applications/export': ['secretariat', 'enterprise', 'school', 'teacher', 'student'],
  'GET /api/applications/:id': ['secretariat', 'enterprise', 'school', 'teacher', 'student'],
  'POST /api/applications/:id/stage': ['enterprise', 'student'],
  'POST /api/applications/:id/end': ['enterprise', 'student'],
  // talent: matching
  'GET /api/jobs/:id/recommendations': [
    'official',
    'secretariat',
    'council',
    'enterprise',
    'school',
    'teacher',
    'student',
  ],
  'GET /api/students/me/recommendations': ['student'],
  'GET /api/students/:id/recommendations': ['official', 'secretariat', 'enterprise', 'school', 'teacher'],
  // talent: reports
  'GET /api/talent/reports/catalogue': ['official', 'secretariat', 'council', 'enterprise', 'school'],
  'GET /api/talent/reports/catalogue/export': ['official', 'secretariat', 'council', 'enterprise', 'school'],
  'GET /api/talent/reports/fit': ['official', 'secretariat', 'council', 'school'],
  'GET /api/talent/reports/fit/export': ['official', 'secretariat', 'council', 'school'],
  'GET /api/talent/reports/warnings': ['official', 'secretariat', 'council', 'school'],
  'GET /api/talent/warning-rules': ['official', 'secretariat', 'council', 'school'],
  'POST /api/talent/warning-rules': ['official'],
  'PUT /api/talent/warning-rules/:id': ['official'],
  'DELETE /api/talent/warning-rules/:id': ['official'],
  ...Object.fromEntries(
    [
      'districts',
      'district-map',
      'majors',
      'industries',
      'occupations',
      'clusters',
      'indicators',
      'reform-measures',
      'policy-targets',
      'policy-items',
      'institutions',
    ].map((n) => [`GET /api/reference/${n}`, ['sysadmin', 'secadmin', ...BUSINESS, 'student'] as Role[]]),
  ),
  // evaluation: indicator frameworks
  ...(() => {
    const read: Role[] = ['official', 'secretariat', 'council', 'enterprise', 'school', 'reviewer'];
    return {
      'GET /api/indicator-frameworks': read,
      'GET /api/indicator-frameworks/:id': read,
      'GET /api/indicator-frameworks/:id/export': read,
      'POST /api/indicator-frameworks/:id/versions': ['official'] as Role[],
      'PATCH /api/indicator-frameworks/:id': ['official'] as Role[],
      'PUT /api/indicator-frameworks/:id/points': ['official'] as Role[],
      'POST /api/indicator-frameworks/:id/publish': ['official'] as Role[],
    };
  })(),
  // evaluation rounds (issue 5 item 2)
  ...(() => {
    const read: Role[] = ['official', 'secretariat', 'council', 'reviewer'];
    const manage: Role[] = ['official'];
    const self: Role[] = ['secretariat'];
    const review: Role[] = ['reviewer'];
    return {
      'GET /api/evaluation-rounds': read,
      'GET /api/evaluation-rounds/export': read,
      'POST /api/evaluation-rounds': manage,
      'GET /api/evaluation-rounds/:id': read,
      'PATCH /api/evaluation-rounds/:id': manage,
      'POST /api/evaluation-rounds/:id/open': manage,
      'POST /api/evaluation-rounds/:id/start-review': manage,
      'POST /api/evaluation-rounds/:id/consolidate': manage,
      'POST /api/evaluation-rounds/:id/close': manage,
      'GET /api/evaluation-rounds/:id/history': read,
      'GET /api/evaluation-rounds/:id/results/export': read,
      'GET /api/evaluation-entries': read,
      'GET /api/evaluation-entries/:id': read,
      'PUT /api/evaluation-entries/:id/self-assessment': self,
      'POST /api/evaluation-entries/:id/points/:pointCode/evidence': self,
      'DELETE /api/evaluation-entries/:id/evidence/:itemId': self,
      'GET /api/evaluation-entries/:id/evidence/:itemId/download': read,
      'POST /api/evaluation-entries/:id/submit': self,
      'POST /api/evaluation-entries/:id/return': manage,
      'GET /api/evaluation-entries/:id/reviewer-candidates': manage,
      'POST /api/evaluation-entries/:id/reviewers': manage,
      'DELETE /api/evaluation-entries/:id/reviewers/:itemId': manage,
      'POST /api/evaluation-entries/:id/deductions': manage,
      'DELETE /api/evaluation-entries/:id/deductions/:itemId': manage,
      'POST /api/evaluation-entries/:id/recommend': manage,
      'POST /api/evaluation-entries/:id/decision': manage,
      'GET /api/evaluation-entries/:id/report': read,
      'GET /api/review-assignments': review,
      'PUT /api/review-assignments/:id/scores': review,
      'POST /api/review-assignments/:id/submit': review,
    };
  })(),
  // ledger, 赛马比拼, policy items (issue 5 items 3–5)
  ...(() => {
    const read: Role[] = ['official', 'secretariat', 'council'];
    const report: Role[] = ['official', 'secretariat'];
    const manage: Role[] = ['official'];
    return {
      'GET /api/ledger/measures': read,
      'GET /api/ledger/tasks': read,
      'GET /api/ledger/tasks/export': read,
      'POST /api/ledger/tasks': manage,
      'GET /api/ledger/tasks/:id': read,
      'PATCH /api/ledger/tasks/:id': manage,
      'DELETE /api/ledger/tasks/:id': manage,
      'POST /api/ledger/tasks/:id/reports': report,
      'GET /api/ledger/reports': read,
      'GET /api/ledger/reports/:id': read,
      'PATCH /api/ledger/reports/:id': report,
      'POST /api/ledger/reports/:id/submit': report,
      'POST /api/ledger/reports/:id/return': manage,
      'POST /api/ledger/reports/:id/accept': manage,
      'POST /api/ledger/reports/:id/comment': manage,
      'POST /api/ledger/reports/:id/evidence': report,
      'DELETE /api/ledger/evidence/:id': report,
      'GET /api/ledger/files/:id': read,
      'GET /api/ledger/cases': read,
      'GET /api/ledger/cases/export': read,
      'POST /api/ledger/cases': report,
      'GET /api/ledger/cases/:id': read,
      'PATCH /api/ledger/cases/:id': report,
      'POST /api/ledger/cases/:id/evidence': report,
      'POST /api/ledger/cases/:id/decision': manage,
      'GET /api/ledger/rankings': read,
      'POST /api/ledger/rankings': manage,
      'GET /api/ledger/rankings/:id': read,
      'POST /api/ledger/rankings/:id/publish': manage,
      'GET /api/ledger/rankings/:id/pdf': read,
      'GET /api/ledger/policy-items': read,
      'GET /api/ledger/policy-items/export': read,
      'GET /api/ledger/policy-items/:unitNo/:itemNo': read,
      'PUT /api/ledger/policy-items/:unitNo/:itemNo': report,
      'POST /api/ledger/policy-items/:unitNo/:itemNo/evidence': report,
    };
  })(),
  // cockpit: KPI registry, read models, views, briefing (issue 6)
  'GET /api/cockpit/kpis': ['official', 'secretariat', 'council'],
  'GET /api/cockpit/kpis/:code': ['official', 'secretariat', 'council'],
  'GET /api/cockpit/kpis/:code/records': ['official', 'secretariat', 'council'],
  'GET /api/cockpit/overview': ['official', 'secretariat', 'council'],
  'GET /api/cockpit/consortia/:id': ['official', 'secretariat', 'council'],
  // statistical returns (issue 6)
  'GET /api/cockpit/returns/kpis': ['official'],
  'GET /api/cockpit/returns': ['official'],
  'GET /api/cockpit/returns/export': ['official'],
  'POST /api/cockpit/returns': ['official'],
  'GET /api/cockpit/returns/:id': ['official'],
  'PATCH /api/cockpit/returns/:id': ['official'],
  'DELETE /api/cockpit/returns/:id': ['official'],
  'POST /api/cockpit/returns/:id/submit': ['official'],
  'POST /api/cockpit/returns/:id/approve': ['official'],
  'POST /api/cockpit/returns/:id/reject': ['official'],
  'POST /api/cockpit/returns/:id/evidence': ['official'],
  'DELETE /api/cockpit/returns/:id/evidence/:itemId': ['official'],
  'GET /api/cockpit/returns/files/:id': ['official'],
  'GET /api/cockpit/briefing.pdf': ['official', 'secretariat', 'council'],
  'GET /api/cockpit/briefing.xlsx': ['official', 'secretariat', 'council'],
  // notifications
  'GET /api/notifications': 'session',
  'POST /api/notifications/:id/read': 'session',
  'POST /api/notifications/read-all': 'session',
};

/** Framework routes (docs UI and its assets) that are not part of the contract. */
const isFramework = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/docs');

let env: TestEnv;
const sessions = new Map<Role, Session>();

beforeAll(async () => {
  env = await setupTestEnv();
  const enterprise = await makeOrg(env, 'enterprise');
  const school = await makeOrg(env, 'school');
  const cons = await makeConsortium(env);
  for (const role of roles) {
    // Officials of the 市教委/工作专班 have no organization (a department's official would, and manages less).
    const orgId = role === 'official' ? null : role === 'enterprise' ? enterprise.id : school.id;
    const u = await makeUser(env, role, { orgId, consortiumId: cons.id });
    sessions.set(role, await login(env, u.username));
  }
});
afterAll(() => env.close());

describe('authorization matrix', () => {
  it('every registered route has a row, and every row a route', () => {
    const registered = env.app.registeredRoutes.filter((r) => !isFramework(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((k) => !(k in expected))).toEqual([]);
    expect(Object.keys(expected).filter((k) => !registered.includes(k))).toEqual([]);
  });

  it('each route declares the access the table expects', () => {
    for (const r of env.app.registeredRoutes.filter((x) => !isFramework(x.url))) {
      const who = expected[`${r.method} ${r.url}`];
      if (who === 'public' || who === 'session') expect(r.access, `${r.method} ${r.url}`).toBe(who);
      else expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
    }
  });

  it('allows and denies each role as the table says', async () => {
    const probeId = '00000000-0000-4000-8000-000000000000';
    const failures: string[] = [];
    for (const r of env.app.registeredRoutes.filter((x) => !isFramework(x.url))) {
      const key = `${r.method} ${r.url}`;
      const who = expected[key]!;
      // Logout would end the session the loop still needs; the session rule is checked below.
      if (key === 'POST /api/auth/logout' || key === 'POST /api/auth/login') continue;
      const url = r.url.replace(':id', probeId).replace(':itemId', probeId);
      const anon = await env.app.inject({ method: r.method as 'GET', url });
      if (who === 'public') {
        if (anon.statusCode === 401 || anon.statusCode === 403)
          failures.push(`${key} anonymous got ${anon.statusCode}`);
        continue;
      }
      if (anon.statusCode !== 401) failures.push(`${key} anonymous got ${anon.statusCode}, expected 401`);
      for (const role of roles) {
        const s = sessions.get(role)!;
        const res = await s.call(r.method, url, r.method === 'GET' ? undefined : {});
        const allowed = who === 'session' || who.includes(role);
        const denied = res.statusCode === 403 && res.json().code === 'FORBIDDEN';
        if (allowed && (denied || res.statusCode === 401)) failures.push(`${key} ${role}: denied (${res.statusCode})`);
        if (!allowed && !denied) failures.push(`${key} ${role}: expected 403 FORBIDDEN, got ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('logout needs a session and ends it', async () => {
    const anon = await env.app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(anon.statusCode).toBe(401);
    const s = sessions.get('reviewer')!;
    expect((await s.call('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

import { refMajors } from '@chanjiao/db';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser, type Session, setupTestEnv, type TestEnv } from '../../../test/helpers';
import { loadReferenceData } from './reference.loader';

let env: TestEnv;
let s: Session;
beforeAll(async () => {
  env = await setupTestEnv();
  s = await login(env, (await makeUser(env, 'official')).username);
});
afterAll(() => env.close());

const get = async (url: string) => {
  const res = await s.call('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('reference data', () => {
  it('holds every row of the shipped files', async () => {
    expect((await get('/api/reference/districts')).total).toBe(38);
    expect((await get('/api/reference/majors')).total).toBe(1349);
    expect((await get('/api/reference/majors?level=secondary')).total).toBe(358);
    expect((await get('/api/reference/majors?level=associate')).total).toBe(744);
    expect((await get('/api/reference/majors?level=bachelor')).total).toBe(247);
    expect((await get('/api/reference/industries')).total).toBe(1971);
    expect((await get('/api/reference/industries?level=4')).total).toBe(1381);
    expect((await get('/api/reference/occupations')).total).toBe(2176);
    expect((await get('/api/reference/clusters')).total).toBe(12);
    expect((await get('/api/reference/indicators?pageSize=100')).total).toBe(26);
    expect((await get('/api/reference/reform-measures')).total).toBe(25);
    expect((await get('/api/reference/policy-targets')).total).toBe(77);
    expect((await get('/api/reference/policy-items')).total).toBe(29);
    expect((await get('/api/reference/institutions')).total).toBe(77);
  });

  it('serves the district map for the cockpit: 38 districts, cached by etag', async () => {
    const res = await s.call('GET', '/api/reference/district-map');
    expect(res.statusCode).toBe(200);
    const geo = res.json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(38);
    const again = await s.call('GET', '/api/reference/district-map', undefined, {
      'if-none-match': res.headers.etag as string,
    });
    expect(again.statusCode).toBe(304);
  });

  it('searches by Chinese name and by code', async () => {
    const cars = await get(`/api/reference/majors?q=${encodeURIComponent('汽车制造与试验技术')}`);
    expect(cars.items.map((m: { code: string }) => m.code)).toContain('460701');
    const byCode = await get('/api/reference/industries?q=6511');
    expect(byCode.items[0]).toMatchObject({ code: '6511', name: '基础软件开发', level: 4 });
    const district = await get(`/api/reference/districts?q=${encodeURIComponent('渝北')}`);
    expect(district.items).toEqual([{ code: '500112', name: '渝北区', type: '区' }]);
    const measures = await get(`/api/reference/reform-measures?q=${encodeURIComponent('市经济信息委')}`);
    expect(measures.total).toBeGreaterThan(0);
    expect(measures.items[0].responsibleUnits).toContain('市经济信息委');
    const pct = await get(`/api/reference/majors?q=${encodeURIComponent('%')}`);
    expect(pct.total).toBe(0);
  });

  it('pages and filters by hierarchy', async () => {
    const p2 = await get('/api/reference/occupations?page=2&pageSize=10');
    expect(p2.items).toHaveLength(10);
    expect(p2.page).toBe(2);
    const children = await get('/api/reference/industries?parentCode=65');
    expect(children.items.every((i: { code: string }) => i.code.startsWith('65'))).toBe(true);
    const cls = await get('/api/reference/majors?classCode=4607');
    expect(cls.items.every((m: { classCode: string }) => m.classCode === '4607')).toBe(true);
    const targets = await get(`/api/reference/policy-targets?q=T03`);
    expect(targets.items[0]).toMatchObject({ id: 'T03', year: 2023, comparator: '>=', target: 1 });
  });

  it('loading again changes nothing', async () => {
    const again = await loadReferenceData(env.deps.database);
    expect(again.loaded).toBe(false);
    expect((await env.deps.db.select({ n: count() }).from(refMajors))[0]!.n).toBe(1349);
  });
});

describe('reference caching', () => {
  it('answers 304 to a browser that has the page, and a new ETag after a reload', async () => {
    const first = await s.call('GET', '/api/reference/districts?pageSize=5');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await s.call('GET', '/api/reference/districts?pageSize=5', undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await s.call('GET', '/api/reference/districts?pageSize=6', undefined, { 'if-none-match': etag });
    expect(other.statusCode).toBe(200);
    // A reload (here: the change-feed notice it sends) drops the cached pages.
    await env.deps.database.notify('chanjiao_reference', 'reload');
    await new Promise((r) => setTimeout(r, 200));
    const after = await s.call('GET', '/api/reference/districts?pageSize=5', undefined, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.json().items).toHaveLength(5);
  });
});

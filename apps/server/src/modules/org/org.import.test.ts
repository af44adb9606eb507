import { creditCodeCheckChar } from '@chanjiao/contracts';
import { organizations } from '@chanjiao/db';
import { asc, eq, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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

beforeAll(async () => {
  env = await setupTestEnv();
  sec = await login(
    env,
    (await makeUser(env, 'secretariat', { consortiumId: (await makeConsortium(env)).id })).username,
  );
});
afterAll(() => env.close());

let serial = 700000000;
function code(): string {
  serial += 13;
  const body = `915001${String(serial).padStart(9, '0')}AB`.slice(0, 17);
  return body + creditCodeCheckChar(body);
}

async function upload(s: Session, buffer: Buffer, filename: string) {
  const res = await postFile(env, s, '/api/orgs/import', buffer, filename);
  expect(res.statusCode, res.body).toBe(200);
  await settleImports();
  return (await s.call('GET', `/api/imports/${res.json().id}`)).json();
}

/** A sheet the way people send them: a merged title row, a blank row, then the header. */
async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成员单位');
  ws.addRow(['重庆市某产教联合体成员单位名单']);
  ws.mergeCells('A1:F1');
  ws.addRow([]);
  ws.addRow(['单位名称', '统一社会信用代码', '单位类型', '办学层次', '所在区县', '服务产业集群']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: string[]) => Buffer.from(`\uFEFF单位名称,统一社会信用代码,单位类型\n${rows.join('\n')}\n`);

const snapshot = async (prefix: string) =>
  (
    await env.deps.db
      .select()
      .from(organizations)
      .where(like(organizations.name, `${prefix}%`))
      .orderBy(asc(organizations.name))
  ).map(({ updatedAt, createdAt, ...rest }) => rest);

describe('organization import', () => {
  it('offers a template with the columns, notes and dropdowns', async () => {
    const res = await sec.call('GET', '/api/orgs/import/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('单位名录')!;
    expect(String(ws.getRow(1).getCell(1).value)).toContain('单位名称');
    expect(String(ws.getRow(1).getCell(2).value)).toContain('统一社会信用代码');
  });

  it('imports messy but valid rows, and importing the same file again changes nothing', async () => {
    const [c1, c2, c3] = [code(), code(), code()];
    const fullWidth = c1.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const file = await workbook([
      ['导入甲汽车有限公司  ', fullWidth, '企业', null, '渝北区', '智能网联新能源汽车、C02'],
      ['导入乙职业技术学院', c2, '学校', '高职专科', '500106', null],
      ['导入丙产业园区', ` ${c3} `, '产业园区', null, null, null],
    ]);
    const job = await upload(sec, file, '成员单位.xlsx');
    expect(job).toMatchObject({ status: 'done', totalRows: 3, created: 3, updated: 0, errorCount: 0 });
    const first = await snapshot('导入');
    expect(first.map((o) => [o.name, o.creditCode, o.districtCode, o.clusterCodes])).toEqual([
      ['导入丙产业园区', c3, null, []],
      ['导入乙职业技术学院', c2, '500106', []],
      ['导入甲汽车有限公司', c1, '500112', ['C01', 'C02']],
    ]);
    const again = await upload(sec, file, '成员单位.xlsx');
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot('导入')).toEqual(first);
  });

  it('a file with one bad row imports nothing and reports that row, in the page and in the report', async () => {
    const good = code();
    const other = code();
    const bad = `${other.slice(0, 17)}${other[17] === '0' ? '1' : '0'}`;
    const before = await snapshot('报错');
    const file = await workbook([
      ['报错甲公司', good, '企业', null, '渝北区', null],
      ['报错乙公司', bad, '企业', null, '火星区', null],
    ]);
    const job = await upload(sec, file, '有错误.xlsx');
    expect(job.status).toBe('failed');
    expect(job.created).toBe(0);
    expect(job.errors.every((e: { rowNumber: number }) => e.rowNumber === 5)).toBe(true);
    expect(job.errors.map((e: { column: string }) => e.column)).toEqual(
      expect.arrayContaining(['统一社会信用代码', '所在区县']),
    );
    expect(job.errors.find((e: { column: string }) => e.column === '所在区县').reason).toMatch(/不是重庆市的区县/);
    expect(await snapshot('报错')).toEqual(before);

    const report = await sec.call('GET', `/api/imports/${job.id}/report`);
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toContain('成员单位名单');
    const headers = (ws.getRow(3).values as unknown[]).map(String);
    const errorCol = headers.indexOf('错误说明');
    expect(errorCol).toBeGreaterThan(0);
    expect(String(ws.getRow(5).getCell(errorCol).value)).toMatch(/区县/);
    expect(ws.getRow(4).getCell(errorCol).value ?? '').toBe('');

    // Fixed and re-imported, it goes in.
    const fixed = await workbook([
      ['报错甲公司', good, '企业', null, '渝北区', null],
      ['报错乙公司', code(), '企业', null, '江北区', null],
    ]);
    expect((await upload(sec, fixed, '已修改.xlsx')).created).toBe(2);
  });

  it('reads a UTF-8 CSV, finds duplicates within the file, and updates changed rows', async () => {
    const c = code();
    const dup = await upload(sec, csv([`CSV甲公司,${c},企业`, `CSV乙公司,${c},企业`]), 'dup.csv');
    expect(dup.status).toBe('failed');
    expect(dup.errors[0].reason).toMatch(/重复/);
    expect((await upload(sec, csv([`CSV甲公司,${c},企业`]), 'one.csv')).created).toBe(1);
    const changed = await upload(sec, csv([`CSV甲公司,${c},行业协会`]), 'changed.csv');
    expect(changed).toMatchObject({ status: 'done', created: 0, updated: 1 });
  });

  it("refuses to update an organization outside the caller's scope, and keeps jobs private", async () => {
    const foreign = await makeOrg(env, 'enterprise', '外部已登记公司');
    const c = code();
    await env.deps.db.update(organizations).set({ creditCode: c }).where(eq(organizations.id, foreign.id));
    const job = await upload(
      sec,
      Buffer.from(`单位名称,统一社会信用代码,单位类型\n外部已登记公司,${c},企业\n`),
      'x.csv',
    );
    expect(job.status).toBe('failed');
    expect(job.errors[0].reason).toMatch(/不在您的维护范围内/);
    const other = await login(
      env,
      (await makeUser(env, 'secretariat', { consortiumId: (await makeConsortium(env)).id })).username,
    );
    expect((await other.call('GET', `/api/imports/${job.id}`)).json().code).toBe('OUT_OF_SCOPE');
  });

  it('explains a file that is not a sheet', async () => {
    const job = await upload(sec, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'old.xls');
    expect(job.status).toBe('error');
    expect(job.message).toMatch(/xls|xlsx|另存/i);
  });

  it('a large file is written range by range in one transaction: a problem late in it leaves nothing', async () => {
    // 45,000 rows: more than two write ranges (20,000 rows each), so the first ranges are written
    // inside the transaction before the repeat at the end is found, and must be rolled back.
    const rows: string[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 45_000; i++) {
      codes.push(code());
      rows.push(`大文件公司${i},${codes[i]},企业`);
    }
    const bad = [...rows, `大文件公司重复,${codes[7]},企业`];
    const failed = await upload(sec, csv(bad), 'big-bad.csv');
    expect(failed).toMatchObject({ status: 'failed', errorCount: 1, totalRows: 45_001 });
    expect(failed.errors[0]).toMatchObject({ rowNumber: 45_002, reason: '与第 9 行重复' });
    expect(await snapshot('大文件公司')).toEqual([]);
    const done = await upload(sec, csv(rows), 'big.csv');
    expect(done).toMatchObject({ status: 'done', created: 45_000, updated: 0, unchanged: 0 });
    const again = await upload(sec, csv(rows), 'big.csv');
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 45_000 });
    const [{ n }] = (await env.deps.database.db.execute(
      sql`select count(*)::int as n from pg_tables where tablename like 'import_stage_%'`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });
});

/**
 * Generates the benchmark's organization rows three ways: the import sheet as CSV (UTF-8 with BOM, as
 * Excel saves it) and as xlsx (shared strings, as Excel writes it), and the same rows as PostgreSQL
 * COPY text with codes resolved (what `organizations` stores), for the raw COPY baseline.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditCodeCheckChar } from '@chanjiao/contracts';
import { copyLine } from '@chanjiao/db';
import ExcelJS from 'exceljs';

const root = join(import.meta.dirname, '../..');

function csvRows(file: string): string[][] {
  return readFileSync(join(root, 'data', file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

const districts = csvRows('chongqing-districts.csv').map(([code, name]) => ({ code: code!, name: name! }));
// Cluster codes follow the reference loader: C01… in file order.
const clusters = csvRows('chongqing-33618-clusters.csv').map((r, i) => ({
  code: `C${String(i + 1).padStart(2, '0')}`,
  name: r[2]!,
}));
const industries = ['3670', '3660', '3981', '3990', '2929', '3311', '6513', '7491'];
const words = ['智能', '精密', '新材', '电子', '汽车', '数控', '云创', '科技', '装备', '光电', '数字', '绿能'];
const suffixes = ['有限公司', '股份有限公司', '科技有限公司', '制造有限公司'];

export const HEADER = [
  '单位名称',
  '统一社会信用代码',
  '单位类型',
  '办学层次',
  '简称',
  '所在区县',
  '地址',
  '服务产业集群',
  '所属行业代码',
  '规模以上企业',
];
/** The COPY baseline's columns of `organizations`. */
export const COPY_COLUMNS = [
  'name',
  'credit_code',
  'type',
  'school_level',
  'abbreviation',
  'district_code',
  'address',
  'cluster_codes',
  'industry_codes',
  'above_scale',
];

/** Row i of run `run` (runs use different codes and names so each import creates every row). */
export function orgRow(run: number, i: number) {
  const body = `9150${String(run).padStart(2, '0')}00${String(i).padStart(9, '0')}`;
  const code = body + creditCodeCheckChar(body);
  const district = districts[i % districts.length]!;
  const cluster = [clusters[i % clusters.length]!, ...(i % 3 === 0 ? [clusters[(i + 5) % clusters.length]!] : [])];
  const industry = [industries[i % industries.length]!];
  const school = i % 25 === 0;
  const word = words[i % words.length]! + words[(i >> 3) % words.length]!;
  const name = school
    ? `【演示】重庆${word}职业技术学院${run}-${i}`
    : `【演示】重庆${word}${run}-${i}${suffixes[i % suffixes.length]}`;
  const above = i % 4 !== 0;
  return {
    sheet: [
      name,
      code,
      school ? '学校' : '企业',
      school ? '高职专科' : '',
      `${word}${i}`,
      district.name,
      `重庆市${district.name}${word}大道${i % 999}号`,
      cluster.map((c) => c.name).join('、'),
      industry.join('、'),
      above ? '是' : '否',
    ],
    copy: [
      name,
      code,
      school ? 'school' : 'enterprise',
      school ? 'associate' : null,
      `${word}${i}`,
      district.code,
      `重庆市${district.name}${word}大道${i % 999}号`,
      cluster.map((c) => c.code),
      industry,
      above,
    ],
  };
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function writeLines(path: string, first: string, rows: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  out.write(first);
  for (let i = 1; i <= rows; i++) {
    if (!out.write(line(i))) await new Promise((r) => out.once('drain', r));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export async function writeCsv(path: string, run: number, rows: number) {
  await writeLines(
    path,
    `\ufeff${HEADER.join(',')}\r\n`,
    rows,
    (i) => `${orgRow(run, i).sheet.map(csvField).join(',')}\r\n`,
  );
}

export async function writeCopy(path: string, run: number, rows: number) {
  await writeLines(path, '', rows, (i) => copyLine(orgRow(run, i).copy));
}

export async function writeXlsx(path: string, run: number, rows: number) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('单位名录');
  sheet.addRow(HEADER).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(orgRow(run, i).sheet).commit();
  sheet.commit();
  await workbook.commit();
}

/**
 * The matching benchmark's data: a deterministic generator of students and job demands drawn on the
 * real catalogue (majors, districts, 33618 clusters), written as TSV, and the readers that turn the
 * files back into engine inputs. Shared by `bench:data` and `bench:match`.
 *
 * students.tsv: id, major, level, district, preferred (comma list), grad_month, consent, internship,
 *               consortium, skills (| list), certs (| list)
 * jobs.tsv:     id, status, kind, min_level, grad_from, grad_to, district, cluster, consortium,
 *               majors (| list of major / class / category codes), skills, certs
 * Empty cell = null / empty list.
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EducationLevel, JobInput, JobKind, StudentInput } from '@chanjiao/matching';
import { monthIndex } from '@chanjiao/matching';
import { loadCatalogInput, prng } from '@chanjiao/matching/testing';

export const AS_OF_MONTH = monthIndex(2026, 3);

export function dataDir(students: number, jobs: number, seed: number): string {
  return join(import.meta.dirname, '../.data', `${students}-${jobs}-${seed}`);
}

export { prng };

/** Draws an index from cumulative weights. */
function sampler(weights: readonly number[], rnd: () => number): () => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cum[i] = total;
  });
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const zipf = (n: number, s: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

const SKILL_WORDS = [
  'PLC编程',
  '数控加工',
  'CAD制图',
  'SolidWorks',
  '焊接',
  '钳工',
  '电工',
  '汽车检测',
  '新能源汽车维修',
  '电池管理',
  '工业机器人',
  '传感器',
  '单片机',
  '嵌入式开发',
  'Python',
  'Java',
  'SQL',
  'Linux',
  '网络运维',
  '前端开发',
  'Vue',
  'React',
  '数据分析',
  'Excel',
  '财务核算',
  '税务申报',
  '电子商务',
  '直播运营',
  '新媒体',
  '摄影',
  'Photoshop',
  '平面设计',
  '室内设计',
  'BIM',
  '工程测量',
  '造价',
  '施工管理',
  '护理',
  '药品检验',
  '食品检测',
  '烹饪',
  '酒店服务',
  '导游',
  '物流管理',
  '仓储',
  '报关',
  '英语',
  '日语',
  '普通话',
  '驾驶',
  '3D打印',
  '激光加工',
  '模具设计',
  '质量管理',
  '精益生产',
  '安全生产',
  '化工操作',
  '纺织工艺',
  '服装设计',
  '农机维修',
];
const CERTS = [
  '汽车运用与维修',
  '工业机器人应用编程',
  '智能网联汽车检测与运维',
  '新能源汽车动力驱动电机电池技术',
  'Web前端开发',
  '云计算平台运维与开发',
  '大数据应用开发（Python）',
  '网络系统建设与运维',
  '传感网应用开发',
  '数控车铣加工',
  '多工序数控机床操作',
  '机械产品三维模型设计',
  '特殊焊接技术',
  '智能制造生产管理与控制',
  '建筑信息模型（BIM）',
  '母婴护理',
  '老年照护',
  '失智老年人照护',
  '药物制剂生产',
  '食品检验管理',
  '业财一体信息化应用',
  '智能财税',
  '电子商务数据分析',
  '直播电商',
  '物流管理',
  '跨境电子商务多平台运营',
  '界面设计',
  '数字媒体交互设计',
  '无人机驾驶',
  '工业互联网实施与运维',
].map((n) => `1+X ${n}职业技能等级证书`);

const HEAVY: Record<string, number> = { 渝北区: 12, 沙坪坝区: 10, 九龙坡区: 10, 江北区: 8, 南岸区: 8 };
const MIDDLE = ['渝中区', '巴南区', '北碚区', '江津区', '永川区', '合川区', '万州区', '涪陵区', '璧山区', '大渡口区'];

export interface GenerateOptions {
  students: number;
  jobs: number;
  seed: number;
}

export interface GenerateSummary {
  students: number;
  jobs: number;
  seed: number;
  dir: string;
  bytes: { students: number; jobs: number };
  seconds: number;
}

async function writeLines(file: string, count: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  return bytes;
}

export async function generate(opts: GenerateOptions): Promise<GenerateSummary> {
  const t0 = performance.now();
  const { mkdirSync } = await import('node:fs');
  const dir = dataDir(opts.students, opts.jobs, opts.seed);
  mkdirSync(dir, { recursive: true });
  const rnd = prng(opts.seed);
  const cat = loadCatalogInput();

  // Majors by level, each level's list shuffled once and drawn Zipf-skewed: a few big majors.
  const LEVEL_OF: Record<string, EducationLevel> = {
    secondary: 'secondary',
    associate: 'associate',
    bachelor: 'vocational_bachelor',
  };
  const byLevel = new Map<string, number[]>();
  cat.majorLevels.forEach((lv, i) => {
    if (!byLevel.has(lv)) byLevel.set(lv, []);
    byLevel.get(lv)!.push(i);
  });
  const levelNames = ['secondary', 'associate', 'bachelor'];
  const levelPick = sampler([20, 70, 10], rnd);
  const majorPick = levelNames.map((lv) => {
    const list = [...byLevel.get(lv)!];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    const pick = sampler(zipf(list.length, 1.0), rnd);
    return () => list[pick()];
  });
  const drawMajor = () => majorPick[levelPick()]();

  const districts = cat.districts;
  const districtPick = sampler(
    districts.map((d) => HEAVY[d.name] ?? (MIDDLE.includes(d.name) ? 3 : 1)),
    rnd,
  );
  const skills = [...SKILL_WORDS];
  for (let i = skills.length; i < 300; i++) skills.push(`专项技能${String(i).padStart(3, '0')}`);
  const skillPick = sampler(zipf(skills.length, 1.1), rnd);
  const certPick = sampler(zipf(CERTS.length, 0.8), rnd);
  const categoryOf = new Map(cat.majors.map((m) => [m.code, Number(m.category_code)]));
  // Skills lean towards the major's field: the Zipf rank is shifted by the category.
  const drawSkills = (n: number, category: number) => {
    const out = new Set<string>();
    for (let i = 0; i < n; i++) out.add(skills[(skillPick() + category * 17) % skills.length]);
    return [...out];
  };
  const drawCerts = (n: number) => {
    const out = new Set<string>();
    for (let i = 0; i < n; i++) out.add(CERTS[certPick()]);
    return [...out];
  };
  const consortium = () => (rnd() < 0.15 ? '' : `cq${String(1 + Math.floor(rnd() * 30)).padStart(2, '0')}`);
  const bool = (p: number) => (rnd() < p ? '1' : '0');

  const studentBytes = await writeLines(join(dir, 'students.tsv'), opts.students, (i) => {
    const m = drawMajor();
    const major = cat.majors[m];
    const level = LEVEL_OF[cat.majorLevels[m]];
    const home = districts[districtPick()].code;
    const prefs: string[] = [];
    if (rnd() < 0.4) for (let p = 1 + Math.floor(rnd() * 2); p > 0; p--) prefs.push(districts[districtPick()].code);
    const grad = rnd() < 0.05 ? '' : String(AS_OF_MONTH - 6 + Math.floor(rnd() * 42));
    const sk = drawSkills(2 + Math.floor(rnd() * 9), categoryOf.get(major.code) ?? 0);
    const ce = drawCerts(Math.floor(rnd() * 4));
    return `${i + 1}\t${major.code}\t${level}\t${home}\t${[...new Set(prefs)].join(',')}\t${grad}\t${bool(0.8)}\t${bool(0.5)}\t${consortium()}\t${sk.join('|')}\t${ce.join('|')}\n`;
  });

  const statusPick = sampler([85, 10, 5], rnd);
  const kindPick = sampler([45, 30, 15, 10], rnd);
  const minLevelPick = sampler([20, 60, 15, 5], rnd);
  const clusterCodes = cat.clusters.map((_, i) => `C${String(i + 1).padStart(2, '0')}`);
  const jobBytes = await writeLines(join(dir, 'jobs.tsv'), opts.jobs, (i) => {
    const window = rnd() < 0.3;
    const from = window ? AS_OF_MONTH + Math.floor(rnd() * 12) : null;
    const to = window && from !== null ? from + 3 + Math.floor(rnd() * 12) : null;
    const majors = new Set<string>();
    let field = 0;
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
      const m = cat.majors[drawMajor()];
      if (field === 0) field = Number(m.category_code);
      const r = rnd();
      majors.add(r < 0.6 ? m.code : r < 0.85 ? m.class_code : m.category_code);
    }
    // A job asks for the skills of the field it recruits from.
    const sk = drawSkills(2 + Math.floor(rnd() * 5), field);
    const ce = drawCerts(Math.floor(rnd() * 3));
    const cluster = rnd() < 0.2 ? '' : clusterCodes[Math.floor(rnd() * clusterCodes.length)];
    return `${i + 1}\t${['published', 'draft', 'closed'][statusPick()]}\t${['fulltime', 'internship', 'apprenticeship', 'order_class'][kindPick()]}\t${['secondary', 'associate', 'vocational_bachelor', 'undergraduate'][minLevelPick()]}\t${from ?? ''}\t${to ?? ''}\t${districts[districtPick()].code}\t${cluster}\t${consortium()}\t${[...majors].join('|')}\t${sk.join('|')}\t${ce.join('|')}\n`;
  });
  return {
    students: opts.students,
    jobs: opts.jobs,
    seed: opts.seed,
    dir,
    bytes: { students: studentBytes, jobs: jobBytes },
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
  };
}

export function hasData(dir: string): boolean {
  return existsSync(join(dir, 'students.tsv')) && existsSync(join(dir, 'jobs.tsv'));
}

function* lines(file: string): Generator<string[]> {
  const text = readFileSync(file, 'utf8');
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    if (end > start) yield text.slice(start, end).split('\t');
    start = end + 1;
  }
}

const list = (cell: string, sep: string) => (cell === '' ? [] : cell.split(sep));
const num = (cell: string) => (cell === '' ? null : Number(cell));

export function* readStudents(dir: string): Generator<StudentInput> {
  for (const c of lines(join(dir, 'students.tsv'))) {
    yield {
      id: Number(c[0]),
      major: c[1],
      level: c[2] as EducationLevel,
      district: c[3],
      preferredDistricts: list(c[4], ','),
      gradMonth: num(c[5]),
      consent: c[6] === '1',
      internship: c[7] === '1',
      consortium: c[8] || null,
      skills: list(c[9], '|'),
      certs: list(c[10], '|'),
    };
  }
}

export function* readJobs(dir: string): Generator<JobInput> {
  for (const c of lines(join(dir, 'jobs.tsv'))) {
    yield {
      id: Number(c[0]),
      status: c[1],
      kind: c[2] as JobKind,
      minLevel: c[3] as EducationLevel,
      gradFrom: num(c[4]),
      gradTo: num(c[5]),
      district: c[6],
      cluster: c[7] || null,
      consortium: c[8] || null,
      majors: list(c[9], '|'),
      skills: list(c[10], '|'),
      certs: list(c[11], '|'),
    };
  }
}

/**
 * From the server's records to the engine's inputs: the catalogue (reference data), one job or
 * profile row to a JobInput/StudentInput, and a packed tape that holds a streamed table as
 * integers until the engine's bulk load reads it back (row objects live only for one page).
 */
import { readFileSync } from 'node:fs';
import {
  buildCatalog,
  type Catalog,
  EDUCATION_LEVELS,
  type EducationLevel,
  JOB_KINDS,
  type JobInput,
  type JobKind,
  MAX_LIST,
  MAX_PREFERRED_DISTRICTS,
  monthIndex,
  neighboursFromEchartsGeo,
  type StudentInput,
} from '@chanjiao/matching';
import { parse } from 'csv-parse/sync';
import { dataDir, referenceRows } from '../reference';
import type { JobSource, StudentSource } from './matching.repository';

/**
 * The catalogue from the same data files the reference tables are loaded from: majors with their
 * 专业类/专业大类, districts, the 33618 clusters (codes C01… in file order, as in ref_clusters), the
 * cluster ↔ major-category relation and the district neighbours from the ECharts map.
 */
export function loadCatalog(dir = dataDir()): Catalog {
  const ref = referenceRows(dir);
  const related = parse(readFileSync(`${dir}/cluster-major-categories.csv`, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as { cluster_code: string; category_code: string }[];
  const districts = ref.districts.map((d) => ({ code: d.code, name: d.name }));
  const geo = JSON.parse(readFileSync(`${dir}/chongqing-districts.echarts-geo.json`, 'utf8'));
  return buildCatalog({
    majors: ref.majors.map((m) => ({
      code: m.code,
      name: m.name,
      class_code: m.classCode,
      class_name: m.className,
      category_code: m.categoryCode,
      category_name: m.categoryName,
    })),
    districts,
    neighbours: neighboursFromEchartsGeo(geo, districts),
    clusters: ref.clusters.map((c) => ({ code: c.code, cluster: c.name })),
    clusterCategories: related.map((r) => ({ cluster_code: r.cluster_code, category_code: r.category_code })),
  });
}

/** 'YYYY-MM' → monthIndex; null when absent or malformed. */
export function parseMonth(ym: string | null | undefined): number | null {
  const m = ym ? /^(\d{4})-(\d{2})$/.exec(ym) : null;
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? monthIndex(Number(m[1]), month) : null;
}

/** The current month in China, as the engine counts months, and as YYYY-MM. */
export function currentMonth(now = new Date()): { index: number; text: string } {
  const ym = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
  return { index: parseMonth(ym)!, text: ym };
}

const uniqueCapped = (list: readonly string[], max = MAX_LIST) => [...new Set(list)].slice(0, max);
const isLevel = (s: string): s is EducationLevel => (EDUCATION_LEVELS as readonly string[]).includes(s);
const isKind = (s: string): s is JobKind => (JOB_KINDS as readonly string[]).includes(s);

/**
 * A profile as the engine sees it, or null when the catalogue cannot place it (a major or home
 * district it does not know): such a profile is simply not recommended.
 */
export function studentInput(row: StudentSource, cat: Catalog): StudentInput | null {
  if (!cat.majorByCode.has(row.majorCode) || !cat.districtByCode.has(row.districtCode) || !isLevel(row.level))
    return null;
  return {
    id: row.seq,
    major: row.majorCode,
    level: row.level,
    district: row.districtCode,
    preferredDistricts: uniqueCapped(
      row.preferredDistricts.filter((d) => cat.districtByCode.has(d)),
      MAX_PREFERRED_DISTRICTS,
    ),
    gradMonth: parseMonth(row.expectedGraduation),
    consent: row.consent,
    internship: row.internshipAvailable,
    consortium: row.consortiumId,
    skills: uniqueCapped(row.skills),
    certs: uniqueCapped(row.certificates),
  };
}

/** A job as the engine sees it; unknown accepted codes and clusters are dropped, null when unplaceable. */
export function jobInput(row: JobSource, cat: Catalog): JobInput | null {
  if (!isKind(row.kind) || !isLevel(row.minLevel) || !cat.districtByCode.has(row.districtCode)) return null;
  const known = (code: string) =>
    cat.majorByCode.has(code) || cat.classByCode.has(code) || cat.categoryByCode.has(code);
  return {
    id: row.seq,
    status: row.status,
    kind: row.kind,
    minLevel: row.minLevel,
    gradFrom: parseMonth(row.gradFrom),
    gradTo: parseMonth(row.gradTo),
    district: row.districtCode,
    cluster: row.clusterCode && cat.clusterByKey.has(row.clusterCode) ? row.clusterCode : null,
    consortium: row.consortiumId,
    majors: uniqueCapped(row.acceptedMajors.filter(known)),
    skills: uniqueCapped(row.skills),
    certs: uniqueCapped(row.certificates),
  };
}

/**
 * Rows packed as 32-bit integers (strings interned), so that a million profiles streamed page by
 * page cost ~70 bytes each until the engine's bulk load has read them, instead of a JavaScript
 * object each. Read back once, in order, as an iterable with a length (the engine's capacity hint).
 */
class Tape {
  private data = new Int32Array(1 << 16);
  private len = 0;
  private pos = 0;
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  count = 0;

  private push(v: number): void {
    if (this.len === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.len++] = v;
  }
  int(v: number | null | undefined): void {
    this.push(v ?? -1);
  }
  str(s: string | null | undefined): void {
    if (s == null) {
      this.push(-1);
      return;
    }
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(s);
      this.ids.set(s, id);
    }
    this.push(id);
  }
  list(xs: readonly string[]): void {
    this.push(xs.length);
    for (const x of xs) this.str(x);
  }
  readInt(): number | null {
    const v = this.data[this.pos++]!;
    return v === -1 ? null : v;
  }
  readStr(): string | null {
    const v = this.data[this.pos++]!;
    return v === -1 ? null : this.names[v]!;
  }
  readList(): string[] {
    const n = this.data[this.pos++]!;
    const out: string[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.names[this.data[this.pos++]!]!;
    return out;
  }
  rewind(): void {
    this.pos = 0;
  }
}

export class StudentTape {
  private readonly t = new Tape();
  get length(): number {
    return this.t.count;
  }
  add(s: StudentInput): void {
    const t = this.t;
    t.int(s.id);
    t.str(s.major);
    t.str(s.level);
    t.str(s.district);
    t.list(s.preferredDistricts ?? []);
    t.int(s.gradMonth);
    t.int((s.consent ? 1 : 0) | (s.internship ? 2 : 0));
    t.str(s.consortium);
    t.list(s.skills);
    t.list(s.certs);
    t.count++;
  }
  *[Symbol.iterator](): Iterator<StudentInput> {
    const t = this.t;
    t.rewind();
    for (let i = 0; i < t.count; i++) {
      const id = t.readInt()!;
      const major = t.readStr()!;
      const level = t.readStr() as EducationLevel;
      const district = t.readStr()!;
      const preferredDistricts = t.readList();
      const gradMonth = t.readInt();
      const flags = t.readInt()!;
      const consortium = t.readStr();
      const skills = t.readList();
      const certs = t.readList();
      yield {
        id,
        major,
        level,
        district,
        preferredDistricts,
        gradMonth,
        consent: (flags & 1) !== 0,
        internship: (flags & 2) !== 0,
        consortium,
        skills,
        certs,
      };
    }
  }
}

export class JobTape {
  private readonly t = new Tape();
  get length(): number {
    return this.t.count;
  }
  add(j: JobInput): void {
    const t = this.t;
    t.int(j.id);
    t.str(j.status);
    t.str(j.kind);
    t.str(j.minLevel);
    t.int(j.gradFrom);
    t.int(j.gradTo);
    t.str(j.district);
    t.str(j.cluster);
    t.str(j.consortium);
    t.list(j.majors);
    t.list(j.skills);
    t.list(j.certs);
    t.count++;
  }
  *[Symbol.iterator](): Iterator<JobInput> {
    const t = this.t;
    t.rewind();
    for (let i = 0; i < t.count; i++) {
      yield {
        id: t.readInt()!,
        status: t.readStr()!,
        kind: t.readStr() as JobKind,
        minLevel: t.readStr() as EducationLevel,
        gradFrom: t.readInt(),
        gradTo: t.readInt(),
        district: t.readStr()!,
        cluster: t.readStr(),
        consortium: t.readStr(),
        majors: t.readList(),
        skills: t.readList(),
        certs: t.readList(),
      };
    }
  }
}

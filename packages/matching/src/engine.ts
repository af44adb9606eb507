/**
 * The two-way matching index: job → top-k students and student → top-k jobs, exact, with every
 * score explained. Profiles are columns of typed arrays (see `memoryBytes`), students grouped by
 * major so that a job query visits majors from the best possible score down and stops when no
 * student of the remaining majors can reach the current k-th score.
 *
 * Ids are the caller's unsigned 32-bit keys (e.g. an identity column), not uuids: a uuid string
 * costs more than the whole profile. Ties rank by id ascending.
 */
import type { Catalog } from './catalog';
import { KeyTable } from './key-table';
import { formatReason, type ReasonPart } from './reason';
import {
  CERTS_MAX,
  CLUSTER_SCORE,
  EDUCATION_LEVELS,
  type EducationLevel,
  GRADUATING_WITHIN_MONTHS,
  JOB_KINDS,
  type JobKind,
  KIND_SCORE,
  MAJOR_CATEGORY,
  MAJOR_CLASS,
  MAJOR_CLUSTER,
  MAJOR_CODE,
  roundRatio,
  SKILLS_MAX,
  skillWeight,
} from './scoring';

export interface StudentInput {
  id: number;
  /** Major code from the catalogue. */
  major: string;
  level: EducationLevel;
  /** Home district code. */
  district: string;
  /** Up to MAX_PREFERRED_DISTRICTS district codes. */
  preferredDistricts?: readonly string[];
  /** Expected graduation, `monthIndex(year, month)`; null when unknown. */
  gradMonth?: number | null;
  /** Only consenting profiles are visible to enterprises. */
  consent: boolean;
  /** Available for an internship. */
  internship: boolean;
  consortium?: string | null;
  skills: readonly string[];
  certs: readonly string[];
}

export interface JobInput {
  id: number;
  /** Only 'published' jobs are matched. */
  status: string;
  kind: JobKind;
  minLevel: EducationLevel;
  /** Graduation window, `monthIndex` values, either end open when null. */
  gradFrom?: number | null;
  gradTo?: number | null;
  district: string;
  /** 33618 cluster code (C01) or name; null for none. */
  cluster?: string | null;
  consortium?: string | null;
  /** Accepted majors: major codes, 专业类 codes or 专业大类 codes, mixed. Empty: no major scores. */
  majors: readonly string[];
  skills: readonly string[];
  certs: readonly string[];
}

export interface QueryOptions {
  /** Default 20. */
  k?: number;
  /** Consortium ids the caller may see; omitted or null: all. Profiles without a consortium are outside any scope. */
  scope?: readonly string[] | null;
  /** The current month (`monthIndex`), for "graduating within 12 months". */
  asOfMonth: number;
}

export interface Factors {
  major: number;
  skills: number;
  certs: number;
  district: number;
  cluster: number;
  kind: number;
}

export interface MatchResult {
  id: number;
  score: number;
  factors: Factors;
  /** zh-CN summary, e.g. 专业完全匹配 · 技能 3/4 · 同区县 */
  reason: string;
  reasonParts: ReasonPart[];
}

export const MAX_PREFERRED_DISTRICTS = 3;
export const MAX_LIST = 255;

const NONE8 = 255;
const CONSENT = 1;
const INTERNSHIP = 2;
const ALIVE = 4;
const PUBLISHED = 8;
/** Student changed since the last compaction: not in the skill sub-buckets, scanned from the dirty list. */
const DIRTY = 16;
const KIND_FULLTIME = JOB_KINDS.indexOf('fulltime');
const KIND_INTERNSHIP = JOB_KINDS.indexOf('internship');
const OPEN_TO = 0xffff;

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

function grown<T extends TypedArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a.subarray(0, Math.min(a.length, length)) as never);
  return b;
}

/** A growable pool of 16-bit values that rows point into (offset + length). */
class Pool {
  data: Uint16Array;
  length = 0;
  /** Slots no row points to any more; compaction reclaims them. */
  garbage = 0;
  constructor(capacity: number) {
    this.data = new Uint16Array(capacity);
  }
  alloc(n: number): number {
    if (this.length + n > this.data.length) {
      this.data = grown(this.data, Math.max(this.length + n, Math.ceil(this.data.length * 1.5) + 16));
    }
    const off = this.length;
    this.length += n;
    return off;
  }
}

function studentColumns(cap: number) {
  return {
    key: new Uint32Array(cap),
    major: new Uint16Array(cap),
    district: new Uint8Array(cap),
    pref0: new Uint8Array(cap),
    pref1: new Uint8Array(cap),
    pref2: new Uint8Array(cap),
    level: new Uint8Array(cap),
    grad: new Uint16Array(cap),
    flags: new Uint8Array(cap),
    consortium: new Uint32Array(cap),
    skillOff: new Uint32Array(cap),
    skillLen: new Uint8Array(cap),
    certOff: new Uint32Array(cap),
    certLen: new Uint8Array(cap),
    /** Skill signature (64 bits, see skillBit) and certificate signature (id mod 32): a cheap exact "no overlap" test. */
    skillLo: new Uint32Array(cap),
    skillHi: new Uint32Array(cap),
    certMask: new Uint32Array(cap),
    /** Position of the row in its major's bucket. */
    bucketPos: new Uint32Array(cap),
  };
}
type StudentColumns = ReturnType<typeof studentColumns>;

function jobColumns(cap: number) {
  return {
    key: new Uint32Array(cap),
    flags: new Uint8Array(cap),
    kind: new Uint8Array(cap),
    minLevel: new Uint8Array(cap),
    gradFrom: new Uint16Array(cap),
    gradTo: new Uint16Array(cap),
    district: new Uint8Array(cap),
    cluster: new Uint8Array(cap),
    consortium: new Uint32Array(cap),
    accOff: new Uint32Array(cap),
    accLen: new Uint8Array(cap),
    skillOff: new Uint32Array(cap),
    skillLen: new Uint8Array(cap),
    /** Σ weight of the job's skills, refreshed with the weights. */
    skillDen: new Uint32Array(cap),
    certOff: new Uint32Array(cap),
    certLen: new Uint8Array(cap),
    skillLo: new Uint32Array(cap),
    skillHi: new Uint32Array(cap),
    certMask: new Uint32Array(cap),
  };
}
type JobColumns = ReturnType<typeof jobColumns>;

/** New columns from the same factory (one object shape for the optimizer), old rows copied. */
function growColumns<T extends Record<string, TypedArray>>(cols: T, make: (cap: number) => T, cap: number): T {
  const out = make(cap);
  for (const name of Object.keys(cols))
    out[name].set(cols[name].subarray(0, Math.min(cols[name].length, cap)) as never);
  return out;
}

function columnBytes(cols: Record<string, TypedArray>): number {
  let n = 0;
  for (const a of Object.values(cols)) n += a.byteLength;
  return n;
}

/** Bounded heap of the k best (score desc, id asc); the root is the worst kept. */
class TopK {
  readonly score: Int32Array;
  readonly id: Float64Array;
  readonly row: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.score = new Int32Array(k);
    this.id = new Float64Array(k);
    this.row = new Int32Array(k);
  }
  get full(): boolean {
    return this.size === this.k;
  }
  /** Score of the worst kept entry; a candidate below it cannot enter. */
  get floor(): number {
    return this.size === this.k ? this.score[0] : -1;
  }
  private worse(a: number, b: number): boolean {
    const sa = this.score[a];
    const sb = this.score[b];
    return sa < sb || (sa === sb && this.id[a] > this.id[b]);
  }
  private swap(a: number, b: number): void {
    const s = this.score[a];
    this.score[a] = this.score[b];
    this.score[b] = s;
    const i = this.id[a];
    this.id[a] = this.id[b];
    this.id[b] = i;
    const r = this.row[a];
    this.row[a] = this.row[b];
    this.row[b] = r;
  }
  offer(score: number, id: number, row: number): void {
    if (this.k === 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      this.score[i] = score;
      this.id[i] = id;
      this.row[i] = row;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    const s0 = this.score[0];
    if (score < s0 || (score === s0 && id > this.id[0])) return;
    this.score[0] = score;
    this.id[0] = id;
    this.row[0] = row;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.worse(r, l) ? r : l;
      if (!this.worse(c, i)) break;
      this.swap(c, i);
      i = c;
    }
  }
  /** Rows best first. */
  sortedRows(): number[] {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => this.score[b] - this.score[a] || this.id[a] - this.id[b]);
    return idx.map((i) => this.row[i]);
  }
}

interface StudentScan {
  majorScore: Uint8Array;
  order: number[];
  /** Per major: an upper bound of any of its clean rows' score, and the same without skills. */
  bucketBound: Int32Array;
  bucketNoSkills: Int32Array;
  jobBits: number[];
  suffixBound: Int32Array;
  restMax: number;
  minLevel: number;
  hasWindow: boolean;
  gradFrom: number;
  gradTo: number;
  scope: Uint8Array | null;
  dt: Uint8Array;
  kind: number;
  soon: number;
  den: number;
  jcLen: number;
  bitWeight: Float64Array;
  jobLo: number;
  jobHi: number;
  jobCerts: number;
}

interface JobScan {
  acc: Uint8Array;
  accKeys: number[];
  related: Uint8Array;
  dt: Uint8Array;
  kindScore: Uint8Array;
  level: number;
  g: number;
  scope: Uint8Array | null;
  myLo: number;
  myHi: number;
  myCerts: number;
}

export interface IndexStats {
  students: number;
  jobs: number;
  /** Typed-array bytes held for students (columns, pools, buckets, id table), capacity included. */
  studentBytes: number;
  jobBytes: number;
  bytesPerProfile: number;
  skills: number;
  certs: number;
}

export class MatchIndex {
  readonly catalog: Catalog;
  private readonly skillIds = new Map<string, number>();
  private readonly skillNames: string[] = [];
  private weights = new Uint16Array(64);
  /** Bit (0–63) of each skill in the signatures, balanced by document frequency on refresh. */
  private skillBit = new Uint8Array(64);
  /** Corpus size the weights were computed from; new skills get the df = 1 weight for it. */
  private weightCorpus = 0;
  private readonly certIds = new Map<string, number>();
  private readonly certNames: string[] = [];
  /** Consortium ids interned to 1…n; 0 is "no consortium". */
  private readonly consortiumIds = new Map<string, number>();

  private s: StudentColumns;
  private sRows = 0;
  private sLive = 0;
  private sSkills: Pool;
  private sCerts: Pool;
  private sKeys: KeyTable;
  private buckets: Int32Array[];
  private bucketLen: Int32Array;
  /**
   * Skill sub-buckets, rebuilt on compaction: the rows of major m whose signature has bit b are
   * subRows[subOff[m·64 + b] … subOff[m·64 + b + 1]). Rows changed since are DIRTY and listed in `dirty`.
   */
  private subOff = new Uint32Array(1);
  private subRows = new Int32Array(0);
  private dirty = new Int32Array(16);
  private dirtyLen = 0;
  /**
   * Per-major summaries of the clean consenting rows (rebuilt with the sub-buckets): how many, the
   * highest level, the graduation range (non-zero months), whether any is available for an
   * internship, and the OR of their skill, certificate, district (index mod 64) and consortium
   * (id mod 32) signatures. They bound every row of the major from above; rows changed since are dirty.
   */
  private bCount = new Int32Array(0);
  private bMaxLevel = new Uint8Array(0);
  private bGradMin = new Uint16Array(0);
  private bGradMax = new Uint16Array(0);
  private bIntern = new Uint8Array(0);
  private bSkillLo = new Uint32Array(0);
  private bSkillHi = new Uint32Array(0);
  private bCerts = new Uint32Array(0);
  private bDistLo = new Uint32Array(0);
  private bDistHi = new Uint32Array(0);
  private bCons = new Uint32Array(0);
  /** Set while buildMatchIndex loads: compaction waits for the end of the load. */
  private loading = false;

  private j: JobColumns;
  private jRows = 0;
  private jLive = 0;
  private jAcc: Pool;
  private jSkills: Pool;
  private jCerts: Pool;
  private jKeys: KeyTable;
  /**
   * Job lists rebuilt on job compaction: rows listing accepted key k (major, class or category) are
   * byKeyRows[byKeyOff[k] … byKeyOff[k + 1]), rows whose skill signature has bit b are
   * byBitRows[byBitOff[b] … byBitOff[b + 1]). Jobs changed since are DIRTY and listed in `jDirty`.
   */
  private byKeyOff = new Uint32Array(1);
  private byKeyRows = new Int32Array(0);
  private byBitOff = new Uint32Array(65);
  private byBitRows = new Int32Array(0);
  private jDirty = new Int32Array(16);
  private jDirtyLen = 0;

  // Per-query scratch, all-zero between queries.
  private skillMark = new Uint16Array(64);
  private certMark = new Uint8Array(64);
  private accScore: Uint8Array;

  constructor(catalog: Catalog, expected: { students?: number; jobs?: number } = {}) {
    this.catalog = catalog;
    const ns = expected.students ?? 16;
    const nj = expected.jobs ?? 16;
    this.s = studentColumns(ns);
    this.sSkills = new Pool(ns * 4);
    this.sCerts = new Pool(ns);
    this.sKeys = new KeyTable(ns);
    this.buckets = Array.from({ length: catalog.majorCount }, () => new Int32Array(0));
    this.bucketLen = new Int32Array(catalog.majorCount);
    this.j = jobColumns(nj);
    this.jAcc = new Pool(nj * 2);
    this.jSkills = new Pool(nj * 4);
    this.jCerts = new Pool(nj);
    this.jKeys = new KeyTable(nj);
    this.accScore = new Uint8Array(catalog.majorCount + catalog.classCount + catalog.categoryCount);
    this.buildBucketSummaries();
  }

  // ---------------------------------------------------------------- vocabulary

  private skillId(name: string): number {
    let id = this.skillIds.get(name);
    if (id === undefined) {
      id = this.skillNames.length;
      if (id > 0xffff) throw new Error('skill vocabulary exceeds 65536 names');
      this.skillIds.set(name, id);
      this.skillNames.push(name);
      if (id >= this.weights.length) {
        this.weights = grown(this.weights, this.weights.length * 2);
        this.skillMark = grown(this.skillMark, this.weights.length);
        this.skillBit = grown(this.skillBit, this.weights.length);
      }
      this.weights[id] = skillWeight(this.weightCorpus, 1);
      this.skillBit[id] = id & 63;
    }
    return id;
  }

  private certId(name: string): number {
    let id = this.certIds.get(name);
    if (id === undefined) {
      id = this.certNames.length;
      if (id > 0xffff) throw new Error('certificate vocabulary exceeds 65536 names');
      this.certIds.set(name, id);
      this.certNames.push(name);
      if (id >= this.certMark.length) this.certMark = grown(this.certMark, this.certMark.length * 2);
    }
    return id;
  }

  private consortiumId(id: string | null | undefined): number {
    if (id == null) return 0;
    let n = this.consortiumIds.get(id);
    if (n === undefined) {
      n = this.consortiumIds.size + 1;
      this.consortiumIds.set(id, n);
    }
    return n;
  }

  private district(code: string): number {
    const d = this.catalog.districtByCode.get(code);
    if (d === undefined) throw new Error(`unknown district ${code}`);
    return d;
  }

  private uniqueList(list: readonly string[], what: string): string[] {
    const u = [...new Set(list)];
    if (u.length > MAX_LIST) throw new Error(`more than ${MAX_LIST} ${what}`);
    return u;
  }

  /** The skill weight table (skill name → w), the same one SQL must use. */
  skillWeights(): { skill: string; weight: number }[] {
    return this.skillNames.map((skill, i) => ({ skill, weight: this.weights[i] }));
  }

  skillWeightOf(skill: string): number | undefined {
    const id = this.skillIds.get(skill);
    return id === undefined ? undefined : this.weights[id];
  }

  /** Recomputes w = round(100 · ln(N / df)) from the live students, and each job's Σw. */
  refreshSkillWeights(): void {
    const df = new Uint32Array(this.skillNames.length);
    const { flags, skillOff, skillLen } = this.s;
    const pool = this.sSkills.data;
    for (let r = 0; r < this.sRows; r++) {
      if ((flags[r] & ALIVE) === 0) continue;
      const off = skillOff[r];
      for (let i = 0; i < skillLen[r]; i++) df[pool[off + i]]++;
    }
    this.weightCorpus = this.sLive;
    for (let i = 0; i < df.length; i++) this.weights[i] = skillWeight(this.sLive, df[i]);
    // Spread the skills over the 64 signature bits so that each bit is set in about as many profiles.
    const byDf = Array.from(df.keys()).sort((a, b) => df[b] - df[a] || a - b);
    const load = new Float64Array(64);
    for (const id of byDf) {
      let best = 0;
      for (let b = 1; b < 64; b++) if (load[b] < load[best]) best = b;
      this.skillBit[id] = best;
      load[best] += Math.max(df[id], 1);
    }
    for (let r = 0; r < this.sRows; r++) {
      [this.s.skillLo[r], this.s.skillHi[r]] = this.skillMask(pool, skillOff[r], skillLen[r]);
    }
    if (!this.loading) this.buildSubBuckets();
    const rebuildJobLists = !this.loading;
    for (let r = 0; r < this.jRows; r++) {
      this.j.skillDen[r] = this.jobSkillDen(r);
      [this.j.skillLo[r], this.j.skillHi[r]] = this.skillMask(
        this.jSkills.data,
        this.j.skillOff[r],
        this.j.skillLen[r],
      );
    }
    if (rebuildJobLists) this.buildJobLists();
  }

  private jobSkillDen(r: number): number {
    const off = this.j.skillOff[r];
    const pool = this.jSkills.data;
    let den = 0;
    for (let i = 0; i < this.j.skillLen[r]; i++) den += this.weights[pool[off + i]];
    return den;
  }

  private skillMask(pool: Uint16Array, off: number, len: number): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < len; i++) {
      const b = this.skillBit[pool[off + i]];
      if (b < 32) lo |= 1 << b;
      else hi |= 1 << (b - 32);
    }
    return [lo >>> 0, hi >>> 0];
  }

  private static certMaskOf(pool: Uint16Array, off: number, len: number): number {
    let m = 0;
    for (let i = 0; i < len; i++) m |= 1 << (pool[off + i] & 31);
    return m >>> 0;
  }

  // ---------------------------------------------------------------- students

  get studentCount(): number {
    return this.sLive;
  }

  get jobCount(): number {
    return this.jLive;
  }

  /** Adds or replaces a student profile; visible to the next query. */
  upsertStudent(input: StudentInput): void {
    if (!Number.isInteger(input.id) || input.id < 0 || input.id > 0xffffffff) throw new Error('id must be a uint32');
    const major = this.catalog.majorByCode.get(input.major);
    if (major === undefined) throw new Error(`unknown major ${input.major}`);
    const level = EDUCATION_LEVELS.indexOf(input.level);
    if (level < 0) throw new Error(`unknown level ${input.level}`);
    const district = this.district(input.district);
    const prefs = (input.preferredDistricts ?? []).map((d) => this.district(d));
    if (prefs.length > MAX_PREFERRED_DISTRICTS)
      throw new Error(`more than ${MAX_PREFERRED_DISTRICTS} preferred districts`);
    const grad = input.gradMonth ?? 0;
    if (!Number.isInteger(grad) || grad < 0 || grad >= OPEN_TO) throw new Error('gradMonth out of range');
    const skills = this.uniqueList(input.skills, 'skills').map((x) => this.skillId(x));
    const certs = this.uniqueList(input.certs, 'certificates').map((x) => this.certId(x));
    const consortium = this.consortiumId(input.consortium);

    let r = this.sKeys.find(input.id, this.s.key);
    const s0 = this.s;
    if (r >= 0) {
      if (s0.major[r] !== major) {
        this.bucketRemove(r);
        s0.major[r] = major;
        this.bucketAdd(r);
      }
    } else {
      if (this.sRows === s0.key.length) this.s = growColumns(s0, studentColumns, Math.ceil(s0.key.length * 1.5) + 16);
      r = this.sRows++;
      this.sLive++;
      this.s.key[r] = input.id;
      this.s.major[r] = major;
      this.s.skillLen[r] = 0;
      this.s.certLen[r] = 0;
      this.sKeys.insert(input.id, r, this.s.key);
      this.bucketAdd(r);
    }
    const s = this.s;
    s.district[r] = district;
    s.pref0[r] = prefs[0] ?? NONE8;
    s.pref1[r] = prefs[1] ?? NONE8;
    s.pref2[r] = prefs[2] ?? NONE8;
    s.level[r] = level;
    s.grad[r] = grad;
    if ((s.flags[r] & DIRTY) === 0) {
      if (this.dirtyLen === this.dirty.length) this.dirty = grown(this.dirty, this.dirty.length * 2);
      this.dirty[this.dirtyLen++] = r;
    }
    s.flags[r] = ALIVE | DIRTY | (input.consent ? CONSENT : 0) | (input.internship ? INTERNSHIP : 0);
    s.consortium[r] = consortium;
    s.skillOff[r] = this.writeList(this.sSkills, s.skillOff[r], s.skillLen[r], skills);
    s.skillLen[r] = skills.length;
    s.certOff[r] = this.writeList(this.sCerts, s.certOff[r], s.certLen[r], certs);
    s.certLen[r] = certs.length;
    [s.skillLo[r], s.skillHi[r]] = this.skillMask(this.sSkills.data, s.skillOff[r], s.skillLen[r]);
    s.certMask[r] = MatchIndex.certMaskOf(this.sCerts.data, s.certOff[r], s.certLen[r]);
    this.maybeCompactStudents();
  }

  /** Removes a student; returns false when the id is not indexed. */
  removeStudent(id: number): boolean {
    const r = this.sKeys.find(id, this.s.key);
    if (r < 0) return false;
    this.bucketRemove(r);
    this.sKeys.remove(id, this.s.key);
    this.s.flags[r] = 0;
    this.sSkills.garbage += this.s.skillLen[r];
    this.sCerts.garbage += this.s.certLen[r];
    this.sLive--;
    this.maybeCompactStudents();
    return true;
  }

  /** In place when the new list fits the old slot, else appended (the old slot becomes garbage). */
  private writeList(pool: Pool, off: number, oldLen: number, list: readonly number[]): number {
    if (list.length > oldLen) {
      pool.garbage += oldLen;
      off = pool.alloc(list.length);
    } else {
      pool.garbage += oldLen - list.length;
    }
    for (let i = 0; i < list.length; i++) pool.data[off + i] = list[i];
    return off;
  }

  private bucketAdd(r: number): void {
    const m = this.s.major[r];
    let b = this.buckets[m];
    const n = this.bucketLen[m];
    if (n === b.length) this.buckets[m] = b = grown(b, Math.ceil(b.length * 1.5) + 4);
    b[n] = r;
    this.s.bucketPos[r] = n;
    this.bucketLen[m] = n + 1;
  }

  private bucketRemove(r: number): void {
    const m = this.s.major[r];
    const b = this.buckets[m];
    const last = --this.bucketLen[m];
    const pos = this.s.bucketPos[r];
    const moved = b[last];
    b[pos] = moved;
    this.s.bucketPos[moved] = pos;
  }

  private maybeCompactStudents(): void {
    if (this.loading) return;
    const dead = this.sRows - this.sLive;
    if (dead > Math.max(1024, this.sRows / 4)) this.compactStudents();
    else if (this.dirtyLen > Math.max(4096, this.sRows / 64)) this.compactStudents();
    else if (this.sSkills.garbage > Math.max(4096, this.sSkills.length / 2)) this.compactStudents();
    else if (this.sCerts.garbage > Math.max(4096, this.sCerts.length / 2)) this.compactStudents();
  }

  /**
   * Rewrites the live students into exactly sized columns, ordered by major so that each major's
   * bucket is a contiguous run of rows (sequential memory in job queries).
   */
  compactStudents(): void {
    const old = this.s;
    const n = this.sLive;
    const order = new Int32Array(n);
    let k = 0;
    for (let m = 0; m < this.catalog.majorCount; m++) {
      const b = this.buckets[m];
      const len = this.bucketLen[m];
      const sorted = b.slice(0, len).sort();
      for (let i = 0; i < len; i++) order[k++] = sorted[i];
    }
    const s = studentColumns(n);
    let skillTotal = 0;
    let certTotal = 0;
    for (let i = 0; i < n; i++) {
      skillTotal += old.skillLen[order[i]];
      certTotal += old.certLen[order[i]];
    }
    const skills = new Pool(skillTotal);
    const certs = new Pool(certTotal);
    const keys = new KeyTable(n);
    const bucketLen = new Int32Array(this.catalog.majorCount);
    for (let i = 0; i < n; i++) bucketLen[old.major[order[i]]]++;
    const buckets = Array.from(bucketLen, (len) => new Int32Array(len));
    bucketLen.fill(0);
    for (let i = 0; i < n; i++) {
      const r = order[i];
      s.key[i] = old.key[r];
      s.major[i] = old.major[r];
      s.district[i] = old.district[r];
      s.pref0[i] = old.pref0[r];
      s.pref1[i] = old.pref1[r];
      s.pref2[i] = old.pref2[r];
      s.level[i] = old.level[r];
      s.grad[i] = old.grad[r];
      s.flags[i] = old.flags[r] & ~DIRTY;
      s.consortium[i] = old.consortium[r];
      const sl = old.skillLen[r];
      const so = skills.alloc(sl);
      skills.data.set(this.sSkills.data.subarray(old.skillOff[r], old.skillOff[r] + sl), so);
      s.skillOff[i] = so;
      s.skillLen[i] = sl;
      const cl = old.certLen[r];
      const co = certs.alloc(cl);
      certs.data.set(this.sCerts.data.subarray(old.certOff[r], old.certOff[r] + cl), co);
      s.certOff[i] = co;
      s.certLen[i] = cl;
      s.skillLo[i] = old.skillLo[r];
      s.skillHi[i] = old.skillHi[r];
      s.certMask[i] = old.certMask[r];
      const m = s.major[i];
      const p = bucketLen[m]++;
      buckets[m][p] = i;
      s.bucketPos[i] = p;
      keys.insert(s.key[i], i, s.key);
    }
    this.s = s;
    this.sRows = n;
    this.sSkills = skills;
    this.sCerts = certs;
    this.sKeys = keys;
    this.buckets = buckets;
    this.bucketLen = bucketLen;
    this.dirtyLen = 0;
    this.buildSubBuckets();
  }

  private buildSubBuckets(): void {
    const M = this.catalog.majorCount;
    const { flags, skillLo, skillHi } = this.s;
    const off = new Uint32Array(M * 64 + 1);
    const forEachEntry = (visit: (slot: number, r: number) => void) => {
      for (let m = 0; m < M; m++) {
        const b = this.buckets[m];
        for (let p = 0; p < this.bucketLen[m]; p++) {
          const r = b[p];
          if ((flags[r] & DIRTY) !== 0) continue;
          for (let lo = skillLo[r]; lo !== 0; lo &= lo - 1) visit(m * 64 + 31 - Math.clz32(lo & -lo), r);
          for (let hi = skillHi[r]; hi !== 0; hi &= hi - 1) visit(m * 64 + 63 - Math.clz32(hi & -hi), r);
        }
      }
    };
    forEachEntry((slot) => {
      off[slot + 1]++;
    });
    for (let i = 1; i < off.length; i++) off[i] += off[i - 1];
    const rows = new Int32Array(off[M * 64]);
    const cursor = off.slice(0, M * 64);
    forEachEntry((slot, r) => {
      rows[cursor[slot]++] = r;
    });
    this.subOff = off;
    this.subRows = rows;
    this.buildBucketSummaries();
  }

  private buildBucketSummaries(): void {
    const M = this.catalog.majorCount;
    const count = new Int32Array(M);
    const maxLevel = new Uint8Array(M);
    const gradMin = new Uint16Array(M).fill(0xffff);
    const gradMax = new Uint16Array(M);
    const intern = new Uint8Array(M);
    const sLo = new Uint32Array(M);
    const sHi = new Uint32Array(M);
    const certs = new Uint32Array(M);
    const dLo = new Uint32Array(M);
    const dHi = new Uint32Array(M);
    const cons = new Uint32Array(M);
    const { flags, level, grad, skillLo, skillHi, certMask, district, pref0, pref1, pref2, consortium } = this.s;
    const distBit = (d: number, m: number) => {
      if (d === NONE8) return;
      const b = d & 63;
      if (b < 32) dLo[m] |= 1 << b;
      else dHi[m] |= 1 << (b - 32);
    };
    for (let m = 0; m < M; m++) {
      const b = this.buckets[m];
      for (let p = 0; p < this.bucketLen[m]; p++) {
        const r = b[p];
        const f = flags[r];
        if ((f & DIRTY) !== 0 || (f & CONSENT) === 0) continue;
        count[m]++;
        if (level[r] > maxLevel[m]) maxLevel[m] = level[r];
        const g = grad[r];
        if (g !== 0) {
          if (g < gradMin[m]) gradMin[m] = g;
          if (g > gradMax[m]) gradMax[m] = g;
        }
        if ((f & INTERNSHIP) !== 0) intern[m] = 1;
        sLo[m] |= skillLo[r];
        sHi[m] |= skillHi[r];
        certs[m] |= certMask[r];
        distBit(district[r], m);
        distBit(pref0[r], m);
        distBit(pref1[r], m);
        distBit(pref2[r], m);
        cons[m] |= 1 << (consortium[r] & 31);
      }
    }
    this.bCount = count;
    this.bMaxLevel = maxLevel;
    this.bGradMin = gradMin;
    this.bGradMax = gradMax;
    this.bIntern = intern;
    this.bSkillLo = sLo;
    this.bSkillHi = sHi;
    this.bCerts = certs;
    this.bDistLo = dLo;
    this.bDistHi = dHi;
    this.bCons = cons;
  }

  // ---------------------------------------------------------------- jobs

  /** Adds or replaces a job demand; visible to the next query. */
  upsertJob(input: JobInput): void {
    if (!Number.isInteger(input.id) || input.id < 0 || input.id > 0xffffffff) throw new Error('id must be a uint32');
    const kind = JOB_KINDS.indexOf(input.kind);
    if (kind < 0) throw new Error(`unknown job kind ${input.kind}`);
    const minLevel = EDUCATION_LEVELS.indexOf(input.minLevel);
    if (minLevel < 0) throw new Error(`unknown level ${input.minLevel}`);
    const district = this.district(input.district);
    let cluster = NONE8;
    if (input.cluster != null) {
      const c = this.catalog.clusterByKey.get(input.cluster);
      if (c === undefined) throw new Error(`unknown cluster ${input.cluster}`);
      cluster = c;
    }
    const gradFrom = input.gradFrom ?? 0;
    const gradTo = input.gradTo ?? OPEN_TO;
    const cat = this.catalog;
    const acc = this.uniqueList(input.majors, 'majors').map((code) => {
      const m = cat.majorByCode.get(code);
      if (m !== undefined) return m;
      const c = cat.classByCode.get(code);
      if (c !== undefined) return cat.majorCount + c;
      const g = cat.categoryByCode.get(code);
      if (g !== undefined) return cat.majorCount + cat.classCount + g;
      throw new Error(`unknown major, class or category code ${code}`);
    });
    const skills = this.uniqueList(input.skills, 'skills').map((x) => this.skillId(x));
    const certs = this.uniqueList(input.certs, 'certificates').map((x) => this.certId(x));
    const consortium = this.consortiumId(input.consortium);

    let r = this.jKeys.find(input.id, this.j.key);
    if (r < 0) {
      if (this.jRows === this.j.key.length)
        this.j = growColumns(this.j, jobColumns, Math.ceil(this.j.key.length * 1.5) + 16);
      r = this.jRows++;
      this.jLive++;
      this.j.key[r] = input.id;
      this.j.accLen[r] = 0;
      this.j.skillLen[r] = 0;
      this.j.certLen[r] = 0;
      this.jKeys.insert(input.id, r, this.j.key);
    }
    const j = this.j;
    if ((j.flags[r] & DIRTY) === 0) {
      if (this.jDirtyLen === this.jDirty.length) this.jDirty = grown(this.jDirty, this.jDirty.length * 2);
      this.jDirty[this.jDirtyLen++] = r;
    }
    j.flags[r] = ALIVE | DIRTY | (input.status === 'published' ? PUBLISHED : 0);
    j.kind[r] = kind;
    j.minLevel[r] = minLevel;
    j.gradFrom[r] = gradFrom;
    j.gradTo[r] = gradTo;
    j.district[r] = district;
    j.cluster[r] = cluster;
    j.consortium[r] = consortium;
    j.accOff[r] = this.writeList(this.jAcc, j.accOff[r], j.accLen[r], acc);
    j.accLen[r] = acc.length;
    j.skillOff[r] = this.writeList(this.jSkills, j.skillOff[r], j.skillLen[r], skills);
    j.skillLen[r] = skills.length;
    j.certOff[r] = this.writeList(this.jCerts, j.certOff[r], j.certLen[r], certs);
    j.certLen[r] = certs.length;
    j.skillDen[r] = this.jobSkillDen(r);
    [j.skillLo[r], j.skillHi[r]] = this.skillMask(this.jSkills.data, j.skillOff[r], j.skillLen[r]);
    j.certMask[r] = MatchIndex.certMaskOf(this.jCerts.data, j.certOff[r], j.certLen[r]);
    this.maybeCompactJobs();
  }

  /** Removes a job; returns false when the id is not indexed. */
  removeJob(id: number): boolean {
    const r = this.jKeys.find(id, this.j.key);
    if (r < 0) return false;
    this.jKeys.remove(id, this.j.key);
    this.j.flags[r] = 0;
    this.jAcc.garbage += this.j.accLen[r];
    this.jSkills.garbage += this.j.skillLen[r];
    this.jCerts.garbage += this.j.certLen[r];
    this.jLive--;
    this.maybeCompactJobs();
    return true;
  }

  private maybeCompactJobs(): void {
    if (this.loading) return;
    if (this.jRows - this.jLive > Math.max(1024, this.jRows / 4)) this.compactJobs();
    else if (this.jDirtyLen > Math.max(1024, this.jRows / 64)) this.compactJobs();
  }

  compactJobs(): void {
    const old = this.j;
    const n = this.jLive;
    const j = jobColumns(n);
    const acc = new Pool(this.jAcc.length - this.jAcc.garbage);
    const skills = new Pool(this.jSkills.length - this.jSkills.garbage);
    const certs = new Pool(this.jCerts.length - this.jCerts.garbage);
    const keys = new KeyTable(n);
    const copy = (from: Pool, to: Pool, off: number, len: number) => {
      const o = to.alloc(len);
      to.data.set(from.data.subarray(off, off + len), o);
      return o;
    };
    let i = 0;
    for (let r = 0; r < this.jRows; r++) {
      if ((old.flags[r] & ALIVE) === 0) continue;
      for (const name of Object.keys(j) as (keyof JobColumns)[]) j[name][i] = old[name][r];
      j.flags[i] &= ~DIRTY;
      j.accOff[i] = copy(this.jAcc, acc, old.accOff[r], old.accLen[r]);
      j.skillOff[i] = copy(this.jSkills, skills, old.skillOff[r], old.skillLen[r]);
      j.certOff[i] = copy(this.jCerts, certs, old.certOff[r], old.certLen[r]);
      keys.insert(j.key[i], i, j.key);
      i++;
    }
    this.j = j;
    this.jRows = n;
    this.jAcc = acc;
    this.jSkills = skills;
    this.jCerts = certs;
    this.jKeys = keys;
    this.jDirtyLen = 0;
    this.buildJobLists();
  }

  private buildJobLists(): void {
    const cat = this.catalog;
    const keyCount = cat.majorCount + cat.classCount + cat.categoryCount;
    const { flags, accOff, accLen, skillLo, skillHi } = this.j;
    const pool = this.jAcc.data;
    const keyOff = new Uint32Array(keyCount + 1);
    const bitOff = new Uint32Array(65);
    const each = (onKey: (k: number, r: number) => void, onBit: (b: number, r: number) => void) => {
      for (let r = 0; r < this.jRows; r++) {
        if ((flags[r] & (ALIVE | DIRTY)) !== ALIVE) continue;
        for (let i = accOff[r]; i < accOff[r] + accLen[r]; i++) onKey(pool[i], r);
        for (let lo = skillLo[r]; lo !== 0; lo &= lo - 1) onBit(31 - Math.clz32(lo & -lo), r);
        for (let hi = skillHi[r]; hi !== 0; hi &= hi - 1) onBit(63 - Math.clz32(hi & -hi), r);
      }
    };
    each(
      (k) => {
        keyOff[k + 1]++;
      },
      (b) => {
        bitOff[b + 1]++;
      },
    );
    for (let i = 1; i < keyOff.length; i++) keyOff[i] += keyOff[i - 1];
    for (let i = 1; i < bitOff.length; i++) bitOff[i] += bitOff[i - 1];
    const keyRows = new Int32Array(keyOff[keyCount]);
    const bitRows = new Int32Array(bitOff[64]);
    const keyCursor = keyOff.slice(0, keyCount);
    const bitCursor = bitOff.slice(0, 64);
    each(
      (k, r) => {
        keyRows[keyCursor[k]++] = r;
      },
      (b, r) => {
        bitRows[bitCursor[b]++] = r;
      },
    );
    this.byKeyOff = keyOff;
    this.byKeyRows = keyRows;
    this.byBitOff = bitOff;
    this.byBitRows = bitRows;
  }

  // ---------------------------------------------------------------- queries

  private scopeTable(scope: readonly string[] | null | undefined): Uint8Array | null {
    if (scope == null) return null;
    const t = new Uint8Array(this.consortiumIds.size + 1);
    for (const id of scope) {
      const n = this.consortiumIds.get(id);
      if (n !== undefined) t[n] = 1;
    }
    return t;
  }

  /**
   * The k consenting students that best match a job (any status: an enterprise may preview a draft),
   * within `scope`, score desc then id asc. Unknown job: [].
   */
  studentsForJob(jobId: number, opts: QueryOptions): MatchResult[] {
    const jr = this.jKeys.find(jobId, this.j.key);
    if (jr < 0) return [];
    const cat = this.catalog;
    const j = this.j;
    const M = cat.majorCount;
    const G = cat.categoryCount;
    const k = opts.k ?? 20;
    if (k <= 0) return [];

    // Major (+ cluster) score of every major for this job: a listed major gives 40 to itself, 25 to
    // its class and 15 to its category; a listed class 25 to itself and 15 to its category.
    const majorScore = new Uint8Array(M);
    const raise = (majors: readonly number[], score: number) => {
      for (const m of majors) if (majorScore[m] < score) majorScore[m] = score;
    };
    const accPool = this.jAcc.data;
    for (let i = 0; i < j.accLen[jr]; i++) {
      const key = accPool[j.accOff[jr] + i];
      if (key < M) {
        majorScore[key] = MAJOR_CODE;
        raise(cat.classMajors[cat.majorClass[key]], MAJOR_CLASS);
        raise(cat.categoryMajors[cat.majorCategory[key]], MAJOR_CATEGORY);
      } else if (key < M + cat.classCount) {
        raise(cat.classMajors[key - M], MAJOR_CLASS);
        raise(cat.categoryMajors[cat.classCategory[key - M]], MAJOR_CATEGORY);
      } else raise(cat.categoryMajors[key - M - cat.classCount], MAJOR_CATEGORY);
    }
    const cluster = j.cluster[jr];
    if (cluster !== NONE8) {
      for (let m = 0; m < M; m++) {
        if (cat.clusterCategory[cluster * G + cat.majorCategory[m]] === 1) {
          majorScore[m] = (majorScore[m] === 0 ? MAJOR_CLUSTER : majorScore[m]) + CLUSTER_SCORE;
        }
      }
    }

    // District score by the student's district index (255 = no preference → 0).
    const dt = new Uint8Array(256);
    const D = cat.districtCount;
    const jd = j.district[jr];
    for (let d = 0; d < D; d++) dt[d] = cat.districtScore[jd * D + d];

    // Job skills marked with their weight; certificates marked 1.
    const skillMark = this.skillMark;
    const certMark = this.certMark;
    const jsOff = j.skillOff[jr];
    const jsLen = j.skillLen[jr];
    let den = 0;
    // Per signature bit, the summed weight of the job skills on it: Σ over the bits a student shares
    // with the job bounds the student's matched weight from above.
    const bitWeight = new Float64Array(64);
    for (let i = 0; i < jsLen; i++) {
      const sk = this.jSkills.data[jsOff + i];
      skillMark[sk] = this.weights[sk];
      den += this.weights[sk];
      bitWeight[this.skillBit[sk]] += this.weights[sk];
    }
    const jobLo = j.skillLo[jr];
    const jobHi = j.skillHi[jr];
    const jobCerts = j.certMask[jr];
    const jcOff = j.certOff[jr];
    const jcLen = j.certLen[jr];
    for (let i = 0; i < jcLen; i++) certMark[this.jCerts.data[jcOff + i]] = 1;

    const kind = j.kind[jr];
    const skillsMax = den > 0 ? SKILLS_MAX : 0;
    const certsMax = jcLen > 0 ? CERTS_MAX : 0;
    const restMax = skillsMax + certsMax;
    // Without a shared skill a student of major m scores at most bucketNoSkills[m]. The job's signature bits,
    // heaviest first, with the skill bound of a student whose shared bits are among bits t… only.
    const jobBits: number[] = [];
    for (let b = 0; b < 64; b++) if (bitWeight[b] > 0) jobBits.push(b);
    jobBits.sort((a, b) => bitWeight[b] - bitWeight[a] || a - b);
    const suffixBound = new Int32Array(jobBits.length + 1);
    for (let t = jobBits.length - 1, sum = 0; t >= 0; t--) {
      sum += bitWeight[jobBits[t]];
      suffixBound[t] = sum >= den ? SKILLS_MAX : Math.floor((60 * sum + den) / (2 * den));
    }
    const gradFrom = j.gradFrom[jr];
    const gradTo = j.gradTo[jr];
    const hasWindow = gradFrom !== 0 || gradTo !== OPEN_TO;
    const minLevel = j.minLevel[jr];
    const soon = opts.asOfMonth + GRADUATING_WITHIN_MONTHS;
    const scope = this.scopeTable(opts.scope);

    // Per major, the hard filters against its summary, then a bound of its rows' score: the major
    // score plus the best district, kind, skill and certificate contributions its signatures allow.
    // District signature bits alias d mod 64: a bit's score is the best of its districts.
    const bitDist = new Uint8Array(64);
    for (let d = 0; d < D; d++) if (dt[d] > bitDist[d & 63]) bitDist[d & 63] = dt[d];
    const distValues = [...new Set(bitDist)].filter((v) => v > 0).sort((a, b) => b - a);
    const distLo: number[] = [];
    const distHi: number[] = [];
    for (const v of distValues) {
      let lo = 0;
      let hi = 0;
      for (let b = 0; b < 64; b++) {
        if (bitDist[b] < v) continue;
        if (b < 32) lo |= 1 << b;
        else hi |= 1 << (b - 32);
      }
      distLo.push(lo);
      distHi.push(hi);
    }
    let scopeMask = -1;
    if (scope !== null) {
      scopeMask = 0;
      for (let c = 1; c < scope.length; c++) if (scope[c] === 1) scopeMask |= 1 << (c & 31);
    }
    const bucketBound = new Int32Array(M);
    const bucketNoSkills = new Int32Array(M);
    const order: number[] = [];
    for (let m = 0; m < M; m++) {
      if (this.bCount[m] === 0 || this.bMaxLevel[m] < minLevel) continue;
      if ((this.bCons[m] & scopeMask) === 0) continue;
      if (hasWindow && (this.bGradMax[m] < gradFrom || this.bGradMin[m] > gradTo)) continue;
      let dMax = 0;
      const dl = this.bDistLo[m];
      const dh = this.bDistHi[m];
      for (let i = 0; i < distValues.length; i++) {
        if (((dl & distLo[i]) | (dh & distHi[i])) !== 0) {
          dMax = distValues[i];
          break;
        }
      }
      let kMax = 0;
      if (kind === KIND_INTERNSHIP) kMax = this.bIntern[m] === 1 ? KIND_SCORE : 0;
      else if (kind === KIND_FULLTIME) kMax = this.bGradMin[m] <= soon ? KIND_SCORE : 0;
      const cMax = jcLen > 0 && (this.bCerts[m] & jobCerts) !== 0 ? CERTS_MAX : 0;
      let sMax = 0;
      let lo = this.bSkillLo[m] & jobLo;
      let hi = this.bSkillHi[m] & jobHi;
      if (den > 0 && (lo | hi) !== 0) {
        let num = 0;
        while (lo !== 0) {
          num += bitWeight[31 - Math.clz32(lo & -lo)];
          lo &= lo - 1;
        }
        while (hi !== 0) {
          num += bitWeight[63 - Math.clz32(hi & -hi)];
          hi &= hi - 1;
        }
        sMax = num >= den ? SKILLS_MAX : Math.floor((60 * num + den) / (2 * den));
      }
      bucketNoSkills[m] = majorScore[m] + dMax + kMax + cMax;
      bucketBound[m] = bucketNoSkills[m] + sMax;
      order.push(m);
    }
    order.sort((a, b) => bucketBound[b] - bucketBound[a] || majorScore[b] - majorScore[a]);

    const top = new TopK(k);
    const q: StudentScan = {
      majorScore,
      order,
      bucketBound,
      bucketNoSkills,
      jobBits,
      suffixBound,
      restMax,
      minLevel,
      hasWindow,
      gradFrom,
      gradTo,
      scope,
      dt,
      kind,
      soon,
      den,
      jcLen,
      bitWeight,
      jobLo,
      jobHi,
      jobCerts,
    };
    try {
      this.scanStudents(top, q);
    } finally {
      for (let i = 0; i < jsLen; i++) skillMark[this.jSkills.data[jsOff + i]] = 0;
      for (let i = 0; i < jcLen; i++) certMark[this.jCerts.data[jcOff + i]] = 0;
    }
    return top.sortedRows().map((r) => this.result(r, jr, opts.asOfMonth, 'job'));
  }

  /**
   * The k published jobs that best match a student (consent does not apply: it governs what
   * enterprises see), within `scope`, score desc then id asc. Unknown student: [].
   */
  jobsForStudent(studentId: number, opts: QueryOptions): MatchResult[] {
    const sr = this.sKeys.find(studentId, this.s.key);
    if (sr < 0) return [];
    const cat = this.catalog;
    const s = this.s;
    const M = cat.majorCount;
    const G = cat.categoryCount;
    const D = cat.districtCount;
    const k = opts.k ?? 20;
    if (k <= 0) return [];
    const major = s.major[sr];
    const category = cat.majorCategory[major];

    // Score of each accepted-list key for this student: its own major 40, majors of its class and
    // its class 25, majors and classes of its category and its category 15.
    const acc = this.accScore;
    const cls = cat.majorClass[major];
    const accKeys: number[] = [];
    const setAcc = (key: number, score: number) => {
      if (acc[key] === 0) accKeys.push(key);
      if (acc[key] < score) acc[key] = score;
    };
    setAcc(major, MAJOR_CODE);
    for (const m of cat.classMajors[cls]) setAcc(m, MAJOR_CLASS);
    for (const m of cat.categoryMajors[category]) setAcc(m, MAJOR_CATEGORY);
    setAcc(M + cls, MAJOR_CLASS);
    for (let c = 0; c < cat.classCount; c++) if (cat.classCategory[c] === category) setAcc(M + c, MAJOR_CATEGORY);
    setAcc(M + cat.classCount + category, MAJOR_CATEGORY);
    const related = new Uint8Array(256);
    for (let c = 0; c < cat.clusterCount; c++) related[c] = cat.clusterCategory[c * G + category];

    const dt = new Uint8Array(256);
    const mine = [s.district[sr], s.pref0[sr], s.pref1[sr], s.pref2[sr]].filter((d) => d !== NONE8);
    for (let d = 0; d < D; d++) {
      let best = 0;
      for (const h of mine) best = Math.max(best, cat.districtScore[h * D + d]);
      dt[d] = best;
    }

    const skillMark = this.skillMark;
    const certMark = this.certMark;
    const ssOff = s.skillOff[sr];
    const ssLen = s.skillLen[sr];
    for (let i = 0; i < ssLen; i++) skillMark[this.sSkills.data[ssOff + i]] = 1;
    const scOff = s.certOff[sr];
    const scLen = s.certLen[sr];
    for (let i = 0; i < scLen; i++) certMark[this.sCerts.data[scOff + i]] = 1;

    const myLo = s.skillLo[sr];
    const myHi = s.skillHi[sr];
    const myCerts = s.certMask[sr];
    const level = s.level[sr];
    const g = s.grad[sr];
    const kindScore = new Uint8Array(JOB_KINDS.length);
    kindScore[KIND_INTERNSHIP] = (s.flags[sr] & INTERNSHIP) !== 0 ? KIND_SCORE : 0;
    kindScore[KIND_FULLTIME] = g !== 0 && g <= opts.asOfMonth + GRADUATING_WITHIN_MONTHS ? KIND_SCORE : 0;
    const scope = this.scopeTable(opts.scope);

    const top = new TopK(k);
    const q: JobScan = { acc, accKeys, related, dt, kindScore, level, g, scope, myLo, myHi, myCerts };
    try {
      this.scanJobs(top, q);
    } finally {
      for (const x of accKeys) acc[x] = 0;
      for (let i = 0; i < ssLen; i++) skillMark[this.sSkills.data[ssOff + i]] = 0;
      for (let i = 0; i < scLen; i++) certMark[this.sCerts.data[scOff + i]] = 0;
    }
    return top.sortedRows().map((r) => this.result(sr, r, opts.asOfMonth, 'student'));
  }

  /** The hot loop of studentsForJob, on its own so that building results cannot deoptimize it. */
  private scanStudents(top: TopK, q: StudentScan): void {
    const { majorScore, order, restMax, minLevel, hasWindow, gradFrom, gradTo, scope, dt, kind, soon } = q;
    const { den, jcLen, bitWeight, jobLo, jobHi, jobCerts } = q;
    const skillMark = this.skillMark;
    const certMark = this.certMark;
    const s = this.s;
    const { key, flags, level, grad, consortium, district, pref0, pref1, pref2, skillOff, skillLen, certOff, certLen } =
      s;
    const { skillLo, skillHi, certMask } = s;
    const sPool = this.sSkills.data;
    const cPool = this.sCerts.data;
    const { major } = s;
    const { bucketBound, bucketNoSkills, jobBits, suffixBound } = q;
    const subOff = this.subOff;
    const subRows = this.subRows;
    const visit = (r: number, base: number): void => {
      if ((flags[r] & CONSENT) === 0 || level[r] < minLevel) return;
      const g = grad[r];
      if (hasWindow && (g === 0 || g < gradFrom || g > gradTo)) return;
      if (scope !== null && scope[consortium[r]] === 0) return;
      let d = dt[district[r]];
      const d0 = dt[pref0[r]];
      const d1 = dt[pref1[r]];
      const d2 = dt[pref2[r]];
      if (d0 > d) d = d0;
      if (d1 > d) d = d1;
      if (d2 > d) d = d2;
      let kindScore = 0;
      if (kind === KIND_INTERNSHIP) kindScore = (flags[r] & INTERNSHIP) !== 0 ? KIND_SCORE : 0;
      else if (kind === KIND_FULLTIME) kindScore = g !== 0 && g <= soon ? KIND_SCORE : 0;
      const partial = base + d + kindScore;
      const floor = top.floor;
      if (partial + restMax < floor) return;
      // Bounds from the signatures: no shared bit means no shared skill (or certificate).
      let skillBound = 0;
      let lo = skillLo[r] & jobLo;
      let hi = skillHi[r] & jobHi;
      if (den > 0 && (lo | hi) !== 0) {
        let numBound = 0;
        while (lo !== 0) {
          numBound += bitWeight[31 - Math.clz32(lo & -lo)];
          lo &= lo - 1;
        }
        while (hi !== 0) {
          numBound += bitWeight[63 - Math.clz32(hi & -hi)];
          hi &= hi - 1;
        }
        skillBound = numBound >= den ? SKILLS_MAX : Math.floor((60 * numBound + den) / (2 * den));
      }
      const certBound = jcLen > 0 && (certMask[r] & jobCerts) !== 0 ? CERTS_MAX : 0;
      if (partial + skillBound + certBound < floor) return;
      let score = partial;
      if (skillBound > 0) {
        let num = 0;
        const off = skillOff[r];
        const end = off + skillLen[r];
        for (let i = off; i < end; i++) num += skillMark[sPool[i]];
        score += Math.floor((60 * num + den) / (2 * den));
      }
      if (certBound > 0) {
        let held = 0;
        const off = certOff[r];
        const end = off + certLen[r];
        for (let i = off; i < end; i++) held += certMark[cPool[i]];
        score += Math.floor((20 * held + jcLen) / (2 * jcLen));
      }
      if (score < floor) return;
      top.offer(score, key[r], r);
    };
    for (const m of order) {
      const base = majorScore[m];
      if (bucketBound[m] < top.floor) break;
      const noSkills = bucketNoSkills[m];
      if (den === 0 || noSkills >= top.floor) {
        const bucket = this.buckets[m];
        const len = this.bucketLen[m];
        for (let p = 0; p < len; p++) {
          const r = bucket[p];
          if ((flags[r] & DIRTY) === 0) visit(r, base);
        }
        continue;
      }
      // Only students sharing a skill with the job can reach the floor: visit the sub-buckets of the
      // job's bits, each student once (at its first shared bit in this order), while the bits left can
      // still reach the floor.
      let earlierLo = 0;
      let earlierHi = 0;
      for (let t = 0; t < jobBits.length; t++) {
        if (noSkills + suffixBound[t] < top.floor) break;
        const bit = jobBits[t];
        const end = subOff[m * 64 + bit + 1];
        for (let i = subOff[m * 64 + bit]; i < end; i++) {
          const r = subRows[i];
          if ((flags[r] & DIRTY) !== 0 || ((skillLo[r] & earlierLo) | (skillHi[r] & earlierHi)) !== 0) continue;
          visit(r, base);
        }
        if (bit < 32) earlierLo |= 1 << bit;
        else earlierHi |= 1 << (bit - 32);
      }
    }
    // Students changed since the last compaction.
    for (let i = 0; i < this.dirtyLen; i++) {
      const r = this.dirty[i];
      visit(r, majorScore[major[r]]);
    }
  }

  /** The hot loop of jobsForStudent. */
  private scanJobs(top: TopK, q: JobScan): void {
    const { acc, accKeys, related, dt, kindScore, level, g, scope, myLo, myHi, myCerts } = q;
    const skillMark = this.skillMark;
    const certMark = this.certMark;
    const j = this.j;
    const { flags, minLevel, gradFrom, gradTo, consortium, accOff, accLen, skillOff, skillLen, skillDen } = j;
    const { certOff, certLen, district, cluster, kind, key, skillLo, skillHi, certMask } = j;
    const accPool = this.jAcc.data;
    const sPool = this.jSkills.data;
    const cPool = this.jCerts.data;
    const w = this.weights;
    const want = ALIVE | PUBLISHED;
    const seen = new Uint8Array(this.jRows);
    const visit = (r: number): void => {
      seen[r] = 1;
      if ((flags[r] & want) !== want || minLevel[r] > level) return;
      const from = gradFrom[r];
      const to = gradTo[r];
      if ((from !== 0 || to !== OPEN_TO) && (g === 0 || g < from || g > to)) return;
      if (scope !== null && scope[consortium[r]] === 0) return;
      let ms = 0;
      const aOff = accOff[r];
      const aEnd = aOff + accLen[r];
      for (let i = aOff; i < aEnd; i++) {
        const v = acc[accPool[i]];
        if (v > ms) ms = v;
      }
      const rel = related[cluster[r]];
      if (rel === 1) ms = (ms === 0 ? MAJOR_CLUSTER : ms) + CLUSTER_SCORE;
      const partial = ms + dt[district[r]] + kindScore[kind[r]];
      const den = skillDen[r];
      const cl = certLen[r];
      const floor = top.floor;
      // No shared signature bit: no shared skill (certificate), the factor is exactly 0.
      const skills = den > 0 && ((skillLo[r] & myLo) | (skillHi[r] & myHi)) !== 0;
      const certs = cl > 0 && (certMask[r] & myCerts) !== 0;
      if (partial + (skills ? SKILLS_MAX : 0) + (certs ? CERTS_MAX : 0) < floor) return;
      let score = partial;
      if (skills) {
        let num = 0;
        const off = skillOff[r];
        const end = off + skillLen[r];
        for (let i = off; i < end; i++) {
          const sk = sPool[i];
          num += skillMark[sk] * w[sk];
        }
        score += Math.floor((60 * num + den) / (2 * den));
      }
      if (certs) {
        let held = 0;
        const off = certOff[r];
        const end = off + cl;
        for (let i = off; i < end; i++) held += certMark[cPool[i]];
        score += Math.floor((20 * held + cl) / (2 * cl));
      }
      if (score < floor) return;
      top.offer(score, key[r], r);
    };
    // 1. Jobs listing the student's major, class or category (or a major of its class or category).
    for (const k of accKeys) {
      for (let i = this.byKeyOff[k]; i < this.byKeyOff[k + 1]; i++) {
        const r = this.byKeyRows[i];
        if (seen[r] === 0 && (flags[r] & DIRTY) === 0) visit(r);
      }
    }
    // 2. Jobs changed since the last compaction.
    for (let i = 0; i < this.jDirtyLen; i++) {
      const r = this.jDirty[i];
      if (seen[r] === 0) visit(r);
    }
    // 3. Any other job scores at most 8 + 5 (cluster) + certificates + district + kind without a shared
    //    skill; above that floor only jobs sharing a skill signature bit with the student can enter.
    if (top.floor > MAJOR_CLUSTER + CLUSTER_SCORE + CERTS_MAX + 10 + KIND_SCORE) {
      for (let lo = myLo; lo !== 0; lo &= lo - 1) this.visitBit(31 - Math.clz32(lo & -lo), seen, flags, visit);
      for (let hi = myHi; hi !== 0; hi &= hi - 1) this.visitBit(63 - Math.clz32(hi & -hi), seen, flags, visit);
    } else {
      for (let r = 0; r < this.jRows; r++) if (seen[r] === 0 && (flags[r] & DIRTY) === 0) visit(r);
    }
  }

  private visitBit(bit: number, seen: Uint8Array, flags: Uint8Array, visit: (r: number) => void): void {
    const end = this.byBitOff[bit + 1];
    for (let i = this.byBitOff[bit]; i < end; i++) {
      const r = this.byBitRows[i];
      if (seen[r] === 0 && (flags[r] & DIRTY) === 0) visit(r);
    }
  }

  /** Factors of one pair computed plainly (no per-query tables), with the counts the reason shows. */
  explain(sr: number, jr: number, asOfMonth: number): { factors: Factors; parts: ReasonPart[] } {
    const cat = this.catalog;
    const s = this.s;
    const j = this.j;
    const M = cat.majorCount;
    const m = s.major[sr];
    const cls = cat.majorClass[m];
    const category = cat.majorCategory[m];
    const parts: ReasonPart[] = [];

    let major = 0;
    for (let i = 0; i < j.accLen[jr]; i++) {
      const key = this.jAcc.data[j.accOff[jr] + i];
      let v = 0;
      if (key < M) {
        if (key === m) v = MAJOR_CODE;
        else if (cat.majorClass[key] === cls) v = MAJOR_CLASS;
        else if (cat.majorCategory[key] === category) v = MAJOR_CATEGORY;
      } else if (key < M + cat.classCount) {
        if (key - M === cls) v = MAJOR_CLASS;
        else if (cat.classCategory[key - M] === category) v = MAJOR_CATEGORY;
      } else if (key - M - cat.classCount === category) v = MAJOR_CATEGORY;
      major = Math.max(major, v);
    }
    const c = j.cluster[jr];
    const related = c !== NONE8 && cat.clusterCategory[c * cat.categoryCount + category] === 1;
    const clusterName = c !== NONE8 ? cat.clusterNames[c] : '';
    if (major === 0 && related) major = MAJOR_CLUSTER;
    if (major === MAJOR_CODE) parts.push({ key: 'major.exact', params: {} });
    else if (major === MAJOR_CLASS) parts.push({ key: 'major.class', params: { class: cat.classNames[cls] } });
    else if (major === MAJOR_CATEGORY) {
      parts.push({ key: 'major.category', params: { category: cat.categoryNames[category] } });
    } else if (major === MAJOR_CLUSTER) parts.push({ key: 'major.cluster', params: { cluster: clusterName } });

    const studentSkills = new Set(this.sSkills.data.subarray(s.skillOff[sr], s.skillOff[sr] + s.skillLen[sr]));
    let num = 0;
    let den = 0;
    let matched = 0;
    const total = j.skillLen[jr];
    for (let i = 0; i < total; i++) {
      const sk = this.jSkills.data[j.skillOff[jr] + i];
      den += this.weights[sk];
      if (studentSkills.has(sk)) {
        num += this.weights[sk];
        matched++;
      }
    }
    const skills = roundRatio(SKILLS_MAX, num, den);
    if (total > 0) parts.push({ key: 'skills', params: { matched, total } });

    const studentCerts = new Set(this.sCerts.data.subarray(s.certOff[sr], s.certOff[sr] + s.certLen[sr]));
    let held = 0;
    const certTotal = j.certLen[jr];
    for (let i = 0; i < certTotal; i++) if (studentCerts.has(this.jCerts.data[j.certOff[jr] + i])) held++;
    const certs = roundRatio(CERTS_MAX, held, certTotal);
    if (certTotal > 0) parts.push({ key: 'certs', params: { held, total: certTotal } });

    const D = cat.districtCount;
    let district = 0;
    for (const d of [s.district[sr], s.pref0[sr], s.pref1[sr], s.pref2[sr]]) {
      if (d !== NONE8) district = Math.max(district, cat.districtScore[d * D + j.district[jr]]);
    }
    if (district === 10) parts.push({ key: 'district.same', params: {} });
    else if (district === 6) parts.push({ key: 'district.neighbour', params: {} });

    const cluster = related ? CLUSTER_SCORE : 0;
    if (related) parts.push({ key: 'cluster', params: { cluster: clusterName } });

    let kind = 0;
    const g = s.grad[sr];
    if (j.kind[jr] === KIND_INTERNSHIP && (s.flags[sr] & INTERNSHIP) !== 0) {
      kind = KIND_SCORE;
      parts.push({ key: 'kind.internship', params: {} });
    } else if (j.kind[jr] === KIND_FULLTIME && g !== 0 && g <= asOfMonth + GRADUATING_WITHIN_MONTHS) {
      kind = KIND_SCORE;
      parts.push({ key: 'kind.graduating', params: {} });
    }
    return { factors: { major, skills, certs, district, cluster, kind }, parts };
  }

  private result(sr: number, jr: number, asOfMonth: number, query: 'job' | 'student'): MatchResult {
    const { factors, parts } = this.explain(sr, jr, asOfMonth);
    const score = factors.major + factors.skills + factors.certs + factors.district + factors.cluster + factors.kind;
    return {
      id: query === 'job' ? this.s.key[sr] : this.j.key[jr],
      score,
      factors,
      reason: formatReason(parts),
      reasonParts: parts,
    };
  }

  /** Bulk load: students, then the skill weights from them, then jobs, then one compaction. */
  load(students: Iterable<StudentInput>, jobs: Iterable<JobInput>): void {
    this.loading = true;
    try {
      for (const s of students) this.upsertStudent(s);
      this.refreshSkillWeights();
      for (const j of jobs) this.upsertJob(j);
    } finally {
      this.loading = false;
    }
    this.compactStudents();
    this.compactJobs();
  }

  /** Memory held, counted from typed-array byte lengths (capacity included). */
  stats(): IndexStats {
    let bucketBytes =
      this.bucketLen.byteLength + this.subOff.byteLength + this.subRows.byteLength + this.dirty.byteLength;
    for (const b of this.buckets) bucketBytes += b.byteLength;
    for (const a of [this.bCount, this.bMaxLevel, this.bGradMin, this.bGradMax, this.bIntern, this.bSkillLo]) {
      bucketBytes += a.byteLength;
    }
    for (const a of [this.bSkillHi, this.bCerts, this.bDistLo, this.bDistHi, this.bCons]) bucketBytes += a.byteLength;
    const studentBytes =
      columnBytes(this.s) + this.sSkills.data.byteLength + this.sCerts.data.byteLength + this.sKeys.bytes + bucketBytes;
    const jobBytes =
      columnBytes(this.j) +
      this.jAcc.data.byteLength +
      this.jSkills.data.byteLength +
      this.jCerts.data.byteLength +
      this.jKeys.bytes;
    return {
      students: this.sLive,
      jobs: this.jLive,
      studentBytes,
      jobBytes,
      bytesPerProfile: this.sLive > 0 ? studentBytes / this.sLive : 0,
      skills: this.skillNames.length,
      certs: this.certNames.length,
    };
  }
}

/**
 * Builds an index: loads the students, computes the skill weights from them, then loads the jobs,
 * and lays the students out by major.
 */
export function buildMatchIndex(
  catalog: Catalog,
  data: { students: Iterable<StudentInput> & { length?: number }; jobs: Iterable<JobInput> & { length?: number } },
): MatchIndex {
  const index = new MatchIndex(catalog, { students: data.students.length, jobs: data.jobs.length });
  index.load(data.students, data.jobs);
  return index;
}

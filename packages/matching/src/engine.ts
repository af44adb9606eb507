/**
 * The two-way matching index: job → top-k students and student → top-k jobs, exact, with every
 * score explained. Profiles are columns of typed arrays (see `stats`), students laid out by major
 * then consortium, with posting lists by skill, certificate and district per major, so that a job
 * query visits majors from the best possible score down, reads each through the fewest rows that
 * can still reach the current k-th score, and stops when no student of the remaining majors can.
 * Jobs are listed by accepted major, class, category and cluster, and by skill within those.
 *
 * Ids are the caller's unsigned 32-bit keys (e.g. an identity column), not uuids: a uuid string
 * costs more than the whole profile. Ties rank by id ascending.
 */
import type { Catalog } from './catalog';
import { KeyTable } from './key-table';
import { ByGroupSkill, ByMajor, countingSort } from './postings';
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
/** Row changed since the last compaction: skipped where lists hold it, scanned from the dirty list. */
const DIRTY = 16;
const KIND_FULLTIME = JOB_KINDS.indexOf('fulltime');
const KIND_INTERNSHIP = JOB_KINDS.indexOf('internship');
const OPEN_TO = 0xffff;
/** How far each pass of the threshold descent lowers its provisional threshold. */
const DESCENT_STEP = 12;

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
    skillOff: new Uint32Array(cap),
    skillLen: new Uint8Array(cap),
    certOff: new Uint32Array(cap),
    certLen: new Uint8Array(cap),
    /**
     * Four words per row, read together by job queries (one cache line): the skill signature (64 bits,
     * see skillBit; a cheap exact "no shared skill" test), the certificate signature (id mod 32) and
     * the consortium. See SIG_*.
     */
    sig: new Uint32Array(cap * 4),
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
    out[name].set(cols[name].subarray(0, Math.min(cols[name].length, out[name].length)) as never);
  return out;
}

/** First index in list[lo … hi) (ascending) whose value is ≥ x. */
function lowerBound(list: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words of a student's `sig` entry (4 · row + SIG_*). */
const SIG_LO = 0;
const SIG_HI = 1;
const SIG_CERTS = 2;
const SIG_CONSORTIUM = 3;

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
  /** Per major: an upper bound of any of its clean rows' score, and its parts. */
  bucketBound: Int32Array;
  /** Per major: rows read when it is read whole (its runs in scope). */
  wholeCost: Int32Array;
  mSkill: Uint8Array;
  mCert: Uint8Array;
  mDist: Uint8Array;
  mKind: Uint8Array;
  /** Lists per major: runStart/runLen[m · L + l], l = job skills (heaviest first), certificates, same district, near districts. */
  L: number;
  T: number;
  C: number;
  nNear: number;
  runStart: Int32Array;
  runLen: Int32Array;
  skillW: Float64Array;
  /** Best district score of a row in a near-district list only, and of a row in neither district list. */
  nearScore: number;
  farScore: number;
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
  related: Uint8Array;
  dt: Uint8Array;
  kindScore: Uint8Array;
  level: number;
  g: number;
  scope: Uint8Array | null;
  myLo: number;
  myHi: number;
  myCerts: number;
  /** The student's skills, and the groups to read with the most their major and cluster factors give. */
  skills: number[];
  groups: number[];
  groupBase: number[];
  /** The most certificates, district and kind can add for this student, and certificates and kind alone. */
  rest: number;
  restNoDistrict: number;
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
   * Posting lists of the clean consenting rows, rebuilt on compaction: by skill, by certificate and
   * by district (home and preferences), each grouped by major (see ByMajor). Rows changed since are
   * DIRTY, out of the lists, and listed in `dirty`.
   */
  private sBySkill = ByMajor.empty();
  private sByCert = ByMajor.empty();
  private sByDistrict = ByMajor.empty();
  private dirty = new Int32Array(16);
  private dirtyLen = 0;
  /**
   * Rows of each (major, consortium) at the last compaction, which laid them out contiguously (see
   * compactStudents); the clean rows of a major are all inside its runs.
   */
  private consOff = new Uint32Array(1);
  private consKey = new Uint32Array(0);
  private consStart = new Uint32Array(1);
  /** Scratch of job queries: the runs of the job's lists in every major (see studentsForJob). */
  private qRunStart = new Int32Array(0);
  private qRunLen = new Int32Array(0);
  /** Rows already scored exactly by the current job query (bitset, cleared after it). */
  private sSeen = new Uint32Array(1);
  /**
   * Per-major summaries of the clean consenting rows (rebuilt with the lists): how many, the highest
   * level, the graduation range (non-zero months), whether any is available for an internship, and
   * the OR of their consortium signatures (id mod 32). With the lists' directories (which skills,
   * certificates and districts a major holds) they bound every row of the major from above.
   */
  private bCount = new Int32Array(0);
  private bMaxLevel = new Uint8Array(0);
  private bGradMin = new Uint16Array(0);
  private bGradMax = new Uint16Array(0);
  private bIntern = new Uint8Array(0);
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
   * Job lists rebuilt on job compaction, of the clean published rows, by group: an accepted major
   * (jobs listing it), a 专业类 (jobs listing it or one of its majors), a 专业大类 (jobs listing it or
   * anything in it), a cluster (or none). jGroupRows[jGroupOff[g · D + d] … jGroupOff[g · D + d + 1])
   * lists the jobs of group g in district d (D districts), rows ascending;
   * jBySkill lists each group's jobs by skill (see buildJobLists). Jobs changed since are DIRTY and
   * listed in `jDirty`.
   */
  private jGroupOff = new Uint32Array(1);
  private jGroupRows = new Int32Array(0);
  private jBySkill = ByGroupSkill.empty();
  private jDirty = new Int32Array(16);
  private jDirtyLen = 0;
  /** Rows of each consortium (id 0: none) at the last compaction (see compactJobs). */
  private jConsStart = new Uint32Array(1);
  /** jSeen[r] === jEpoch: job r already visited by the current student query. */
  private jSeen = new Uint32Array(0);
  private jEpoch = 0;

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
    this.consOff = new Uint32Array(catalog.majorCount + 1);
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
      [this.s.sig[4 * r + SIG_LO], this.s.sig[4 * r + SIG_HI]] = this.skillMask(pool, skillOff[r], skillLen[r]);
    }
    if (!this.loading) this.buildStudentLists();
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
    s.sig[4 * r + SIG_CONSORTIUM] = consortium;
    s.skillOff[r] = this.writeList(this.sSkills, s.skillOff[r], s.skillLen[r], skills);
    s.skillLen[r] = skills.length;
    s.certOff[r] = this.writeList(this.sCerts, s.certOff[r], s.certLen[r], certs);
    s.certLen[r] = certs.length;
    [s.sig[4 * r + SIG_LO], s.sig[4 * r + SIG_HI]] = this.skillMask(this.sSkills.data, s.skillOff[r], s.skillLen[r]);
    s.sig[4 * r + SIG_CERTS] = MatchIndex.certMaskOf(this.sCerts.data, s.certOff[r], s.certLen[r]);
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
   * Rewrites the live students into exactly sized columns, ordered by major, then consortium, so
   * that each major's bucket is a contiguous run of rows (sequential memory in job queries) and each
   * (major, consortium) a contiguous run within it (`consOff`).
   */
  compactStudents(): void {
    const old = this.s;
    const n = this.sLive;
    // Live rows by (major, consortium, row): two stable counting sorts.
    const order = new Int32Array(n);
    let k = 0;
    for (let r = 0; r < this.sRows; r++) if ((old.flags[r] & ALIVE) !== 0) order[k++] = r;
    const cons = new Uint32Array(this.sRows);
    for (let r = 0; r < this.sRows; r++) cons[r] = old.sig[4 * r + SIG_CONSORTIUM];
    const byCons = new Int32Array(n);
    countingSort(order, byCons, cons, this.consortiumIds.size + 1);
    countingSort(byCons, order, old.major, this.catalog.majorCount);
    const oldSkills = this.sSkills.data;
    const oldCerts = this.sCerts.data;
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
      for (let w = 0; w < 4; w++) s.sig[4 * i + w] = old.sig[4 * r + w];
      const sl = old.skillLen[r];
      const so = skills.alloc(sl);
      for (let x = 0, from = old.skillOff[r]; x < sl; x++) skills.data[so + x] = oldSkills[from + x];
      s.skillOff[i] = so;
      s.skillLen[i] = sl;
      const cl = old.certLen[r];
      const co = certs.alloc(cl);
      for (let x = 0, from = old.certOff[r]; x < cl; x++) certs.data[co + x] = oldCerts[from + x];
      s.certOff[i] = co;
      s.certLen[i] = cl;
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
    // Runs of (major, consortium): entries consOff[m] … consOff[m + 1] of major m, entry e covering
    // rows consStart[e] … consStart[e + 1] (majors are laid out one after the other; one sentinel).
    const M = this.catalog.majorCount;
    const consOff = new Uint32Array(M + 1);
    const consKey: number[] = [];
    const consStart: number[] = [];
    for (let m = 0, r = 0; m < M; m++) {
      consOff[m] = consKey.length;
      for (const end = r + bucketLen[m]; r < end; r++) {
        const c = s.sig[4 * r + SIG_CONSORTIUM];
        if (consStart.length === consOff[m] || consKey[consKey.length - 1] !== c) {
          consKey.push(c);
          consStart.push(r);
        }
      }
    }
    consOff[M] = consKey.length;
    consStart.push(n);
    this.consOff = consOff;
    this.consKey = Uint32Array.from(consKey);
    this.consStart = Uint32Array.from(consStart);
    this.buildStudentLists();
  }

  /**
   * Rebuilds the posting lists and the per-major summaries from the clean consenting rows, read in
   * row order (clean rows are all inside the (major, consortium) runs of the last compaction): each
   * list's run of a major is sorted by row, hence by consortium.
   */
  private buildStudentLists(): void {
    const M = this.catalog.majorCount;
    const { flags, major, skillOff, skillLen, certOff, certLen, district, pref0, pref1, pref2 } = this.s;
    const sPool = this.sSkills.data;
    const cPool = this.sCerts.data;
    const { consOff, consStart } = this;
    const end = consStart[consOff[M]];
    const clean = (r: number) => (flags[r] & (ALIVE | DIRTY | CONSENT)) === (ALIVE | CONSENT);
    let nRows = 0;
    let nSkills = 0;
    let nCerts = 0;
    for (let r = 0; r < end; r++) {
      if (!clean(r)) continue;
      nRows++;
      nSkills += skillLen[r];
      nCerts += certLen[r];
    }
    // Postings (value, row, major) in row order, which is major order (see compactStudents).
    const cap = Math.max(nSkills, nCerts, 4 * nRows);
    const value = new Uint16Array(cap);
    const row = new Int32Array(cap);
    const rowMajor = new Uint16Array(cap);
    let n = 0;
    const put = (v: number, r: number) => {
      value[n] = v;
      row[n] = r;
      rowMajor[n] = major[r];
      n++;
    };
    for (let r = 0; r < end; r++) {
      if (clean(r)) for (let i = skillOff[r], e = i + skillLen[r]; i < e; i++) put(sPool[i], r);
    }
    this.sBySkill = ByMajor.build(this.skillNames.length, n, value, row, rowMajor);
    n = 0;
    for (let r = 0; r < end; r++) {
      if (clean(r)) for (let i = certOff[r], e = i + certLen[r]; i < e; i++) put(cPool[i], r);
    }
    this.sByCert = ByMajor.build(this.certNames.length, n, value, row, rowMajor);
    n = 0;
    for (let r = 0; r < end; r++) {
      if (!clean(r)) continue;
      const d = district[r];
      const a = pref0[r];
      const c = pref1[r];
      const e = pref2[r];
      put(d, r);
      if (a !== NONE8 && a !== d) put(a, r);
      if (c !== NONE8 && c !== d && c !== a) put(c, r);
      if (e !== NONE8 && e !== d && e !== a && e !== c) put(e, r);
    }
    this.sByDistrict = ByMajor.build(this.catalog.districtCount, n, value, row, rowMajor);
    this.sSeen = new Uint32Array((this.sRows >> 5) + 1);
    this.buildBucketSummaries();
  }

  private buildBucketSummaries(): void {
    const M = this.catalog.majorCount;
    const count = new Int32Array(M);
    const maxLevel = new Uint8Array(M);
    const gradMin = new Uint16Array(M).fill(0xffff);
    const gradMax = new Uint16Array(M);
    const intern = new Uint8Array(M);
    const { flags, level, grad } = this.s;
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
      }
    }
    this.bCount = count;
    this.bMaxLevel = maxLevel;
    this.bGradMin = gradMin;
    this.bGradMax = gradMax;
    this.bIntern = intern;
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

  /**
   * Rewrites the live jobs into exactly sized columns, ordered by consortium: the jobs of consortium c
   * are rows jConsStart[c] … jConsStart[c + 1], so that a scope is a few row ranges.
   */
  compactJobs(): void {
    const old = this.j;
    const n = this.jLive;
    const live: number[] = [];
    for (let r = 0; r < this.jRows; r++) if ((old.flags[r] & ALIVE) !== 0) live.push(r);
    live.sort((a, b) => old.consortium[a] - old.consortium[b] || a - b);
    const consCount = this.consortiumIds.size + 1;
    const consStart = new Uint32Array(consCount + 1);
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
    for (const name of Object.keys(j) as (keyof JobColumns)[]) {
      const from = old[name];
      const to = j[name];
      for (let x = 0; x < n; x++) to[x] = from[live[x]];
    }
    let i = 0;
    for (const r of live) {
      consStart[old.consortium[r] + 1]++;
      j.flags[i] &= ~DIRTY;
      j.accOff[i] = copy(this.jAcc, acc, old.accOff[r], old.accLen[r]);
      j.skillOff[i] = copy(this.jSkills, skills, old.skillOff[r], old.skillLen[r]);
      j.certOff[i] = copy(this.jCerts, certs, old.certOff[r], old.certLen[r]);
      keys.insert(j.key[i], i, j.key);
      i++;
    }
    for (let c = 0; c < consCount; c++) consStart[c + 1] += consStart[c];
    this.jConsStart = consStart;
    this.j = j;
    this.jRows = n;
    this.jAcc = acc;
    this.jSkills = skills;
    this.jCerts = certs;
    this.jKeys = keys;
    this.jDirtyLen = 0;
    this.buildJobLists();
  }

  /** Group ids: accepted major m, then 专业类, then 专业大类, then clusters, then "no cluster". */
  private get groupCount(): number {
    const cat = this.catalog;
    return cat.majorCount + cat.classCount + cat.categoryCount + cat.clusterCount + 1;
  }

  /**
   * Rebuilds the job lists: per group its clean published jobs, and per (group, skill) the jobs
   * asking that skill, each posting with the skills score the job can give a student whose first
   * shared skill — in the order heaviest first, ties by id — is this one: round(30 · Σw(this and the
   * job's later skills) / Σw(job skills)). Runs are sorted by that bound, descending.
   */
  private buildJobLists(): void {
    const cat = this.catalog;
    const M = cat.majorCount;
    const CL = cat.classCount;
    const G = cat.categoryCount;
    const clusterBase = M + CL + G;
    const NG = this.groupCount;
    const S = this.skillNames.length;
    const w = this.weights;
    const { flags, accOff, accLen, skillOff, skillLen, skillDen, cluster } = this.j;
    const accPool = this.jAcc.data;
    const sPool = this.jSkills.data;
    const rank = new Uint32Array(S);
    Array.from({ length: S }, (_, i) => i)
      .sort((a, b) => w[b] - w[a] || a - b)
      .forEach((sk, i) => {
        rank[sk] = i;
      });
    const groups: number[] = [];
    const skills: number[] = [];
    const add = (g: number) => {
      if (!groups.includes(g)) groups.push(g);
    };
    /** Fills `groups` with the groups of job r (none when it is not listed). */
    const groupsOf = (r: number) => {
      groups.length = 0;
      if ((flags[r] & (ALIVE | PUBLISHED | DIRTY)) !== (ALIVE | PUBLISHED)) return;
      for (let i = accOff[r], end = i + accLen[r]; i < end; i++) {
        const key = accPool[i];
        if (key < M) {
          add(key);
          add(M + cat.majorClass[key]);
          add(M + CL + cat.majorCategory[key]);
        } else if (key < M + CL) {
          add(key);
          add(M + CL + cat.classCategory[key - M]);
        } else add(key);
      }
      add(cluster[r] === NONE8 ? NG - 1 : clusterBase + cluster[r]);
    };
    let nMembers = 0;
    let nEntries = 0;
    for (let r = 0; r < this.jRows; r++) {
      groupsOf(r);
      nMembers += groups.length;
      if (skillDen[r] > 0) nEntries += groups.length * skillLen[r];
    }
    const gId = new Uint32Array(nMembers);
    const gRow = new Int32Array(nMembers);
    const eGroup = new Uint32Array(nEntries);
    const eSkill = new Uint16Array(nEntries);
    const eBound = new Uint8Array(nEntries);
    const eRow = new Int32Array(nEntries);
    let nm = 0;
    let ne = 0;
    for (let r = 0; r < this.jRows; r++) {
      groupsOf(r);
      for (const g of groups) {
        gId[nm] = g;
        gRow[nm++] = r;
      }
      const den = skillDen[r];
      if (groups.length === 0 || den === 0) continue;
      skills.length = 0;
      for (let i = skillOff[r], end = i + skillLen[r]; i < end; i++) skills.push(sPool[i]);
      // Heaviest first (insertion sort: a job lists a handful of skills).
      for (let x = 1; x < skills.length; x++) {
        const v = skills[x];
        let y = x - 1;
        for (; y >= 0 && rank[skills[y]] > rank[v]; y--) skills[y + 1] = skills[y];
        skills[y + 1] = v;
      }
      let suffix = 0;
      for (let i = skills.length - 1; i >= 0; i--) {
        suffix += w[skills[i]];
        const bound = Math.floor((60 * suffix + den) / (2 * den));
        for (const g of groups) {
          eGroup[ne] = g;
          eSkill[ne] = skills[i];
          eBound[ne] = bound;
          eRow[ne++] = r;
        }
      }
    }
    // Group lists by (group, district), rows ascending within: counting sort on g · D + district.
    const D = cat.districtCount;
    const off = new Uint32Array(NG * D + 1);
    const district = this.j.district;
    for (let i = 0; i < nMembers; i++) off[gId[i] * D + district[gRow[i]] + 1]++;
    for (let x = 0; x < NG * D; x++) off[x + 1] += off[x];
    const rows = new Int32Array(nMembers);
    const cursor = off.slice(0, NG * D);
    for (let i = 0; i < nMembers; i++) rows[cursor[gId[i] * D + district[gRow[i]]]++] = gRow[i];
    this.jGroupOff = off;
    this.jGroupRows = rows;
    this.jBySkill = ByGroupSkill.build(NG, S, nEntries, eGroup, eSkill, eBound, eRow);
    this.jSeen = new Uint32Array(this.jRows);
    this.jEpoch = 0;
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

    // District score by the student's district index (255 = no preference → 0); the districts
    // scoring above the lowest other score are "near".
    const dt = new Uint8Array(256);
    const D = cat.districtCount;
    const jd = j.district[jr];
    for (let d = 0; d < D; d++) dt[d] = cat.districtScore[jd * D + d];
    let farScore = 255;
    for (let d = 0; d < D; d++) if (d !== jd && dt[d] < farScore) farScore = dt[d];
    if (farScore === 255) farScore = 0;
    const near: number[] = [];
    let nearScore = farScore;
    for (let d = 0; d < D; d++) {
      if (d === jd || dt[d] <= farScore) continue;
      near.push(d);
      if (dt[d] > nearScore) nearScore = dt[d];
    }

    // Job skills heaviest first (ties by id), marked with their weight; certificates marked 1.
    const skillMark = this.skillMark;
    const certMark = this.certMark;
    const w = this.weights;
    const jsOff = j.skillOff[jr];
    const jsLen = j.skillLen[jr];
    const jobSkills = Array.from(this.jSkills.data.subarray(jsOff, jsOff + jsLen)).sort((a, b) => w[b] - w[a] || a - b);
    const T = jsLen;
    const skillW = new Float64Array(T + 1);
    let den = 0;
    // Per signature bit, the summed weight of the job skills on it: Σ over the bits a student shares
    // with the job bounds the student's matched weight from above.
    const bitWeight = new Float64Array(64);
    for (let t = 0; t < T; t++) {
      const sk = jobSkills[t];
      skillMark[sk] = w[sk];
      skillW[t] = w[sk];
      den += w[sk];
      bitWeight[this.skillBit[sk]] += w[sk];
    }
    const jobLo = j.skillLo[jr];
    const jobHi = j.skillHi[jr];
    const jobCerts = j.certMask[jr];
    const jcOff = j.certOff[jr];
    const jcLen = j.certLen[jr];
    for (let i = 0; i < jcLen; i++) certMark[this.jCerts.data[jcOff + i]] = 1;

    // Runs of every list in every major.
    const C = jcLen;
    const L = T + C + 1 + near.length;
    if (this.qRunStart.length < M * L) {
      this.qRunStart = new Int32Array(M * L);
      this.qRunLen = new Int32Array(M * L);
    }
    const runStart = this.qRunStart;
    const runLen = this.qRunLen;
    runLen.fill(0, 0, M * L);
    for (let t = 0; t < T; t++) this.sBySkill.runs(jobSkills[t], runStart, runLen, L, t);
    for (let c = 0; c < C; c++) this.sByCert.runs(this.jCerts.data[jcOff + c], runStart, runLen, L, T + c);
    this.sByDistrict.runs(jd, runStart, runLen, L, T + C);
    for (let i = 0; i < near.length; i++) this.sByDistrict.runs(near[i], runStart, runLen, L, T + C + 1 + i);

    const kind = j.kind[jr];
    const gradFrom = j.gradFrom[jr];
    const gradTo = j.gradTo[jr];
    const hasWindow = gradFrom !== 0 || gradTo !== OPEN_TO;
    const minLevel = j.minLevel[jr];
    const soon = opts.asOfMonth + GRADUATING_WITHIN_MONTHS;
    const scope = this.scopeTable(opts.scope);
    // Rows of each major read when it is read whole: its (major, consortium) runs in scope.
    const { consOff, consKey, consStart } = this;
    const wholeCost = new Int32Array(M);
    for (let m = 0; m < M; m++) {
      if (scope === null) {
        wholeCost[m] = consStart[consOff[m + 1]] - consStart[consOff[m]];
        continue;
      }
      let n = 0;
      for (let e = consOff[m]; e < consOff[m + 1]; e++)
        if (scope[consKey[e]] === 1) n += consStart[e + 1] - consStart[e];
      wholeCost[m] = n;
    }

    // Per major, the hard filters against its summary, then a bound of its rows' score: the major
    // score plus the best skills, certificates and district its lists hold, and the best kind score.
    const bucketBound = new Int32Array(M);
    const mSkill = new Uint8Array(M);
    const mCert = new Uint8Array(M);
    const mDist = new Uint8Array(M);
    const mKind = new Uint8Array(M);
    const candidates: number[] = [];
    for (let m = 0; m < M; m++) {
      if (this.bCount[m] === 0 || this.bMaxLevel[m] < minLevel || wholeCost[m] === 0) continue;
      if (hasWindow && (this.bGradMax[m] < gradFrom || this.bGradMin[m] > gradTo)) continue;
      const o = m * L;
      let num = 0;
      for (let t = 0; t < T; t++) if (runLen[o + t] > 0) num += skillW[t];
      const sMax = den > 0 ? Math.floor((60 * num + den) / (2 * den)) : 0;
      let held = 0;
      for (let c = 0; c < C; c++) if (runLen[o + T + c] > 0) held++;
      const cMax = C > 0 ? Math.floor((20 * held + C) / (2 * C)) : 0;
      let dMax = farScore;
      if (runLen[o + T + C] > 0) dMax = dt[jd];
      else for (let i = 0; i < near.length; i++) if (runLen[o + T + C + 1 + i] > 0) dMax = Math.max(dMax, dt[near[i]]);
      let kMax = 0;
      if (kind === KIND_INTERNSHIP) kMax = this.bIntern[m] === 1 ? KIND_SCORE : 0;
      else if (kind === KIND_FULLTIME) kMax = this.bGradMin[m] <= soon ? KIND_SCORE : 0;
      mSkill[m] = sMax;
      mCert[m] = cMax;
      mDist[m] = dMax;
      mKind[m] = kMax;
      bucketBound[m] = majorScore[m] + sMax + cMax + dMax + kMax;
      candidates.push(m);
    }
    // Highest bound first (counting sort: bounds are small integers).
    let maxBound = 0;
    for (const m of candidates) if (bucketBound[m] > maxBound) maxBound = bucketBound[m];
    const count = new Int32Array(maxBound + 2);
    for (const m of candidates) count[maxBound - bucketBound[m] + 1]++;
    for (let b = 0; b <= maxBound; b++) count[b + 1] += count[b];
    const order: number[] = new Array(candidates.length);
    for (const m of candidates) order[count[maxBound - bucketBound[m]]++] = m;

    const top = new TopK(k);
    const q: StudentScan = {
      majorScore,
      order,
      bucketBound,
      wholeCost,
      mSkill,
      mCert,
      mDist,
      mKind,
      L,
      T,
      C,
      nNear: near.length,
      runStart,
      runLen,
      skillW,
      nearScore,
      farScore,
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

    const myLo = s.sig[4 * sr + SIG_LO];
    const myHi = s.sig[4 * sr + SIG_HI];
    const myCerts = s.sig[4 * sr + SIG_CERTS];
    const level = s.level[sr];
    const g = s.grad[sr];
    const kindScore = new Uint8Array(JOB_KINDS.length);
    kindScore[KIND_INTERNSHIP] = (s.flags[sr] & INTERNSHIP) !== 0 ? KIND_SCORE : 0;
    kindScore[KIND_FULLTIME] = g !== 0 && g <= opts.asOfMonth + GRADUATING_WITHIN_MONTHS ? KIND_SCORE : 0;
    const scope = this.scopeTable(opts.scope);

    // Groups to read, highest first: jobs listing the student's major (40), its class (25), its
    // category (15), each + 5 when the job's cluster is related; then jobs by cluster (8 + 5 when
    // related, else 0). Every published job is in its cluster's group.
    const clusterBase = M + cat.classCount + G;
    const groups = [major, M + cls, M + cat.classCount + category];
    const groupBase = [MAJOR_CODE + CLUSTER_SCORE, MAJOR_CLASS + CLUSTER_SCORE, MAJOR_CATEGORY + CLUSTER_SCORE];
    for (const rel of [1, 0]) {
      for (let c = 0; c < cat.clusterCount; c++) {
        if (related[c] !== rel) continue;
        groups.push(clusterBase + c);
        groupBase.push(rel === 1 ? MAJOR_CLUSTER + CLUSTER_SCORE : 0);
      }
    }
    groups.push(clusterBase + cat.clusterCount);
    groupBase.push(0);
    let dMax = 0;
    for (let d = 0; d < D; d++) if (dt[d] > dMax) dMax = dt[d];
    const restNoDistrict = (scLen > 0 ? CERTS_MAX : 0) + Math.max(kindScore[KIND_INTERNSHIP], kindScore[KIND_FULLTIME]);
    const rest = restNoDistrict + dMax;
    const skills = Array.from(this.sSkills.data.subarray(ssOff, ssOff + ssLen));

    const top = new TopK(k);
    const q: JobScan = {
      acc,
      related,
      dt,
      kindScore,
      level,
      g,
      scope,
      myLo,
      myHi,
      myCerts,
      skills,
      groups,
      groupBase,
      rest,
      restNoDistrict,
    };
    try {
      this.scanJobs(top, q);
    } finally {
      for (const x of accKeys) acc[x] = 0;
      for (let i = 0; i < ssLen; i++) skillMark[this.sSkills.data[ssOff + i]] = 0;
      for (let i = 0; i < scLen; i++) certMark[this.sCerts.data[scOff + i]] = 0;
    }
    return top.sortedRows().map((r) => this.result(sr, r, opts.asOfMonth, 'student'));
  }

  /**
   * The hot loop of studentsForJob, on its own so that building results cannot deoptimize it.
   *
   * Majors are visited from the highest bound down until a bound is below the k-th score. Each major
   * is read either whole (its bucket) or through a union of its lists that provably holds every row
   * that can still reach the k-th score, whichever reads fewer rows: a row outside the certificate
   * lists scores no certificate, outside the same-district list at most the near score, outside the
   * near lists at most the far score; and a row whose first shared skill (heaviest first) is the
   * t-th scores at most the skills of the job's t-th and later skills (suffix), so the skill lists
   * are read in that order until the suffix cannot reach the k-th score. A row met in several lists
   * is scored once (bitset).
   */
  private scanStudents(top: TopK, q: StudentScan): void {
    const { majorScore, order, minLevel, hasWindow, gradFrom, gradTo, scope, dt, kind, soon } = q;
    const { den, jcLen, bitWeight, jobLo, jobHi, jobCerts } = q;
    const { bucketBound, wholeCost, mSkill, mCert, mDist, mKind, L, T, C, nNear, runStart, runLen, skillW } = q;
    const { consOff, consKey, consStart } = this;
    const { nearScore, farScore } = q;
    const skillMark = this.skillMark;
    const certMark = this.certMark;
    const s = this.s;
    const { key, flags, level, grad, district, pref0, pref1, pref2, skillOff, skillLen, certOff, certLen, sig } = s;
    const sPool = this.sSkills.data;
    const cPool = this.sCerts.data;
    const { major } = s;
    const seen = this.sSeen;
    const touched: number[] = [];
    /** Provisional threshold of the current pass: rows below it are pruned (not offered) for now. */
    let tau = -1;
    /** The most district and kind can add in the major being read. */
    let majorRest = 0;
    /**
     * cap: the most the row's skills can score where it was found; mark: check and set the seen bit.
     * The signatures come first: with the major's best district and kind they reject most rows
     * after three reads (no shared bit means no shared skill or certificate).
     */
    const visit = (r: number, base: number, cap: number, listed: boolean): void => {
      // A graduation window rejects most rows: its column is 8 times denser than the signatures.
      if (hasWindow) {
        const g = grad[r];
        if (g === 0 || g < gradFrom || g > gradTo) return;
      }
      const at = 4 * r;
      let skillBound = 0;
      let lo = sig[at + SIG_LO] & jobLo;
      let hi = sig[at + SIG_HI] & jobHi;
      if (cap > 0 && (lo | hi) !== 0) {
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
        if (skillBound > cap) skillBound = cap;
      }
      const certBound = jcLen > 0 && (sig[at + SIG_CERTS] & jobCerts) !== 0 ? CERTS_MAX : 0;
      const kth = top.floor;
      const floor = kth > tau ? kth : tau;
      const upper = base + skillBound + certBound;
      if (upper + majorRest < floor) return;
      // A listed row changed since the lists were built is read from the dirty list instead.
      const f = flags[r];
      if ((f & (listed ? CONSENT | DIRTY : CONSENT)) !== CONSENT || level[r] < minLevel) return;
      const g = grad[r];
      if (scope !== null && scope[sig[at + SIG_CONSORTIUM]] === 0) return;
      let d = dt[district[r]];
      const d0 = dt[pref0[r]];
      const d1 = dt[pref1[r]];
      const d2 = dt[pref2[r]];
      if (d0 > d) d = d0;
      if (d1 > d) d = d1;
      if (d2 > d) d = d2;
      let kindScore = 0;
      if (kind === KIND_INTERNSHIP) kindScore = (f & INTERNSHIP) !== 0 ? KIND_SCORE : 0;
      else if (kind === KIND_FULLTIME) kindScore = g !== 0 && g <= soon ? KIND_SCORE : 0;
      if (upper + d + kindScore < floor) return;
      if (listed) {
        const wi = r >> 5;
        const bit = 1 << (r & 31);
        const v = seen[wi];
        if ((v & bit) !== 0) return;
        if (v === 0) touched.push(wi);
        seen[wi] = v | bit;
      }
      let score = base + d + kindScore;
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
      // Scored rows are marked seen: offer them against the k-th score, not the provisional threshold.
      if (score < kth) return;
      top.offer(score, key[r], r);
    };
    /** Reads list[a … end) of major m: with a scope, only its parts inside the major's runs in scope. */
    const scanRun = (list: Int32Array, a: number, end: number, m: number, base: number, cap: number) => {
      if (scope === null) {
        for (let i = a; i < end; i++) visit(list[i], base, cap, true);
        return;
      }
      for (let e = consOff[m]; e < consOff[m + 1] && a < end; e++) {
        if (scope[consKey[e]] === 0) continue;
        const lo = lowerBound(list, a, end, consStart[e]);
        const hi = lowerBound(list, lo, end, consStart[e + 1]);
        for (let i = lo; i < hi; i++) visit(list[i], base, cap, true);
        a = hi;
      }
    };
    const rows = this.sBySkill.rows;
    const certRows = this.sByCert.rows;
    const distRows = this.sByDistrict.rows;
    const suffix = new Int32Array(T + 1);
    const prefix = new Int32Array(T + 1);
    const dOut = [0, 0, 0];
    const floorNow = () => (top.floor > tau ? top.floor : tau);
    const pass = () => {
      for (const m of order) {
        const floor = floorNow();
        if (bucketBound[m] < floor) break;
        const base = majorScore[m];
        const o = m * L;
        const sM = mSkill[m];
        const cM = mCert[m];
        const dM = mDist[m];
        const kM = mKind[m];
        majorRest = dM + kM;
        // Skills a row whose first shared skill is the t-th can score, and the rows of lists 0 … t − 1.
        let num = 0;
        for (let t = T - 1; t >= 0; t--) {
          if (runLen[o + t] > 0) num += skillW[t];
          suffix[t] = den > 0 ? Math.floor((60 * num + den) / (2 * den)) : 0;
        }
        for (let t = 0; t < T; t++) prefix[t + 1] = prefix[t] + runLen[o + t];
        let certCost = 0;
        for (let c = 0; c < C; c++) certCost += runLen[o + T + c];
        const sameCost = runLen[o + T + C];
        let nearCost = 0;
        for (let i = 0; i < nNear; i++) nearCost += runLen[o + T + C + 1 + i];
        dOut[0] = dM;
        dOut[1] = Math.min(dM, nearCost > 0 ? nearScore : farScore);
        dOut[2] = Math.min(dM, farScore);
        // The cheapest sound cover: certificate lists or not, district lists (none, same, same + near),
        // and the skill lists needed on top of them; else the whole bucket.
        // With a scope, the lists are read only inside the runs in scope: about that share of them.
        const share = wholeCost[m] / (consStart[consOff[m + 1]] - consStart[consOff[m]]);
        let bestCost = wholeCost[m];
        let bestT = -1;
        let bestCert = false;
        let bestDist = 0;
        for (let useCert = 0; useCert < 2; useCert++) {
          if (useCert === 1 && certCost === 0) continue;
          for (let dl = 0; dl < 3; dl++) {
            if ((dl === 1 && sameCost === 0) || (dl === 2 && nearCost === 0)) continue;
            const out = base + (useCert === 1 ? 0 : cM) + dOut[dl] + kM;
            if (out >= floor) continue;
            let t = 0;
            while (t < T && out + suffix[t] >= floor) t++;
            const cost =
              share *
              (prefix[t] + (useCert === 1 ? certCost : 0) + (dl >= 1 ? sameCost : 0) + (dl === 2 ? nearCost : 0));
            if (cost < bestCost) {
              bestCost = cost;
              bestT = t;
              bestCert = useCert === 1;
              bestDist = dl;
            }
          }
        }
        if (bestT < 0) {
          for (let e = consOff[m]; e < consOff[m + 1]; e++) {
            if (scope !== null && scope[consKey[e]] === 0) continue;
            for (let r = consStart[e], end = consStart[e + 1]; r < end; r++) visit(r, base, sM, true);
          }
          continue;
        }
        if (bestCert) {
          for (let c = 0; c < C; c++) {
            const a = runStart[o + T + c];
            scanRun(certRows, a, a + runLen[o + T + c], m, base, sM);
          }
        }
        if (bestDist >= 1) {
          const a = runStart[o + T + C];
          scanRun(distRows, a, a + sameCost, m, base, sM);
        }
        if (bestDist === 2) {
          for (let n = 0; n < nNear; n++) {
            const a = runStart[o + T + C + 1 + n];
            scanRun(distRows, a, a + runLen[o + T + C + 1 + n], m, base, sM);
          }
        }
        const out = base + (bestCert ? 0 : cM) + dOut[bestDist] + kM;
        for (let t = 0; t < bestT; t++) {
          if (out + suffix[t] < floorNow()) break;
          const a = runStart[o + t];
          scanRun(rows, a, a + runLen[o + t], m, base, suffix[t]);
        }
      }
    };
    // Threshold descent: a first pass with a provisional threshold just below the best bound reads
    // few rows (the lists it needs are short) and usually fills the top k; while the k-th score is
    // below the threshold, rows between the two may be missing, so the next pass lowers it. A row
    // scored in one pass is marked and never scored again; the last pass (threshold −1 at worst)
    // is a complete one.
    if (order.length > 0 && bucketBound[order[0]] > DESCENT_STEP) tau = bucketBound[order[0]] - DESCENT_STEP;
    for (;;) {
      pass();
      if (top.floor >= tau) break;
      tau = tau > DESCENT_STEP ? tau - DESCENT_STEP : -1;
    }

    for (const wi of touched) seen[wi] = 0;
    // Students changed since the last compaction.
    const skillsMax = den > 0 ? SKILLS_MAX : 0;
    let dtMax = 0;
    for (const v of dt) if (v > dtMax) dtMax = v;
    majorRest = dtMax + KIND_SCORE;
    for (let i = 0; i < this.dirtyLen; i++) {
      const r = this.dirty[i];
      visit(r, majorScore[major[r]], skillsMax, false);
    }
  }

  /**
   * The hot loop of jobsForStudent. Groups are read from the highest base down: whole while a job
   * of the group without a shared skill could still reach the k-th score, else through the group's
   * lists of the student's skills, each read while its bound (the skills the job can give when this
   * is the first shared skill) can still reach it. A job sharing no skill with the student, or
   * reached only past that point, cannot. Each job is visited once per query (epoch marks).
   */
  private scanJobs(top: TopK, q: JobScan): void {
    const { acc, related, dt, kindScore, level, g, scope, myLo, myHi, myCerts, skills, groups, groupBase, rest } = q;
    const { restNoDistrict } = q;
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
    /** listed: read from a list, where a job changed since the lists were built is skipped (it is read from the dirty list). */
    const visit = (r: number, listed: boolean): void => {
      if ((flags[r] & (listed ? want | DIRTY : want)) !== want || minLevel[r] > level) return;
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
    const seen = this.jSeen;
    let epoch = this.jEpoch + 1;
    if (epoch > 0xffffffff) {
      seen.fill(0);
      epoch = 1;
    }
    this.jEpoch = epoch;
    const groupOff = this.jGroupOff;
    const D = this.catalog.districtCount;
    const groupRows = this.jGroupRows;
    const lists = this.jBySkill;
    const listRows = lists.rows;
    const listBound = lists.bound;
    const dirStart = lists.dirStart;
    // With a scope, the clean jobs in it are a few row ranges [lo, hi) (see compactJobs).
    const lo: number[] = [];
    const hi: number[] = [];
    if (scope !== null) {
      const cs = this.jConsStart;
      for (let c = 0; c + 1 < cs.length; c++) {
        if (c < scope.length && scope[c] === 1 && cs[c + 1] > cs[c]) {
          lo.push(cs[c]);
          hi.push(cs[c + 1]);
        }
      }
    }
    const nRanges = lo.length;
    const inScope = (r: number): boolean => {
      for (let i = 0; i < nRanges; i++) if (r >= lo[i] && r < hi[i]) return true;
      return false;
    };
    // Threshold descent (as in scanStudents), deciding only what is read: a pass reads the groups and
    // list entries that can reach max(k-th score, tau); visits prune against the k-th score alone, so
    // a job visited once is done. Complete once the k-th score is at least tau.
    let tau = -1;
    let best = 0;
    for (let x = 0; x < groups.length; x++) if (groupBase[x] > best) best = groupBase[x];
    if (best + rest + SKILLS_MAX > DESCENT_STEP) tau = best + rest + SKILLS_MAX - DESCENT_STEP;
    for (;;) {
      for (let x = 0; x < groups.length; x++) {
        const grp = groups[x];
        const base = groupBase[x] + rest;
        const floor = top.floor > tau ? top.floor : tau;
        if (base + SKILLS_MAX < floor) continue;
        // A job sharing no skill with the student scores at most gBase + certificates + kind + its
        // district's score: the districts where that reaches the threshold are read whole, the others
        // only through the skill lists (unless every district is read whole).
        const gBase = groupBase[x];
        const g0 = grp * D;
        let wholeOnly = true;
        for (let d = 0; d < D; d++) {
          if (gBase + restNoDistrict + dt[d] < floor && groupOff[g0 + d + 1] > groupOff[g0 + d]) wholeOnly = false;
        }
        if (!wholeOnly) {
          for (const sk of skills) {
            const e = lists.find(grp, sk);
            if (e < 0) continue;
            for (let i = dirStart[e], end = dirStart[e + 1]; i < end; i++) {
              const f = top.floor > tau ? top.floor : tau;
              if (base + listBound[i] < f) break;
              const r = listRows[i];
              if ((scope !== null && !inScope(r)) || seen[r] === epoch) continue;
              seen[r] = epoch;
              visit(r, true);
            }
          }
        }
        // Without the skill lists read, a district's jobs may still reach the threshold through skills.
        const skillsLeft = wholeOnly ? SKILLS_MAX : 0;
        for (let d = 0; d < D; d++) {
          if (gBase + restNoDistrict + dt[d] + skillsLeft < (top.floor > tau ? top.floor : tau)) continue;
          const a = groupOff[g0 + d];
          const end = groupOff[g0 + d + 1];
          for (let k = 0; k < (scope === null ? 1 : nRanges); k++) {
            const from = scope === null ? a : lowerBound(groupRows, a, end, lo[k]);
            const to = scope === null ? end : lowerBound(groupRows, from, end, hi[k]);
            for (let i = from; i < to; i++) {
              const r = groupRows[i];
              if (seen[r] === epoch) continue;
              seen[r] = epoch;
              visit(r, true);
            }
          }
        }
      }
      if (top.floor >= tau) break;
      tau = tau > DESCENT_STEP ? tau - DESCENT_STEP : -1;
    }
    // Jobs changed since the last compaction.
    for (let i = 0; i < this.jDirtyLen; i++) visit(this.jDirty[i], false);
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
      this.bucketLen.byteLength +
      this.dirty.byteLength +
      this.sBySkill.bytes +
      this.sByCert.bytes +
      this.sByDistrict.bytes +
      this.sSeen.byteLength +
      this.qRunStart.byteLength +
      this.qRunLen.byteLength +
      this.consOff.byteLength +
      this.consKey.byteLength +
      this.consStart.byteLength;
    for (const b of this.buckets) bucketBytes += b.byteLength;
    for (const a of [this.bCount, this.bMaxLevel, this.bGradMin, this.bGradMax, this.bIntern]) {
      bucketBytes += a.byteLength;
    }
    const studentBytes =
      columnBytes(this.s) + this.sSkills.data.byteLength + this.sCerts.data.byteLength + this.sKeys.bytes + bucketBytes;
    const jobBytes =
      columnBytes(this.j) +
      this.jAcc.data.byteLength +
      this.jSkills.data.byteLength +
      this.jCerts.data.byteLength +
      this.jKeys.bytes +
      this.jGroupOff.byteLength +
      this.jGroupRows.byteLength +
      this.jBySkill.bytes +
      this.jSeen.byteLength +
      this.jConsStart.byteLength +
      this.jDirty.byteLength;
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

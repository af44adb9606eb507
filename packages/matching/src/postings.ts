/**
 * Posting lists the queries read instead of whole buckets.
 *
 * `ByMajor`: student rows listed by value (a skill, a certificate, a district), each value's rows
 * grouped by major in ascending major order, sorted by row within, with a directory of
 * (major, first position) per value, so that a query finds the run "rows of major m holding value
 * v" without a search.
 *
 * `ByGroupSkill`: job rows listed by (group, skill) — group being an accepted major, class,
 * category or a cluster — each run sorted by a per-posting bound (descending) so that a scan can
 * stop at the first entry that cannot reach the current k-th score.
 */

type Keys = Uint8Array | Uint16Array | Uint32Array;

/**
 * Stable counting sort of the entry ids in `order` by key[id] (0 … keys − 1; descending when asked),
 * into `out`.
 */
export function countingSort(order: Int32Array, out: Int32Array, key: Keys, keys: number, descending = false): void {
  const n = order.length;
  const c = new Uint32Array(keys + 1);
  for (let i = 0; i < n; i++) c[(descending ? keys - 1 - key[order[i]] : key[order[i]]) + 1]++;
  for (let k = 0; k < keys; k++) c[k + 1] += c[k];
  for (let i = 0; i < n; i++) {
    const e = order[i];
    out[c[descending ? keys - 1 - key[e] : key[e]]++] = e;
  }
}

export class ByMajor {
  constructor(
    /** Rows, value by value, major by major (ascending) within a value, rows ascending within. */
    readonly rows: Int32Array,
    /** Directory entries of value v: dirOff[v] … dirOff[v + 1]. */
    readonly dirOff: Uint32Array,
    readonly dirMajor: Uint16Array,
    /** Entry i's run is rows[dirStart[i] … dirStart[i + 1]); one sentinel at the end. */
    readonly dirStart: Uint32Array,
  ) {}

  static empty(values = 0): ByMajor {
    return new ByMajor(new Int32Array(0), new Uint32Array(values + 1), new Uint16Array(0), new Uint32Array(1));
  }

  /**
   * Builds the lists from n postings (value[i], row[i], major[i]) given in (major, row) order; a
   * value occurs at most once per row.
   */
  static build(values: number, n: number, value: Keys, row: Int32Array, major: Uint16Array): ByMajor {
    const off = new Uint32Array(values + 1);
    for (let i = 0; i < n; i++) off[value[i] + 1]++;
    for (let v = 0; v < values; v++) off[v + 1] += off[v];
    const rows = new Int32Array(n);
    const majors = new Uint16Array(n);
    const cursor = off.slice(0, values);
    for (let i = 0; i < n; i++) {
      const at = cursor[value[i]]++;
      rows[at] = row[i];
      majors[at] = major[i];
    }
    // Directory: a new entry where the major changes within a value's rows.
    const dirOff = new Uint32Array(values + 1);
    let nDir = 0;
    for (let v = 0; v < values; v++) {
      for (let i = off[v]; i < off[v + 1]; i++) if (i === off[v] || majors[i] !== majors[i - 1]) nDir++;
      dirOff[v + 1] = nDir;
    }
    const dirMajor = new Uint16Array(nDir);
    const dirStart = new Uint32Array(nDir + 1);
    dirStart[nDir] = n;
    let d = 0;
    for (let v = 0; v < values; v++) {
      for (let i = off[v]; i < off[v + 1]; i++) {
        if (i === off[v] || majors[i] !== majors[i - 1]) {
          dirMajor[d] = majors[i];
          dirStart[d] = i;
          d++;
        }
      }
    }
    return new ByMajor(rows, dirOff, dirMajor, dirStart);
  }

  get bytes(): number {
    return this.rows.byteLength + this.dirOff.byteLength + this.dirMajor.byteLength + this.dirStart.byteLength;
  }

  /**
   * Writes the run of value v in every major m that has one: start[m · stride + slot] and
   * len[m · stride + slot] (majors without a run are left untouched).
   */
  runs(v: number, start: Int32Array, len: Int32Array, stride: number, slot: number): void {
    if (v + 1 >= this.dirOff.length) return;
    const { dirMajor, dirStart } = this;
    const end = this.dirOff[v + 1];
    for (let i = this.dirOff[v]; i < end; i++) {
      const at = dirMajor[i] * stride + slot;
      start[at] = dirStart[i];
      len[at] = dirStart[i + 1] - dirStart[i];
    }
  }
}

/**
 * Job rows by (group, skill), built from entries (group, skill, bound, row): runs ordered by group,
 * then skill, each run by bound descending (then row ascending). LSD radix sort, linear time.
 */
export class ByGroupSkill {
  constructor(
    readonly rows: Int32Array,
    /** Per posting, an upper bound (0–255) valid when the run's skill is the first one shared. */
    readonly bound: Uint8Array,
    /** Directory entries of group g: dirOff[g] … dirOff[g + 1], skills ascending. */
    readonly dirOff: Uint32Array,
    readonly dirSkill: Uint16Array,
    /** Entry i's run is rows[dirStart[i] … dirStart[i + 1]); one sentinel at the end. */
    readonly dirStart: Uint32Array,
  ) {}

  static empty(groups = 0): ByGroupSkill {
    return new ByGroupSkill(
      new Int32Array(0),
      new Uint8Array(0),
      new Uint32Array(groups + 1),
      new Uint16Array(0),
      new Uint32Array(1),
    );
  }

  /** Entries given with rows ascending. */
  static build(
    groups: number,
    skills: number,
    n: number,
    group: Uint32Array,
    skill: Uint16Array,
    bound: Uint8Array,
    row: Int32Array,
  ): ByGroupSkill {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    const b = new Int32Array(n);
    // Stable passes, least significant first (rows are ascending in the input order).
    countingSort(a, b, bound, 256, true);
    countingSort(b, a, skill, skills);
    countingSort(a, b, group, groups);
    const order = b;
    const rows = new Int32Array(n);
    const bounds = new Uint8Array(n);
    const groupOf = new Uint32Array(n);
    const skillOf = new Uint16Array(n);
    const dirOff = new Uint32Array(groups + 1);
    let nDir = 0;
    for (let i = 0; i < n; i++) {
      const e = order[i];
      rows[i] = row[e];
      bounds[i] = bound[e];
      const g = group[e];
      const s = skill[e];
      groupOf[i] = g;
      skillOf[i] = s;
      if (i === 0 || g !== groupOf[i - 1] || s !== skillOf[i - 1]) {
        nDir++;
        dirOff[g + 1]++;
      }
    }
    for (let g = 0; g < groups; g++) dirOff[g + 1] += dirOff[g];
    const dirSkill = new Uint16Array(nDir);
    const dirStart = new Uint32Array(nDir + 1);
    dirStart[nDir] = n;
    let d = 0;
    for (let i = 0; i < n; i++) {
      if (i === 0 || groupOf[i] !== groupOf[i - 1] || skillOf[i] !== skillOf[i - 1]) {
        dirSkill[d] = skillOf[i];
        dirStart[d] = i;
        d++;
      }
    }
    return new ByGroupSkill(rows, bounds, dirOff, dirSkill, dirStart);
  }

  get bytes(): number {
    return (
      this.rows.byteLength +
      this.bound.byteLength +
      this.dirOff.byteLength +
      this.dirSkill.byteLength +
      this.dirStart.byteLength
    );
  }

  /** Directory entry of (group g, skill s), or −1. */
  find(g: number, s: number): number {
    let lo = this.dirOff[g];
    let hi = this.dirOff[g + 1];
    const ds = this.dirSkill;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ds[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.dirOff[g + 1] && ds[lo] === s ? lo : -1;
  }
}

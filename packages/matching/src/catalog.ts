/**
 * The reference data the matching engine scores against: majors with their 专业类 and 专业大类,
 * Chongqing's districts with their neighbours, and the 33618 clusters with the major categories
 * each one is related to. Built from plain rows (the caller parses the CSV files); no I/O here.
 *
 * 专业类 and 专业大类 are interned by name, not by code: the 2021 catalogue numbers the same class
 * differently at each level (汽车制造类 is 6607 中职, 4607 高职专科, 2607 职业本科), and a job that
 * accepts 汽车制造类 wants all of them (the education level is a separate hard filter).
 */

export interface MajorRow {
  code: string;
  class_code: string;
  class_name?: string;
  category_code: string;
  category_name?: string;
  name?: string;
}

export interface DistrictRow {
  code: string;
  name: string;
}

/** `code` is optional: clusters without one are numbered C01, C02, … in row order. */
export interface ClusterRow {
  code?: string;
  cluster: string;
}

export interface ClusterCategoryRow {
  cluster_code: string;
  category_code: string;
}

export interface CatalogInput {
  majors: readonly MajorRow[];
  districts: readonly DistrictRow[];
  /** Pairs of district codes that share a boundary (see `neighboursFromEchartsGeo`). */
  neighbours: readonly (readonly [string, string])[];
  clusters: readonly ClusterRow[];
  clusterCategories: readonly ClusterCategoryRow[];
}

export const DISTRICT_SAME = 10;
export const DISTRICT_NEIGHBOUR = 6;
export const DISTRICT_CITY = 3;

export interface Catalog {
  majorCount: number;
  majorCodes: string[];
  majorNames: string[];
  majorByCode: Map<string, number>;
  /** Class and category index of each major. */
  majorClass: Uint16Array;
  majorCategory: Uint16Array;
  classCount: number;
  classNames: string[];
  classByCode: Map<string, number>;
  classMajors: number[][];
  /** Category of each class (classes and categories are both interned by name, so this is one value). */
  classCategory: Uint16Array;
  categoryCount: number;
  categoryNames: string[];
  categoryByCode: Map<string, number>;
  categoryMajors: number[][];
  districtCount: number;
  districtCodes: string[];
  districtNames: string[];
  districtByCode: Map<string, number>;
  /** districtScore[a * districtCount + b]: 10 same, 6 neighbours, 3 otherwise (all in Chongqing). */
  districtScore: Uint8Array;
  clusterCount: number;
  clusterCodes: string[];
  clusterNames: string[];
  /** By code (C01) and by name (智能网联新能源汽车). */
  clusterByKey: Map<string, number>;
  /** clusterCategory[c * categoryCount + g] = 1 when category g is related to cluster c. */
  clusterCategory: Uint8Array;
}

export function buildCatalog(input: CatalogInput): Catalog {
  const majorByCode = new Map<string, number>();
  const classByCode = new Map<string, number>();
  const classByName = new Map<string, number>();
  const categoryByCode = new Map<string, number>();
  const categoryByName = new Map<string, number>();
  const classNames: string[] = [];
  const categoryNames: string[] = [];
  const majorCodes: string[] = [];
  const majorNames: string[] = [];
  const majorClass: number[] = [];
  const majorCategory: number[] = [];
  const intern = (
    byCode: Map<string, number>,
    byName: Map<string, number>,
    names: string[],
    code: string,
    name: string,
  ) => {
    let i = byCode.get(code);
    if (i !== undefined) return i;
    i = byName.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      byName.set(name, i);
    }
    byCode.set(code, i);
    return i;
  };
  for (const m of input.majors) {
    if (majorByCode.has(m.code)) throw new Error(`duplicate major code ${m.code}`);
    const cls = intern(classByCode, classByName, classNames, m.class_code, m.class_name ?? m.class_code);
    const cat = intern(
      categoryByCode,
      categoryByName,
      categoryNames,
      m.category_code,
      m.category_name ?? m.category_code,
    );
    majorByCode.set(m.code, majorCodes.length);
    majorCodes.push(m.code);
    majorNames.push(m.name ?? m.code);
    majorClass.push(cls);
    majorCategory.push(cat);
  }
  if (majorCodes.length > 0xffff || classNames.length + categoryNames.length + majorCodes.length > 0xffff) {
    throw new Error('too many majors for 16-bit indexes');
  }
  const classMajors: number[][] = classNames.map(() => []);
  const categoryMajors: number[][] = categoryNames.map(() => []);
  majorClass.forEach((c, m) => {
    classMajors[c].push(m);
  });
  majorCategory.forEach((g, m) => {
    categoryMajors[g].push(m);
  });
  const classCategory = new Uint16Array(classNames.length);
  majorClass.forEach((c, m) => {
    classCategory[c] = majorCategory[m];
  });

  const districtCount = input.districts.length;
  if (districtCount > 255) throw new Error('too many districts for 8-bit indexes');
  const districtByCode = new Map(input.districts.map((d, i) => [d.code, i]));
  const districtScore = new Uint8Array(districtCount * districtCount).fill(DISTRICT_CITY);
  for (let i = 0; i < districtCount; i++) districtScore[i * districtCount + i] = DISTRICT_SAME;
  for (const [a, b] of input.neighbours) {
    const ia = districtByCode.get(a);
    const ib = districtByCode.get(b);
    if (ia === undefined || ib === undefined) throw new Error(`unknown district in neighbour pair ${a}-${b}`);
    if (ia === ib) continue;
    districtScore[ia * districtCount + ib] = DISTRICT_NEIGHBOUR;
    districtScore[ib * districtCount + ia] = DISTRICT_NEIGHBOUR;
  }

  const clusterCodes = input.clusters.map((c, i) => c.code ?? `C${String(i + 1).padStart(2, '0')}`);
  const clusterNames = input.clusters.map((c) => c.cluster);
  if (clusterCodes.length > 254) throw new Error('too many clusters for 8-bit indexes');
  const clusterByKey = new Map<string, number>();
  clusterCodes.forEach((c, i) => {
    clusterByKey.set(c, i);
    clusterByKey.set(clusterNames[i], i);
  });
  const categoryCount = categoryNames.length;
  const clusterCategory = new Uint8Array(clusterCodes.length * categoryCount);
  for (const r of input.clusterCategories) {
    const c = clusterByKey.get(r.cluster_code);
    if (c === undefined) throw new Error(`unknown cluster ${r.cluster_code}`);
    const g = categoryByCode.get(r.category_code);
    // Categories of levels not loaded (e.g. a catalogue without 中职) are skipped, not an error.
    if (g !== undefined) clusterCategory[c * categoryCount + g] = 1;
  }

  return {
    majorCount: majorCodes.length,
    majorCodes,
    majorNames,
    majorByCode,
    majorClass: Uint16Array.from(majorClass),
    majorCategory: Uint16Array.from(majorCategory),
    classCount: classNames.length,
    classNames,
    classByCode,
    classMajors,
    classCategory,
    categoryCount,
    categoryNames,
    categoryByCode,
    categoryMajors,
    districtCount,
    districtCodes: input.districts.map((d) => d.code),
    districtNames: input.districts.map((d) => d.name),
    districtByCode,
    districtScore,
    clusterCount: clusterCodes.length,
    clusterCodes,
    clusterNames,
    clusterByKey,
    clusterCategory,
  };
}

interface EchartsGeo {
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: {
    id?: string;
    properties: { name: string };
    geometry: { type: string; coordinates: unknown; encodeOffsets?: unknown };
  }[];
}

/**
 * ECharts' compressed ring: pairs of characters, each `charCode - 64` zigzag-decoded and added to
 * the previous point, starting from the ring's encodeOffset. Kept as integers (ECharts divides by
 * UTF8Scale afterwards) so that a vertex shared by two districts compares exactly.
 */
export function decodeEchartsRing(ring: string, offset: readonly [number, number]): [number, number][] {
  const out: [number, number][] = [];
  let px = offset[0];
  let py = offset[1];
  for (let i = 0; i + 1 < ring.length; i += 2) {
    let x = ring.charCodeAt(i) - 64;
    let y = ring.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    out.push([px, py]);
  }
  return out;
}

/**
 * District pairs whose boundaries share at least one vertex, from ECharts' map JSON. Features are
 * matched to districts by code, else by name without its 区/县 suffix (the ECharts file predates
 * 梁平县→梁平区 and 武隆县→武隆区 and keeps their old codes).
 */
export function neighboursFromEchartsGeo(geo: EchartsGeo, districts: readonly DistrictRow[]): [string, string][] {
  const stem = (name: string) => name.replace(/(区|县)$/, '');
  const byCode = new Map(districts.map((d) => [d.code, d.code]));
  const byStem = new Map(districts.map((d) => [stem(d.name), d.code]));
  const owners = new Map<string, Set<string>>();
  for (const f of geo.features) {
    const code = (f.id && byCode.get(f.id)) || byStem.get(stem(f.properties.name));
    if (!code) throw new Error(`map feature ${f.properties.name} matches no district`);
    const g = f.geometry;
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[][];
    const offsets = (g.type === 'Polygon' ? [g.encodeOffsets] : g.encodeOffsets) as [number, number][][] | undefined;
    polygons.forEach((polygon, p) => {
      polygon.forEach((ring, r) => {
        const points = geo.UTF8Encoding
          ? decodeEchartsRing(ring as string, offsets?.[p]?.[r] ?? [0, 0])
          : (ring as [number, number][]);
        for (const [x, y] of points) {
          const key = `${x},${y}`;
          let set = owners.get(key);
          if (!set) {
            set = new Set();
            owners.set(key, set);
          }
          set.add(code);
        }
      });
    });
  }
  const pairs = new Set<string>();
  for (const set of owners.values()) {
    if (set.size < 2) continue;
    const codes = [...set].sort();
    for (let i = 0; i < codes.length; i++)
      for (let j = i + 1; j < codes.length; j++) pairs.add(`${codes[i]}|${codes[j]}`);
  }
  return [...pairs].sort().map((p) => p.split('|') as [string, string]);
}

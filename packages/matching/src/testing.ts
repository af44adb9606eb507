/**
 * Loads the real catalogue from the repository's data/ files, for tests and benchmarks only (the
 * engine itself does no I/O). CSVs here have no quoted fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type Catalog, type CatalogInput, neighboursFromEchartsGeo } from './catalog';

export const DATA_DIR = join(import.meta.dirname, '../../../data');

export function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(DATA_DIR, file), 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

export function loadCatalogInput(): CatalogInput & { majorLevels: string[] } {
  const majors = readCsv('majors-2021.csv');
  const districts = readCsv('chongqing-districts.csv').map((d) => ({ code: d.code, name: d.name }));
  const geo = JSON.parse(readFileSync(join(DATA_DIR, 'chongqing-districts.echarts-geo.json'), 'utf8'));
  return {
    majors: majors.map((m) => ({
      code: m.code,
      name: m.name,
      class_code: m.class_code,
      class_name: m.class_name,
      category_code: m.category_code,
      category_name: m.category_name,
    })),
    majorLevels: majors.map((m) => m.level),
    districts,
    neighbours: neighboursFromEchartsGeo(geo, districts),
    clusters: readCsv('chongqing-33618-clusters.csv').map((c) => ({ cluster: c.cluster })),
    clusterCategories: readCsv('cluster-major-categories.csv').map((r) => ({
      cluster_code: r.cluster_code,
      category_code: r.category_code,
    })),
  };
}

export function loadCatalog(): Catalog {
  return buildCatalog(loadCatalogInput());
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

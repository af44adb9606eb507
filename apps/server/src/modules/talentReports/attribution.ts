/**
 * How a job's accepted majors map to majors: a job names major codes, 专业类 codes or 专业大类
 * codes (mixed); each becomes the set of majors it covers in the 2021 vocational catalogue
 * (ref_majors). A code that is none of these (e.g. an undergraduate major code the catalogue does
 * not hold) stands for itself. The job's whole head count is demand *open to* each major of the set,
 * so figures by major overlap; by 专业类 and in totals each job counts once.
 */
import type { EducationLevelCode } from '@chanjiao/contracts';

export interface MajorRef {
  code: string;
  name: string;
  level: EducationLevelCode | null;
  classCode: string | null;
  className: string | null;
  categoryCode: string | null;
  categoryName: string | null;
}

export interface MajorIndex {
  get(code: string): MajorRef | undefined;
  /** The majors an accepted code covers: itself, its 专业类 or its 专业大类. */
  expand(code: string): readonly string[];
}

const levels = new Set(['secondary', 'associate', 'vocational_bachelor', 'undergraduate']);

export function majorIndex(rows: readonly MajorRef[]): MajorIndex {
  const byCode = new Map<string, MajorRef>();
  const groups = new Map<string, string[]>();
  const add = (key: string | null, code: string) => {
    if (!key) return;
    const list = groups.get(key);
    if (list) list.push(code);
    else groups.set(key, [code]);
  };
  for (const r of rows) {
    byCode.set(r.code, { ...r, level: r.level && levels.has(r.level) ? r.level : null });
    add(`c:${r.classCode}`, r.code);
    add(`g:${r.categoryCode}`, r.code);
  }
  return {
    get: (code) => byCode.get(code),
    expand: (code) => {
      if (byCode.has(code)) return [code];
      return groups.get(`c:${code}`) ?? groups.get(`g:${code}`) ?? [code];
    },
  };
}

/** The distinct majors a job's accepted codes cover, in first-seen order. */
export function expandAccepted(index: MajorIndex, accepted: readonly string[]): string[] {
  if (accepted.length === 1) return [...index.expand(accepted[0]!)];
  const out = new Set<string>();
  for (const code of accepted) for (const m of index.expand(code)) out.add(m);
  return [...out];
}

/** The label of a major code the catalogue does not hold. */
export const unknownMajor = (code: string): MajorRef => ({
  code,
  name: `专业 ${code}`,
  level: null,
  classCode: null,
  className: null,
  categoryCode: null,
  categoryName: null,
});

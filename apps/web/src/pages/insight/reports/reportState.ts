import { type EducationLevelCode, educationLevels } from '@chanjiao/contracts';
import { type PagedQueryState, usePagedQuery } from '../../../components/paged/usePagedQuery';
import { thisYear } from '../format';

/** A report's state in the URL (year, filters, page); the year defaults to this year. */
export function useReportState(keys: readonly string[]): PagedQueryState & { year: number } {
  const state = usePagedQuery(['year', ...keys]);
  const year = Number(state.values.year) || thisYear();
  return { ...state, year };
}

type FilterKey = 'level' | 'schoolOrgId' | 'consortiumId' | 'q';

/** The filter values of a report as its query: set (and valid) ones only, the year always. */
export function reportFilters(
  state: PagedQueryState & { year: number },
  keys: readonly FilterKey[],
): { year: number; level?: EducationLevelCode; schoolOrgId?: string; consortiumId?: string; q?: string } {
  const out: { year: number; level?: EducationLevelCode } & Record<string, unknown> = { year: state.year };
  for (const k of keys) {
    const v = state.values[k];
    if (!v) continue;
    if (k === 'level') {
      if ((educationLevels as readonly string[]).includes(v)) out.level = v as EducationLevelCode;
    } else out[k] = v;
  }
  return out;
}

import { api } from '@chanjiao/contracts';
import { useMemo } from 'react';
import { useApiQuery } from '../../../api/queries';
import type { MajorOption } from '../MajorSelect';

/** The majors of the students the caller sees (from the list's facets), with their counts. */
export function useStudentMajors(): { majors: (MajorOption & { count: number })[]; loading: boolean } {
  const facets = useApiQuery(api.listStudents, { query: { pageSize: 1 } }, { staleTime: 60_000 });
  const majors = useMemo(() => facets.data?.facets.majors ?? [], [facets.data]);
  return { majors, loading: facets.isLoading };
}

/** Select options of those majors: name and code. */
export function majorFilterOptions(majors: readonly MajorOption[]) {
  return majors.map((m) => ({ value: m.code, label: m.name ? `${m.name}（${m.code}）` : m.code }));
}

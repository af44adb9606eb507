import { hasPermission } from '@chanjiao/contracts';
import { Card, Flex, Grid } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/session';
import { FilterBar, type FilterDef } from '../../../components/paged/FilterBar';
import type { PagedQueryState } from '../../../components/paged/usePagedQuery';
import { levelOptions, yearOptions } from '../format';
import { useConsortiumOptions, useSchoolOptions, YearSelect } from '../shared';

type ScopeKey = 'level' | 'schoolOrgId' | 'consortiumId';

/**
 * The 层次, school and consortium filters of a report, in the order of `keys`; the school and
 * consortium ones only for callers who may read several (the server lists those in scope).
 */
export function useScopeFilters(keys: readonly ScopeKey[]): FilterDef[] {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const consortia = useConsortiumOptions(keys.includes('consortiumId') && hasPermission(me, 'consortium.read'));
  const schools = useSchoolOptions(
    keys.includes('schoolOrgId') && !me.roles.includes('school') && hasPermission(me, 'org.read'),
  );
  const defs: Record<ScopeKey, FilterDef | null> = {
    level: {
      kind: 'select',
      key: 'level',
      placeholder: t('insight.students.level'),
      options: levelOptions(),
      width: 130,
    },
    schoolOrgId:
      schools.length > 0
        ? {
            kind: 'select',
            key: 'schoolOrgId',
            placeholder: t('insight.filters.school'),
            options: schools,
            search: true,
            width: 240,
          }
        : null,
    consortiumId:
      consortia.length > 0
        ? {
            kind: 'select',
            key: 'consortiumId',
            placeholder: t('insight.filters.consortium'),
            options: consortia,
            search: true,
            width: 260,
          }
        : null,
  };
  return keys.flatMap((k) => defs[k] ?? []);
}

/** The year and the filters of a report, above it. */
export function ReportFilters({
  state,
  filters,
  searchPlaceholder,
}: {
  state: PagedQueryState & { year: number };
  filters: readonly FilterDef[];
  searchPlaceholder: string;
}) {
  return (
    <Flex wrap gap={8} className="paged-table-toolbar">
      <YearSelect value={state.year} onChange={(year) => state.set({ year })} options={yearOptions()} />
      <FilterBar state={state} filters={filters} searchPlaceholder={searchPlaceholder} />
    </Flex>
  );
}

/** The card around a report's table: little padding on a phone, so the table keeps the width. */
export function TableCard({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  const screens = Grid.useBreakpoint();
  return (
    <Card size="small" styles={{ body: { padding: screens.md ? 12 : 4 } }} style={style}>
      {children}
    </Card>
  );
}

/** What a report says about its figures (sources, what it could not count), in small print under it. */
export function ReportNotes({ notes }: { notes: readonly string[] | undefined }) {
  if (!notes?.length) return null;
  return (
    <ul style={{ paddingInlineStart: 20, marginTop: 12, color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

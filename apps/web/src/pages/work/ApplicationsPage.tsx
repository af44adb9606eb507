import { api, applicationOrigins, applicationStages, jobKinds } from '@chanjiao/contracts';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { useMe } from '../../api/session';
import { ExportButton } from '../../components/ExportButton';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { applicationColumns, useApplicationActions } from './applications';
import { talentOptions } from './talentLabels';

/**
 * 投递管理: every application and invitation in the caller's scope (the enterprise's jobs, the
 * school's students), filtered by stage, kind, origin and job, with stage moves and export.
 */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const jobs = useApiQuery(api.listJobs, { query: { pageSize: 200 } }, { staleTime: 30_000 });
  const { actions, dialogs } = useApplicationActions();
  const isStudent = me.permissions.includes('student.self');
  const columns = applicationColumns(t, { job: true, student: !isStudent, actions });

  const filters: FilterDef[] = [
    {
      kind: 'select',
      key: 'stage',
      placeholder: t('work.app.stage'),
      options: talentOptions('stage', applicationStages),
      width: 130,
    },
    {
      kind: 'select',
      key: 'kind',
      placeholder: t('work.job.kind'),
      options: talentOptions('jobKind', jobKinds),
      width: 130,
    },
    {
      kind: 'select',
      key: 'origin',
      placeholder: t('work.app.origin'),
      options: talentOptions('origin', applicationOrigins),
      width: 130,
    },
    {
      kind: 'select',
      key: 'jobId',
      placeholder: t('work.app.job'),
      options: (jobs.data?.items ?? []).map((j) => ({ value: j.id, label: j.title })),
      search: true,
      width: 240,
    },
  ];

  return (
    <PageContainer title={t('work.menu.applications')}>
      <PagedTable
        descriptor={api.listApplications}
        rowKey="id"
        columns={columns}
        filters={filters}
        searchPlaceholder={t('work.app.search')}
        emptyText={t('work.app.empty')}
        actions={(state) => (
          <ExportButton
            run={() =>
              download(api.exportApplications, { query: exportQuery(state) }, `${t('work.menu.applications')}.xlsx`)
            }
            testId="applications-export"
          />
        )}
        testId="applications-table"
      />
      {dialogs}
    </PageContainer>
  );
}

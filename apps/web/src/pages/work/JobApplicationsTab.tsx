import { type ApplicationItem, type ApplicationStage, api, applicationStages, type JobItem } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Card, Flex, Grid, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { DataTable, QueryError } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { applicationColumns, useApplicationActions } from './applications';
import { talentOptions } from './talentLabels';

/** 投递记录 of one job: applications and invitations with their stage moves and history. */
export function JobApplicationsTab({ job }: { job: JobItem }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [stage, setStage] = useState<ApplicationStage | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = { jobId: job.id, ...(stage ? { stage } : {}) };
  const list = useApiQuery(
    api.listApplications,
    { query: { ...query, page, pageSize } },
    { placeholderData: keepPreviousData },
  );
  const { actions, dialogs } = useApplicationActions();
  const columns = applicationColumns(t, { job: false, student: true, actions });

  return (
    <Card size="small" data-testid="job-applications">
      <Flex wrap gap={8} justify="space-between" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('work.app.stage')}
          options={talentOptions('stage', applicationStages)}
          value={stage ?? null}
          onChange={(v: ApplicationStage | undefined) => {
            setStage(v);
            setPage(1);
          }}
          style={{ width: screens.sm ? 150 : '100%' }}
        />
        <ExportButton
          run={() =>
            download(api.exportApplications, { query }, `${job.title}-${t('work.job.tabs.applications')}.xlsx`)
          }
        />
      </Flex>
      <QueryError query={list} />
      <DataTable<ApplicationItem>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        query={list}
        emptyText={stage ? t('table.noMatch') : t('work.app.emptyJob')}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('table.total', { total }),
          simple: !screens.sm,
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        testId="job-applications-table"
      />
      {dialogs}
    </Card>
  );
}

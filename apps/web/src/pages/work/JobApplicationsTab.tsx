import { DownloadOutlined } from '@ant-design/icons';
import { type ApplicationItem, type ApplicationStage, api, applicationStages, type JobItem } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Grid, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { useErrorText, useShowError } from '../../components/useShowError';
import { applicationColumns, useApplicationActions } from './applications';
import { talentOptions } from './talentLabels';

/** 投递记录 of one job: applications and invitations with their stage moves and history. */
export function JobApplicationsTab({ job }: { job: JobItem }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const showError = useShowError();
  const screens = Grid.useBreakpoint();
  const [stage, setStage] = useState<ApplicationStage | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [exporting, setExporting] = useState(false);
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
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => {
            setExporting(true);
            download(api.exportApplications, { query }, `${job.title}-${t('work.job.tabs.applications')}.xlsx`)
              .catch(showError)
              .finally(() => setExporting(false));
          }}
        >
          {t('common.export')}
        </Button>
      </Flex>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Table<ApplicationItem>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        size={screens.md ? 'middle' : 'small'}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={list.isLoading ? t('common.loading') : stage ? t('table.noMatch') : t('work.app.emptyJob')}
            />
          ),
        }}
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
        data-testid="job-applications-table"
      />
      {dialogs}
    </Card>
  );
}

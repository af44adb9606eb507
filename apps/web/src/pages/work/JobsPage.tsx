import { CheckCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  api,
  educationLevels,
  hasPermission,
  type JobFacets,
  type JobItem,
  jobKinds,
  jobStatuses,
} from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, Flex, Popconfirm, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { useMe } from '../../api/session';
import { ExportButton } from '../../components/ExportButton';
import { PageContainer } from '../../components/PageContainer';
import { type FilterDef, filterKeys } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { useDeletedToggle } from '../../components/paged/useDeletedToggle';
import { exportQuery, usePagedQuery } from '../../components/paged/usePagedQuery';
import { DeleteAction, EditAction, RestoreAction } from '../../components/RowActions';
import { useClusters, useDistrictOptions } from '../../components/registry/refs';
import { JobFormModal } from './JobFormModal';
import { useJobActions } from './jobActions';
import { jobStatusColor, salaryText, talentLabel, talentOptions } from './talentLabels';

/** Options with the list's facet counts: 「已发布 (12)」; values with jobs first for long lists. */
function withCounts(
  options: { value: string; label: string }[],
  buckets: JobFacets[keyof JobFacets] | undefined,
  sortByCount = false,
) {
  if (!buckets) return options;
  const counts = new Map(buckets.map((b) => [b.value, b.count]));
  const out = options.map((o) => ({ ...o, label: `${o.label} (${counts.get(o.value) ?? 0})` }));
  return sortByCount ? out.sort((a, b) => (counts.get(b.value) ?? 0) - (counts.get(a.value) ?? 0)) : out;
}

/**
 * 岗位需求: the job demands in the caller's scope, searched in Chinese, filtered with facet counts;
 * job.write holders publish, edit, close, delete and restore their jobs.
 */
export default function JobsPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canWrite = hasPermission(me, 'job.write');
  const districts = useDistrictOptions();
  const clusters = useClusters();
  const actions = useJobActions();
  const [editing, setEditing] = useState<JobItem | null>(null);
  const [creating, setCreating] = useState(false);
  const deleted = useDeletedToggle<JobItem>(canWrite, {
    current: t('work.job.current'),
    deleted: t('work.job.deletedView'),
    deletedAt: t('work.job.deletedAt'),
  });
  const showDeleted = deleted.showDeleted;
  const thisYear = dayjs().year();

  // The same list query the table sends, read here for its facet counts (one request, shared cache).
  const keys = ['status', 'kind', 'clusterCode', 'districtCode', 'minLevel', 'year'];
  const state = usePagedQuery([...filterKeys(deleted.filters), ...keys]);
  const list = useApiQuery(api.listJobs, { query: state.query }, { placeholderData: keepPreviousData });
  const facets = list.data?.facets;

  const filters: FilterDef[] = [
    ...deleted.filters,
    {
      kind: 'select',
      key: 'status',
      placeholder: t('work.job.status'),
      options: withCounts(talentOptions('jobStatus', jobStatuses), facets?.status),
      width: 130,
    },
    {
      kind: 'select',
      key: 'kind',
      placeholder: t('work.job.kind'),
      options: withCounts(talentOptions('jobKind', jobKinds), facets?.kind),
      width: 130,
    },
    {
      kind: 'select',
      key: 'clusterCode',
      placeholder: t('work.job.cluster'),
      options: withCounts(clusters.options, facets?.clusterCode, true),
      width: 210,
    },
    {
      kind: 'select',
      key: 'districtCode',
      placeholder: t('work.job.district'),
      options: withCounts(districts, facets?.districtCode, true),
      search: true,
      width: 150,
    },
    {
      kind: 'select',
      key: 'minLevel',
      placeholder: t('work.job.minLevel'),
      options: talentOptions('level', educationLevels),
      width: 150,
    },
    {
      kind: 'select',
      key: 'year',
      placeholder: t('work.job.year'),
      options: [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((y) => ({
        value: String(y),
        label: String(y),
      })),
      width: 100,
    },
  ];

  const columns: ColumnsType<JobItem> = [
    {
      title: t('work.job.title'),
      dataIndex: 'title',
      render: (v: string, j) => (
        <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
          {j.deletedAt ? (
            v
          ) : (
            <Link to={`/talent/jobs/${j.id}`} data-testid="job-link">
              {v}
            </Link>
          )}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {j.orgName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('work.job.status'),
      dataIndex: 'status',
      render: (v: JobItem['status']) => (
        <Tag color={jobStatusColor[v]} style={{ marginInlineEnd: 0 }} data-testid="job-status">
          {talentLabel('jobStatus', v)}
        </Tag>
      ),
    },
    { title: t('work.job.kind'), dataIndex: 'kind', render: (v: JobItem['kind']) => talentLabel('jobKind', v) },
    {
      title: t('work.job.cluster'),
      dataIndex: 'clusterName',
      render: (v: string | null) => (v ? <Tag style={{ marginInlineEnd: 0 }}>{v}</Tag> : '—'),
    },
    { title: t('work.job.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    { title: t('work.job.minLevel'), dataIndex: 'minLevel', render: (v: string) => talentLabel('level', v) },
    { title: t('work.job.headCount'), dataIndex: 'headCount', align: 'right' },
    {
      title: t('work.job.salary'),
      key: 'salary',
      render: (_, j) => <span style={{ whiteSpace: 'nowrap' }}>{salaryText(j.salaryMin, j.salaryMax)}</span>,
    },
    { title: t('work.job.validUntil'), dataIndex: 'validUntil', render: (v: string | null) => v ?? '—' },
  ];
  columns.push(...deleted.columns);
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, j) =>
        !j.canEdit ? null : j.deletedAt ? (
          <RestoreAction
            confirm={t('work.job.restoreConfirm', { title: j.title })}
            label={t('work.job.restore')}
            onConfirm={() => actions.restore(j)}
            testId={`job-restore-${j.id}`}
          />
        ) : (
          <Space size={0}>
            <EditAction onClick={() => setEditing(j)} />
            {j.status === 'published' ? (
              <Popconfirm
                title={t('work.job.closeConfirm', { title: j.title })}
                description={t('work.job.closeHint')}
                okText={t('work.job.close')}
                cancelText={t('common.cancel')}
                onConfirm={() => actions.close(j)}
              >
                <Button type="link" size="small" icon={<StopOutlined />} data-testid={`job-close-${j.id}`}>
                  {t('work.job.close')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                icon={<CheckCircleOutlined />}
                onClick={() => actions.publish(j)}
                data-testid={`job-publish-${j.id}`}
              >
                {t('work.job.publish')}
              </Button>
            )}
            <DeleteAction
              confirm={t('work.job.deleteConfirm', { title: j.title })}
              hint={t('work.job.deleteHint')}
              onConfirm={() => actions.remove(j)}
              testId={`job-delete-${j.id}`}
            />
          </Space>
        ),
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="job-create">
      {t('work.job.create')}
    </Button>
  );

  return (
    <PageContainer title={t('work.menu.jobs')} extra={canWrite && createButton}>
      <PagedTable
        descriptor={api.listJobs}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('work.job.search')}
        filters={filters}
        emptyText={showDeleted ? t('work.job.noDeleted') : canWrite ? t('work.job.emptyWriter') : t('work.job.empty')}
        emptyAction={canWrite && !showDeleted ? createButton : null}
        actions={(s) => (
          <Flex gap={8}>
            <ExportButton
              run={() => download(api.exportJobs, { query: exportQuery(s) }, `${t('work.menu.jobs')}.xlsx`)}
              testId="jobs-export"
            />
          </Flex>
        )}
        testId="jobs-table"
      />
      {canWrite && (
        <JobFormModal
          open={creating || editing !== null}
          job={editing}
          onClose={() => {
            setCreating(false);
            setEditing(null);
          }}
        />
      )}
    </PageContainer>
  );
}

import { api, type JobItem, jobKindLabels } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Drawer, Empty, Flex, Grid, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../../api/queries';
import { QueryError } from '../../../components/DataTable';
import { currentLanguage } from '../../../i18n';
import { levelLabel } from '../format';

/** The published jobs open to one major (directly or through its 专业类 / 专业大类), page by page. */
export function MajorJobsDrawer({
  major,
  onClose,
}: {
  major: { code: string; name: string | null } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // The page of the major on show; another major starts on page 1.
  const [paging, setPaging] = useState({ code: '', page: 1 });
  const page = paging.code === major?.code ? paging.page : 1;
  const setPage = (p: number) => setPaging({ code: major?.code ?? '', page: p });
  const list = useApiQuery(
    api.listJobs,
    { query: { major: major?.code ?? '', status: 'published', page, pageSize: 10 } },
    { enabled: major !== null, placeholderData: keepPreviousData },
  );

  const columns: ColumnsType<JobItem> = [
    {
      title: t('insight.majors.job'),
      dataIndex: 'title',
      render: (v: string, j) => (
        <div style={{ minWidth: 140, maxWidth: 260, whiteSpace: 'normal' }}>
          <Link to={`/talent/jobs/${j.id}`} style={{ display: 'block' }} data-testid="major-job-link">
            {v}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {j.orgName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('insight.majors.kind'),
      dataIndex: 'kind',
      render: (v: JobItem['kind']) => <Tag style={{ marginInlineEnd: 0 }}>{jobKindLabels[v][currentLanguage()]}</Tag>,
    },
    { title: t('insight.majors.headCount'), dataIndex: 'headCount', align: 'right' },
    { title: t('insight.majors.minLevel'), dataIndex: 'minLevel', render: (v: string) => levelLabel(v) },
    { title: t('insight.students.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    {
      title: t('insight.majors.salary'),
      key: 'salary',
      render: (_, j) =>
        j.salaryMin === null && j.salaryMax === null ? (
          '—'
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>
            {j.salaryMin ?? '…'}–{j.salaryMax ?? '…'}
          </span>
        ),
    },
    {
      title: t('insight.majors.accepts'),
      dataIndex: 'majorLabels',
      render: (labels: JobItem['majorLabels']) => (
        <Flex wrap gap={4} style={{ maxWidth: 240 }}>
          {labels.length === 0 ? (
            <Typography.Text type="secondary">{t('insight.majors.anyMajor')}</Typography.Text>
          ) : (
            labels.map((l) => (
              <Tag key={l.code} color={l.code === major?.code ? 'blue' : undefined} style={{ marginInlineEnd: 0 }}>
                {l.name}
              </Tag>
            ))
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Drawer
      open={major !== null}
      onClose={onClose}
      title={major ? t('insight.majors.jobsTitle', { major: major.name ?? major.code }) : ''}
      size={screens.md ? 960 : '100%'}
      data-testid="major-jobs-drawer"
    >
      <QueryError query={list} />
      <Table<JobItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insight.majors.noJobs')} />,
        }}
        pagination={{
          current: page,
          pageSize: 10,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          simple: !screens.sm,
          showTotal: (total) => t('table.total', { total }),
          onChange: setPage,
        }}
        data-testid="major-jobs-table"
      />
    </Drawer>
  );
}

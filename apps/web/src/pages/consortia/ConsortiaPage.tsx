import { PlusOutlined } from '@ant-design/icons';
import { api, type ConsortiumItem, consortiumLevels, consortiumStatuses, hasPermission } from '@chanjiao/contracts';
import { Button, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download } from '../../api/request';
import { useMe } from '../../api/session';
import { ExportButton } from '../../components/ExportButton';
import { codeLabel, codeOptions } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { useClusters } from '../../components/registry/refs';
import { ConsortiumFormModal } from './ConsortiumFormModal';
import { StatusTag } from './StatusTag';

/** 产教联合体: consortia in the caller's data scope (the server filters); officials register new ones. */
export default function ConsortiaPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canCreate = hasPermission(me, 'consortium.create');
  const clusters = useClusters();
  const [creating, setCreating] = useState(false);

  const columns: ColumnsType<ConsortiumItem> = [
    {
      title: t('consortia.name'),
      dataIndex: 'name',
      render: (v: string, c) => (
        <div style={{ minWidth: 200, maxWidth: 360, whiteSpace: 'normal' }}>
          <Link to={`/consortia/${c.id}`} data-testid="consortium-link">
            {v}
          </Link>
        </div>
      ),
    },
    {
      title: t('consortia.level'),
      dataIndex: 'level',
      render: (v: ConsortiumItem['level']) => <Tag color="geekblue">{codeLabel('consortiumLevel', v)}</Tag>,
    },
    {
      title: t('consortia.status'),
      dataIndex: 'status',
      render: (v: ConsortiumItem['status']) => <StatusTag status={v} />,
    },
    { title: t('consortia.foundedOn'), dataIndex: 'foundedOn', render: (v: string | null) => v ?? '—' },
    { title: t('consortia.memberCount'), dataIndex: 'memberCount', align: 'right' },
  ];

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="consortium-create">
      {t('consortia.create')}
    </Button>
  );

  return (
    <PageContainer title={t('menu.consortia')} extra={canCreate && createButton}>
      <PagedTable
        descriptor={api.listConsortia}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('consortia.search')}
        filters={[
          {
            kind: 'select',
            key: 'level',
            placeholder: t('consortia.level'),
            options: codeOptions('consortiumLevel', consortiumLevels),
            width: 160,
          },
          {
            kind: 'select',
            key: 'status',
            placeholder: t('consortia.status'),
            options: codeOptions('consortiumStatus', consortiumStatuses),
            width: 130,
          },
          {
            kind: 'select',
            key: 'clusterCode',
            placeholder: t('orgs.cluster'),
            options: clusters.options,
            width: 200,
          },
        ]}
        emptyText={t('consortia.empty')}
        emptyAction={canCreate ? createButton : null}
        actions={(state) => (
          <ExportButton
            run={() => download(api.exportConsortia, { query: exportQuery(state) }, `${t('menu.consortia')}.xlsx`)}
            testId="consortia-export"
          />
        )}
        testId="consortia-table"
      />
      <ConsortiumFormModal open={creating} consortium={null} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}

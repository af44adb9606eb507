import { api, type ConsortiumItem, consortiumLevels } from '@chanjiao/contracts';
import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../components/PageContainer';
import { PagedTable } from '../../components/paged/PagedTable';

/** 联合体: consortia in the caller's data scope (the server filters). */
export default function ConsortiaPage() {
  const { t } = useTranslation();
  const columns: ColumnsType<ConsortiumItem> = [
    { title: t('consortia.name'), dataIndex: 'name' },
    {
      title: t('consortia.level'),
      dataIndex: 'level',
      render: (v: ConsortiumItem['level']) => <Tag color="geekblue">{t(`consortia.levels.${v}`)}</Tag>,
    },
    {
      title: t('consortia.status'),
      dataIndex: 'status',
      render: (v: string) => t(`consortia.statuses.${v}`, { defaultValue: v }),
    },
    { title: t('consortia.foundedOn'), dataIndex: 'foundedOn', render: (v: string | null) => v ?? '—' },
    { title: t('consortia.memberCount'), dataIndex: 'memberCount', align: 'right' },
  ];
  return (
    <PageContainer title={t('menu.consortia')}>
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
            options: consortiumLevels.map((v) => ({ value: v, label: t(`consortia.levels.${v}`) })),
            width: 170,
          },
        ]}
        testId="consortia-table"
      />
    </PageContainer>
  );
}

import { api, type OrgItem, orgTypes } from '@chanjiao/contracts';
import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { PagedTable } from '../../components/paged/PagedTable';

/** 单位: organizations in the caller's data scope (the server filters). */
export default function OrgsPage() {
  const { t } = useTranslation();
  const columns: ColumnsType<OrgItem> = [
    { title: t('orgs.name'), dataIndex: 'name' },
    { title: t('orgs.type'), dataIndex: 'type', render: (v: OrgItem['type']) => <Tag>{t(`orgs.types.${v}`)}</Tag> },
    { title: t('orgs.creditCode'), dataIndex: 'creditCode', render: (v: string | null) => v ?? '—' },
    { title: t('orgs.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    { title: t('orgs.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v) },
  ];
  return (
    <PageContainer title={t('menu.orgs')}>
      <PagedTable
        descriptor={api.listOrgs}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('orgs.search')}
        filters={[
          {
            kind: 'select',
            key: 'type',
            placeholder: t('orgs.type'),
            options: orgTypes.map((v) => ({ value: v, label: t(`orgs.types.${v}`) })),
          },
        ]}
        testId="orgs-table"
      />
    </PageContainer>
  );
}

import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { api, certificationKinds, hasPermission, type OrgItem, orgTypes, schoolLevels } from '@chanjiao/contracts';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { download } from '../../api/request';
import { useMe } from '../../api/session';
import { codeLabel, codeOptions } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { useClusters, useDistrictOptions } from '../../components/registry/refs';
import { useShowError } from '../../components/useShowError';
import { OrgFormModal } from './OrgFormModal';

/** 单位名录: organizations in the caller's data scope (the server filters), searchable and exportable. */
export default function OrgsPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canCreate = hasPermission(me, 'org.create');
  const showError = useShowError();
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [sp] = useSearchParams();
  const districts = useDistrictOptions();
  const clusters = useClusters();

  const columns: ColumnsType<OrgItem> = [
    {
      title: t('orgs.name'),
      dataIndex: 'name',
      render: (v: string, o) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/orgs/${o.id}`} data-testid="org-link">
            {v}
          </Link>
          {o.abbreviation && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {o.abbreviation}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('orgs.type'),
      dataIndex: 'type',
      render: (v: OrgItem['type'], o) => (
        <Space size={4}>
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {codeLabel('orgType', v)}
          </Tag>
          {o.schoolLevel && <Tag style={{ marginInlineEnd: 0 }}>{codeLabel('schoolLevel', o.schoolLevel)}</Tag>}
        </Space>
      ),
    },
    {
      title: t('orgs.creditCode'),
      dataIndex: 'creditCode',
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
    },
    { title: t('orgs.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    {
      title: t('orgs.clusters'),
      dataIndex: 'clusterCodes',
      render: (codes: string[]) =>
        codes.length === 0 ? (
          '—'
        ) : (
          <Space size={[4, 4]} wrap style={{ maxWidth: 280 }}>
            {codes.map((c) => (
              <Tag key={c} style={{ marginInlineEnd: 0 }}>
                {clusters.names.get(c) ?? c}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('orgs.aboveScale'),
      dataIndex: 'aboveScale',
      render: (v: boolean) => (v ? <Tag color="green">{t('orgs.aboveScaleYes')}</Tag> : '—'),
    },
  ];

  const filters: FilterDef[] = [
    { kind: 'select', key: 'type', placeholder: t('orgs.type'), options: codeOptions('orgType', orgTypes), width: 130 },
    ...(sp.get('type') === 'school'
      ? [
          {
            kind: 'select',
            key: 'schoolLevel',
            placeholder: t('orgs.schoolLevel'),
            options: codeOptions('schoolLevel', schoolLevels),
            width: 130,
          } as const,
        ]
      : []),
    {
      kind: 'select',
      key: 'districtCode',
      placeholder: t('orgs.district'),
      options: districts,
      search: true,
      width: 140,
    },
    { kind: 'select', key: 'clusterCode', placeholder: t('orgs.cluster'), options: clusters.options, width: 200 },
    {
      kind: 'select',
      key: 'certification',
      placeholder: t('orgs.certification'),
      options: codeOptions('certificationKind', certificationKinds),
      width: 170,
    },
    {
      kind: 'select',
      key: 'aboveScale',
      placeholder: t('orgs.aboveScale'),
      options: [
        { value: 'true', label: t('orgs.aboveScaleYes') },
        { value: 'false', label: t('orgs.aboveScaleNo') },
      ],
      width: 120,
    },
  ];

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-create">
      {t('orgs.create')}
    </Button>
  );

  return (
    <PageContainer title={t('menu.orgs')} extra={canCreate && createButton}>
      <PagedTable
        descriptor={api.listOrgs}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('orgs.search')}
        filters={filters}
        emptyText={t('orgs.empty')}
        emptyAction={canCreate ? createButton : null}
        actions={(state) => (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={() => {
              setExporting(true);
              download(api.exportOrgs, { query: exportQuery(state) }, `${t('menu.orgs')}.xlsx`)
                .catch(showError)
                .finally(() => setExporting(false));
            }}
            data-testid="orgs-export"
          >
            {t('common.export')}
          </Button>
        )}
        testId="orgs-table"
      />
      <OrgFormModal open={creating} org={null} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { api, certificationKinds, hasPermission, type OrgItem, orgTypes, schoolLevels } from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { routeKey } from '../../api/queries';
import { download, request, upload } from '../../api/request';
import { useMe } from '../../api/session';
import { ExportButton } from '../../components/ExportButton';
import { ImportButton } from '../../components/imports/ImportButton';
import { codeLabel, codeOptions } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { useDeletedToggle } from '../../components/paged/useDeletedToggle';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { DeleteAction, RestoreAction } from '../../components/RowActions';
import { useClusters, useDistrictOptions } from '../../components/registry/refs';
import { useAction } from '../../components/useAction';
import { OrgFormModal } from './OrgFormModal';
import { useOrgSaved } from './OrgItemModals';

/**
 * 单位名录: organizations in the caller's data scope (the server filters), searchable, exportable,
 * imported in bulk; writers delete them and restore them from the 「已删除」 view.
 */
export default function OrgsPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canCreate = hasPermission(me, 'org.create');
  const canWrite = hasPermission(me, 'org.write');
  const queryClient = useQueryClient();
  const saved = useOrgSaved();
  const [creating, setCreating] = useState(false);
  const [sp] = useSearchParams();
  const deleted = useDeletedToggle<OrgItem>(canWrite, {
    current: t('orgs.registered'),
    deleted: t('orgs.deleted'),
    deletedAt: t('orgs.deletedAt'),
  });
  const showDeleted = deleted.showDeleted;
  const districts = useDistrictOptions();
  const clusters = useClusters();

  const remove = useAction((o: OrgItem) => request(api.deleteOrg, { params: { id: o.id } }), {
    after: (o) => saved(o),
    done: (o) => t('orgs.deletedOrg', { name: o.name }),
  });
  const restore = useAction((o: OrgItem) => request(api.restoreOrg, { params: { id: o.id } }), {
    after: (o) => saved(o),
    done: (o) => t('orgs.restored', { name: o.name }),
  });
  const imported = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: routeKey(api.listOrgs) }),
    [queryClient],
  );

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
  columns.push(...deleted.columns);
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, o) =>
        o.deletedAt ? (
          <RestoreAction
            confirm={t('orgs.restoreConfirm', { name: o.name })}
            label={t('orgs.restore')}
            onConfirm={() => restore.mutateAsync(o).catch(() => undefined)}
            testId={`org-restore-${o.id}`}
          />
        ) : (
          <DeleteAction
            confirm={t('orgs.deleteConfirm', { name: o.name })}
            hint={t('orgs.deleteConfirmHint')}
            onConfirm={() => remove.mutateAsync(o).catch(() => undefined)}
            testId={`org-delete-${o.id}`}
          />
        ),
    });

  const filters: FilterDef[] = [
    ...deleted.filters,
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

  const importButton = (
    <ImportButton
      label={t('imports.open')}
      title={t('orgs.importTitle')}
      hint={t('orgs.importHint')}
      template={{ descriptor: api.orgImportTemplate, fileName: `${t('orgs.importTemplate')}.xlsx` }}
      start={(file) => upload(api.importOrgs, { body: {}, file, fileName: file.name })}
      onDone={imported}
      testId="org-import"
    />
  );

  return (
    <PageContainer
      title={t('menu.orgs')}
      extra={
        canCreate && (
          <>
            {importButton}
            {createButton}
          </>
        )
      }
    >
      <PagedTable
        descriptor={api.listOrgs}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('orgs.search')}
        filters={filters}
        emptyText={showDeleted ? t('orgs.noDeleted') : t('orgs.empty')}
        emptyAction={canCreate && !showDeleted ? createButton : null}
        actions={(state) => (
          <ExportButton
            run={() => download(api.exportOrgs, { query: exportQuery(state) }, `${t('menu.orgs')}.xlsx`)}
            testId="orgs-export"
          />
        )}
        testId="orgs-table"
      />
      <OrgFormModal open={creating} org={null} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}

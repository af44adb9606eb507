import { DeleteOutlined, DownloadOutlined, PlusOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { api, certificationKinds, hasPermission, type OrgItem, orgTypes, schoolLevels } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { routeKey } from '../../api/queries';
import { download, request, upload } from '../../api/request';
import { useMe } from '../../api/session';
import { ImportDialog } from '../../components/imports/ImportDialog';
import { codeLabel, codeOptions, formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { useClusters, useDistrictOptions } from '../../components/registry/refs';
import { useShowError } from '../../components/useShowError';
import { OrgFormModal } from './OrgFormModal';
import { useOrgSaved } from './OrgItemModals';

/**
 * 单位名录: organizations in the caller's data scope (the server filters), searchable, exportable,
 * imported in bulk; writers delete them and restore them from the 「已删除」 view.
 */
export default function OrgsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!.user;
  const canCreate = hasPermission(me, 'org.create');
  const canWrite = hasPermission(me, 'org.write');
  const showError = useShowError();
  const queryClient = useQueryClient();
  const saved = useOrgSaved();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [sp] = useSearchParams();
  const showDeleted = canWrite && sp.get('deleted') === 'true';
  const districts = useDistrictOptions();
  const clusters = useClusters();

  const remove = useMutation({
    mutationFn: (o: OrgItem) => request(api.deleteOrg, { params: { id: o.id } }),
    onSuccess: (o) => {
      saved(o);
      message.success(t('orgs.deletedOrg', { name: o.name }));
    },
    onError: showError,
  });
  const restore = useMutation({
    mutationFn: (o: OrgItem) => request(api.restoreOrg, { params: { id: o.id } }),
    onSuccess: (o) => {
      saved(o);
      message.success(t('orgs.restored', { name: o.name }));
    },
    onError: showError,
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
  if (showDeleted)
    columns.push({ title: t('orgs.deletedAt'), dataIndex: 'deletedAt', render: (v: string | null) => formatTime(v) });
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, o) =>
        o.deletedAt ? (
          <Popconfirm
            title={t('orgs.restoreConfirm', { name: o.name })}
            okText={t('orgs.restore')}
            cancelText={t('common.cancel')}
            onConfirm={() => restore.mutateAsync(o).catch(() => undefined)}
          >
            <Button type="link" size="small" icon={<UndoOutlined />} data-testid={`org-restore-${o.id}`}>
              {t('orgs.restore')}
            </Button>
          </Popconfirm>
        ) : (
          <Popconfirm
            title={t('orgs.deleteConfirm', { name: o.name })}
            description={t('orgs.deleteConfirmHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutateAsync(o).catch(() => undefined)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`org-delete-${o.id}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        ),
    });

  const filters: FilterDef[] = [
    ...(canWrite
      ? [
          {
            kind: 'segmented' as const,
            key: 'deleted',
            options: [
              { value: 'false', label: t('orgs.registered') },
              { value: 'true', label: t('orgs.deleted') },
            ],
          },
        ]
      : []),
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
    <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="org-import">
      {t('imports.open')}
    </Button>
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
      {canCreate && (
        <ImportDialog
          open={importing}
          onClose={() => setImporting(false)}
          title={t('orgs.importTitle')}
          hint={t('orgs.importHint')}
          template={{ descriptor: api.orgImportTemplate, fileName: `${t('orgs.importTemplate')}.xlsx` }}
          start={(file) => upload(api.importOrgs, { body: {}, file, fileName: file.name })}
          onDone={imported}
          testId="org-import"
        />
      )}
    </PageContainer>
  );
}

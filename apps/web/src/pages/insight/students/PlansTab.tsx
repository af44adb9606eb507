import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api, hasPermission, type PlanItem } from '@chanjiao/contracts';
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../../../api/queries';
import { download, request, upload } from '../../../api/request';
import { useMe } from '../../../api/session';
import { ImportDialog } from '../../../components/imports/ImportDialog';
import { filterKeys } from '../../../components/paged/FilterBar';
import { PagedTable } from '../../../components/paged/PagedTable';
import { exportQuery, usePagedQuery } from '../../../components/paged/usePagedQuery';
import { useShowError } from '../../../components/useShowError';
import { count, percent } from '../format';
import { MajorCell, useSupplyFilters } from './CohortsTab';
import { PlanFormModal } from './PlanFormModal';
import { useStudentMajors } from './useSupply';

/** 招生计划: planned and actual enrolment of each major and year; the school edits its own. */
export function PlansTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!.user;
  const canWrite = hasPermission(me, 'student.write');
  const isSchoolUser = me.roles.includes('school');
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<PlanItem | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { majors } = useStudentMajors();
  const filters = useSupplyFilters(isSchoolUser);
  const state = usePagedQuery(filterKeys(filters));
  const list = useApiQuery(api.listPlans, { query: state.query }, { placeholderData: keepPreviousData });
  const totals = list.data?.totals;

  const saved = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listPlans) });
  }, [queryClient]);
  const remove = useMutation({
    mutationFn: (p: PlanItem) => request(api.deletePlan, { params: { id: p.id } }),
    onSuccess: (_, p) => {
      saved();
      message.success(t('insight.plans.deleted', { major: p.majorName ?? p.majorCode, year: p.year }));
    },
    onError: showError,
  });

  const columns: ColumnsType<PlanItem> = [];
  if (!isSchoolUser)
    columns.push({
      title: t('insight.students.school'),
      dataIndex: 'schoolName',
      render: (v: string) => <div style={{ minWidth: 140, maxWidth: 220, whiteSpace: 'normal' }}>{v}</div>,
    });
  columns.push(
    { title: t('insight.cohorts.year'), dataIndex: 'year' },
    {
      title: t('insight.students.major'),
      dataIndex: 'majorCode',
      render: (code: string, p) => <MajorCell code={code} name={p.majorName} />,
    },
    { title: t('insight.plans.planned'), dataIndex: 'planned', align: 'right', render: (v: number) => count(v) },
    { title: t('insight.plans.actual'), dataIndex: 'actual', align: 'right', render: (v: number | null) => count(v) },
    {
      title: t('insight.plans.fulfilment'),
      dataIndex: 'fulfilmentRate',
      align: 'right',
      render: (v: number | null) => percent(v),
    },
  );
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, p) =>
        p.canEdit ? (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('insight.plans.deleteConfirm', { major: p.majorName ?? p.majorCode, year: p.year })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync(p).catch(() => undefined)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="plan-create">
      {t('insight.plans.create')}
    </Button>
  );

  return (
    <>
      {totals && totals.planned > 0 && (
        <Typography.Paragraph type="secondary" data-testid="plan-totals">
          {t('insight.plans.totals', { planned: count(totals.planned), actual: count(totals.actual) })}
        </Typography.Paragraph>
      )}
      <PagedTable
        descriptor={api.listPlans}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('insight.cohorts.search')}
        filters={filters}
        emptyText={t('insight.plans.empty')}
        emptyAction={canWrite ? createButton : null}
        actions={(s) => (
          <>
            {canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="plan-import">
                {t('insight.import')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => {
                setExporting(true);
                download(api.exportPlans, { query: exportQuery(s) }, `${t('insight.plans.fileName')}.xlsx`)
                  .catch(showError)
                  .finally(() => setExporting(false));
              }}
              data-testid="plans-export"
            >
              {t('common.export')}
            </Button>
            {canWrite && createButton}
          </>
        )}
        testId="plans-table"
      />
      {canWrite && (
        <>
          <PlanFormModal
            open={editing !== undefined}
            plan={editing ?? null}
            known={majors}
            onClose={() => setEditing(undefined)}
            onSaved={saved}
          />
          <ImportDialog
            open={importing}
            onClose={() => setImporting(false)}
            title={t('insight.plans.importTitle')}
            hint={t('insight.plans.importHint')}
            matchedBy={t('insight.plans.importKey')}
            template={{ descriptor: api.planImportTemplate, fileName: `${t('insight.plans.templateName')}.xlsx` }}
            start={(file) => upload(api.importPlans, { body: {}, file, fileName: file.name })}
            onDone={saved}
            testId="plan-import"
          />
        </>
      )}
    </>
  );
}

import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api, type CohortItem, destinations, hasPermission } from '@chanjiao/contracts';
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../../../api/queries';
import { download, request, upload } from '../../../api/request';
import { useMe } from '../../../api/session';
import { ImportDialog } from '../../../components/imports/ImportDialog';
import { type FilterDef, filterKeys } from '../../../components/paged/FilterBar';
import { PagedTable } from '../../../components/paged/PagedTable';
import { exportQuery, usePagedQuery } from '../../../components/paged/usePagedQuery';
import { useShowError } from '../../../components/useShowError';
import { count, destinationLabel, percent, thisYear, yearOptions } from '../format';
import { useSchoolOptions } from '../shared';
import { CohortFormModal } from './CohortFormModal';
import { majorFilterOptions, useStudentMajors } from './useSupply';

/** The school and major cell shared by the cohort and plan tables. */
export function MajorCell({ code, name }: { code: string; name: string | null }) {
  return (
    <div style={{ minWidth: 120, maxWidth: 200, whiteSpace: 'normal' }}>
      {name ?? code}
      <Typography.Text type="secondary" className="mono" style={{ display: 'block', fontSize: 12 }}>
        {code}
      </Typography.Text>
    </div>
  );
}

/** Supply filters shared by cohorts and plans: the school (for callers who see several), year and major. */
export function useSupplyFilters(isSchoolUser: boolean): FilterDef[] {
  const { t } = useTranslation();
  const { majors } = useStudentMajors();
  const schools = useSchoolOptions(!isSchoolUser);
  return [
    ...(isSchoolUser
      ? []
      : [
          {
            kind: 'select' as const,
            key: 'schoolOrgId',
            placeholder: t('insight.students.school'),
            options: schools,
            search: true,
            width: 220,
          },
        ]),
    {
      kind: 'select',
      key: 'year',
      placeholder: t('insight.cohorts.year'),
      options: yearOptions().filter((y) => Number(y.value) <= thisYear() + 1),
      width: 110,
    },
    {
      kind: 'select',
      key: 'majorCode',
      placeholder: t('insight.students.major'),
      options: majorFilterOptions(majors),
      search: true,
      width: 220,
    },
  ];
}

/** 毕业生去向: graduates of each major and year with their destinations and 去向落实率; the school edits its own. */
export function CohortsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!.user;
  const canWrite = hasPermission(me, 'student.write');
  const isSchoolUser = me.roles.includes('school');
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<CohortItem | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { majors } = useStudentMajors();
  const filters = useSupplyFilters(isSchoolUser);
  const state = usePagedQuery(filterKeys(filters));
  const list = useApiQuery(api.listCohorts, { query: state.query }, { placeholderData: keepPreviousData });
  const totals = list.data?.totals;

  const saved = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listCohorts) });
  }, [queryClient]);
  const remove = useMutation({
    mutationFn: (c: CohortItem) => request(api.deleteCohort, { params: { id: c.id } }),
    onSuccess: (_, c) => {
      saved();
      message.success(t('insight.cohorts.deleted', { major: c.majorName ?? c.majorCode, year: c.year }));
    },
    onError: showError,
  });

  const columns: ColumnsType<CohortItem> = [];
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
      render: (code: string, c) => <MajorCell code={code} name={c.majorName} />,
    },
    { title: t('insight.cohorts.graduates'), dataIndex: 'graduates', align: 'right', render: (v: number) => count(v) },
    ...destinations.map((d) => ({
      title: destinationLabel(d),
      dataIndex: d,
      align: 'right' as const,
      render: (v: number) =>
        d === 'unplaced' && v > 0 ? <Typography.Text type="warning">{count(v)}</Typography.Text> : count(v),
    })),
    {
      title: t('insight.cohorts.placementRate'),
      dataIndex: 'placementRate',
      align: 'right',
      render: (v: number | null) => <strong data-testid="cohort-rate">{percent(v)}</strong>,
    },
  );
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) =>
        c.canEdit ? (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('insight.cohorts.deleteConfirm', { major: c.majorName ?? c.majorCode, year: c.year })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync(c).catch(() => undefined)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="cohort-create">
      {t('insight.cohorts.create')}
    </Button>
  );

  return (
    <>
      {totals && totals.graduates > 0 && (
        <Typography.Paragraph type="secondary" data-testid="cohort-totals">
          {t('insight.cohorts.totals', {
            graduates: count(totals.graduates),
            unplaced: count(totals.unplaced),
            rate: percent(totals.placementRate),
          })}
        </Typography.Paragraph>
      )}
      <PagedTable
        descriptor={api.listCohorts}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('insight.cohorts.search')}
        filters={filters}
        emptyText={t('insight.cohorts.empty')}
        emptyAction={canWrite ? createButton : null}
        actions={(s) => (
          <>
            {canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="cohort-import">
                {t('insight.import')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => {
                setExporting(true);
                download(api.exportCohorts, { query: exportQuery(s) }, `${t('insight.cohorts.fileName')}.xlsx`)
                  .catch(showError)
                  .finally(() => setExporting(false));
              }}
              data-testid="cohorts-export"
            >
              {t('common.export')}
            </Button>
            {canWrite && createButton}
          </>
        )}
        testId="cohorts-table"
      />
      {canWrite && (
        <>
          <CohortFormModal
            open={editing !== undefined}
            cohort={editing ?? null}
            known={majors}
            onClose={() => setEditing(undefined)}
            onSaved={saved}
          />
          <ImportDialog
            open={importing}
            onClose={() => setImporting(false)}
            title={t('insight.cohorts.importTitle')}
            hint={t('insight.cohorts.importHint')}
            matchedBy={t('insight.cohorts.importKey')}
            template={{ descriptor: api.cohortImportTemplate, fileName: `${t('insight.cohorts.templateName')}.xlsx` }}
            start={(file) => upload(api.importCohorts, { body: {}, file, fileName: file.name })}
            onDone={saved}
            testId="cohort-import"
          />
        </>
      )}
    </>
  );
}

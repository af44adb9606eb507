import { PlusOutlined } from '@ant-design/icons';
import { hasPermission, type ImportJob, type RouteDescriptor } from '@chanjiao/contracts';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, InputNumber, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ComponentType, type ReactNode, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../../../api/queries';
import { download, request, upload } from '../../../api/request';
import { useMe } from '../../../api/session';
import { ExportButton } from '../../../components/ExportButton';
import { ImportButton } from '../../../components/imports/ImportButton';
import { type FilterDef, filterKeys } from '../../../components/paged/FilterBar';
import { PagedTable } from '../../../components/paged/PagedTable';
import { exportQuery, usePagedQuery } from '../../../components/paged/usePagedQuery';
import { DeleteAction, EditAction } from '../../../components/RowActions';
import { useAction } from '../../../components/useAction';
import { thisYear, yearOptions } from '../format';
import { type MajorOption, MajorSelect } from '../MajorSelect';
import { useSchoolOptions } from '../shared';
import { majorFilterOptions, useStudentMajors } from './useSupply';

/** The school and major cell of the student, cohort and plan tables. */
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
function useSupplyFilters(isSchoolUser: boolean): FilterDef[] {
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

/** The major and the year of a cohort or a plan: chosen when it is registered (an upsert), fixed when edited. */
export function SupplyKeyFields({
  kind,
  editing,
  known,
  testIds,
}: {
  kind: 'cohorts' | 'plans';
  editing: boolean;
  known: readonly MajorOption[];
  testIds: { major: string; year?: string };
}) {
  const { t } = useTranslation();
  return (
    <>
      <Col xs={24} md={16}>
        <Form.Item
          name="majorCode"
          label={t('insight.students.major')}
          required
          extra={editing ? undefined : t(`insight.${kind}.upsertHint`)}
        >
          <MajorSelect known={known} disabled={editing} testId={testIds.major} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="year" label={t('insight.cohorts.year')} required>
          <InputNumber
            min={2000}
            max={2100}
            precision={0}
            disabled={editing}
            style={{ width: '100%' }}
            data-testid={testIds.year}
          />
        </Form.Item>
      </Col>
    </>
  );
}

/** The names a cohort's or a plan's texts use: its major and year. */
export const supplyNamed = (r: { majorCode: string; majorName: string | null; year: number }) => ({
  major: r.majorName ?? r.majorCode,
  year: r.year,
});

/** What a cohort and a plan have in common. */
interface SupplyRow {
  id: string;
  schoolName: string;
  majorCode: string;
  majorName: string | null;
  year: number;
  canEdit: boolean;
}

/** The form of one row: a new one (`item` null) or the one to edit. */
export interface SupplyFormProps<T> {
  open: boolean;
  item: T | null;
  known: readonly MajorOption[];
  onClose: () => void;
  onSaved: () => void;
}

/**
 * A list of figures per school × year × major (毕业生去向, 招生计划): filters, the `summary` of the
 * list's totals above it, export for every reader; 批量导入, create, edit and delete for the school.
 * Texts are `insight.<kind>.*`, test ids `<cohort|plan>-*` and `<kind>-*`.
 */
export function SupplyTab<T extends SupplyRow, R>({
  kind,
  routes,
  figures,
  summary,
  Form,
}: {
  kind: 'cohorts' | 'plans';
  routes: {
    list: RouteDescriptor;
    remove: RouteDescriptor;
    export: RouteDescriptor;
    template: RouteDescriptor;
    import: RouteDescriptor;
  };
  /** The columns after school, year and major. */
  figures: ColumnsType<T>;
  /** A line above the table from the list's answer (its totals over every matching row). */
  summary: (data: R | undefined) => ReactNode;
  Form: ComponentType<SupplyFormProps<T>>;
}) {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canWrite = hasPermission(me, 'student.write');
  const isSchoolUser = me.roles.includes('school');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const { majors } = useStudentMajors();
  const filters = useSupplyFilters(isSchoolUser);
  // The same query as the table's (one request): its totals make the summary.
  const state = usePagedQuery(filterKeys(filters));
  const list = useApiQuery(routes.list, { query: state.query }, { placeholderData: keepPreviousData });
  const one = kind === 'cohorts' ? 'cohort' : 'plan';

  const saved = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: routeKey(routes.list) });
  }, [queryClient, routes.list]);
  const remove = useAction((r: T) => request(routes.remove, { params: { id: r.id } }), {
    after: () => saved(),
    done: (_, r) => t(`insight.${kind}.deleted`, supplyNamed(r)),
  });

  const columns: ColumnsType<T> = [];
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
      render: (code: string, r) => <MajorCell code={code} name={r.majorName} />,
    },
    ...figures,
  );
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        r.canEdit ? (
          <Space size={0}>
            <EditAction onClick={() => setEditing(r)} />
            <DeleteAction
              confirm={t(`insight.${kind}.deleteConfirm`, supplyNamed(r))}
              onConfirm={() => remove.mutateAsync(r).catch(() => undefined)}
            />
          </Space>
        ) : null,
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid={`${one}-create`}>
      {t(`insight.${kind}.create`)}
    </Button>
  );

  return (
    <>
      {summary(list.data as R | undefined)}
      <PagedTable
        descriptor={routes.list}
        rowKey={'id' as never}
        columns={columns as never}
        searchPlaceholder={t('insight.cohorts.search')}
        filters={filters}
        emptyText={t(`insight.${kind}.empty`)}
        emptyAction={canWrite ? createButton : null}
        actions={(s) => (
          <>
            {canWrite && (
              <ImportButton
                label={t('insight.import')}
                title={t(`insight.${kind}.importTitle`)}
                hint={t(`insight.${kind}.importHint`)}
                matchedBy={t(`insight.${kind}.importKey`)}
                template={{ descriptor: routes.template, fileName: `${t(`insight.${kind}.templateName`)}.xlsx` }}
                start={(file) => upload(routes.import, { body: {}, file, fileName: file.name }) as Promise<ImportJob>}
                onDone={saved}
                testId={`${one}-import`}
              />
            )}
            <ExportButton
              run={() => download(routes.export, { query: exportQuery(s) }, `${t(`insight.${kind}.fileName`)}.xlsx`)}
              testId={`${kind}-export`}
            />
            {canWrite && createButton}
          </>
        )}
        testId={`${kind}-table`}
      />
      {canWrite && (
        <Form
          open={editing !== undefined}
          item={editing ?? null}
          known={majors}
          onClose={() => setEditing(undefined)}
          onSaved={saved}
        />
      )}
    </>
  );
}

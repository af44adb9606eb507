import { EyeInvisibleOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { api, hasPermission, type StudentItem } from '@chanjiao/contracts';
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../../../api/queries';
import { download, request, upload } from '../../../api/request';
import { useMe } from '../../../api/session';
import { ExportButton } from '../../../components/ExportButton';
import { ImportButton } from '../../../components/imports/ImportButton';
import { type FilterDef, filterKeys } from '../../../components/paged/FilterBar';
import { PagedTable } from '../../../components/paged/PagedTable';
import { useDeletedToggle } from '../../../components/paged/useDeletedToggle';
import { exportQuery, usePagedQuery } from '../../../components/paged/usePagedQuery';
import { DeleteAction, EditAction, RestoreAction } from '../../../components/RowActions';
import { useAction } from '../../../components/useAction';
import { useShowError } from '../../../components/useShowError';
import { intentLabel, intentOptions, levelLabel, levelOptions, thisYear } from '../format';
import { StudentFormModal } from './StudentFormModal';
import { MajorCell } from './SupplyTab';

/** Entry years and graduation years offered by the filters: the last few and the next few. */
function years(from: number, to: number) {
  const out: { value: string; label: string }[] = [];
  for (let y = to; y >= from; y--) out.push({ value: String(y), label: String(y) });
  return out;
}

/** A masked 身份证号 with 查看 (school users, their own students): the full number is fetched, and audited. */
function IdCardCell({ s, revealed, onReveal, onHide, busy }: IdCardCellProps) {
  const { t } = useTranslation();
  if (!s.idCard) return <Typography.Text type="secondary">—</Typography.Text>;
  const full = revealed.get(s.id);
  return (
    <Flex gap={4} align="center" wrap={false}>
      <span className="mono" data-testid="student-idcard" style={{ whiteSpace: 'nowrap' }}>
        {full ?? s.idCard}
      </span>
      {s.view === 'school' &&
        (full ? (
          <Button
            type="link"
            size="small"
            icon={<EyeInvisibleOutlined />}
            onClick={() => onHide(s.id)}
            data-testid="student-idcard-hide"
          >
            {t('insight.students.hide')}
          </Button>
        ) : (
          <Tooltip title={t('insight.students.revealTip')}>
            <Button
              type="link"
              size="small"
              icon={<EyeOutlined />}
              loading={busy}
              onClick={() => onReveal(s)}
              data-testid="student-idcard-reveal"
            >
              {t('insight.students.reveal')}
            </Button>
          </Tooltip>
        ))}
    </Flex>
  );
}
interface IdCardCellProps {
  s: StudentItem;
  revealed: Map<string, string>;
  onReveal: (s: StudentItem) => void;
  onHide: (id: string) => void;
  busy: boolean;
}

/**
 * The student list: Chinese search, filters with facet counts, masked 身份证号 (查看 for the school,
 * audited), create / edit / delete / restore for the school, export and 批量导入.
 */
export function StudentsTab() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canWrite = hasPermission(me, 'student.write');
  const isSchoolUser = me.roles.includes('school');
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<StudentItem | null | undefined>(undefined);
  const [revealed, setRevealed] = useState<Map<string, string>>(new Map());
  const deleted = useDeletedToggle<StudentItem>(canWrite, {
    current: t('insight.students.current'),
    deleted: t('insight.students.deleted'),
    deletedAt: t('insight.students.deletedAt'),
  });
  const showDeleted = deleted.showDeleted;

  const baseFilters = (majors: FilterDef | null): FilterDef[] => [
    ...deleted.filters,
    majors ?? { kind: 'select', key: 'majorCode', placeholder: t('insight.students.major'), options: [] },
    { kind: 'select', key: 'level', placeholder: t('insight.students.level'), options: levelOptions(), width: 120 },
    {
      kind: 'select',
      key: 'grade',
      placeholder: t('insight.students.grade'),
      options: years(thisYear() - 6, thisYear()),
      width: 110,
    },
    {
      kind: 'select',
      key: 'graduationYear',
      placeholder: t('insight.students.graduationYear'),
      options: years(thisYear() - 3, thisYear() + 4),
      width: 130,
    },
    {
      kind: 'select',
      key: 'consent',
      placeholder: t('insight.students.consentFilter'),
      options: [
        { value: 'true', label: t('insight.students.consentYes') },
        { value: 'false', label: t('insight.students.consentNo') },
      ],
      width: 130,
    },
    { kind: 'select', key: 'intent', placeholder: t('insight.students.intent'), options: intentOptions(), width: 120 },
  ];

  // The same query as the table's (one request): its facets label the major and consent filters.
  const state = usePagedQuery(filterKeys(baseFilters(null)));
  const list = useApiQuery(api.listStudents, { query: state.query }, { placeholderData: keepPreviousData });
  const facets = list.data?.facets;

  const majorOptions = useMemo(
    () =>
      (facets?.majors ?? []).map((m) => ({
        value: m.code,
        label: `${m.name ?? m.code}（${m.count}）`,
      })),
    [facets],
  );
  const consentCount = (v: boolean) => facets?.consent.find((c) => c.value === v)?.count;
  const filters = baseFilters({
    kind: 'select',
    key: 'majorCode',
    placeholder: t('insight.students.major'),
    options: majorOptions,
    search: true,
    width: 200,
  }).map((f) =>
    f.kind === 'select' && f.key === 'consent'
      ? {
          ...f,
          options: f.options.map((o) => {
            const n = consentCount(o.value === 'true');
            return n === undefined ? o : { ...o, label: `${o.label}（${n}）` };
          }),
        }
      : f,
  );

  const saved = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listStudents) });
  }, [queryClient]);

  const reveal = useMutation({
    mutationFn: (s: StudentItem) => request(api.revealStudentIdCard, { params: { id: s.id } }),
    onSuccess: (r, s) => setRevealed((m) => new Map(m).set(s.id, r.idCard)),
    onError: showError,
  });
  const hide = (id: string) =>
    setRevealed((m) => {
      const next = new Map(m);
      next.delete(id);
      return next;
    });
  const remove = useAction((s: StudentItem) => request(api.deleteStudent, { params: { id: s.id } }), {
    after: () => saved(),
    done: (s) => t('insight.students.deletedOne', { name: s.name }),
  });
  const restore = useAction((s: StudentItem) => request(api.restoreStudent, { params: { id: s.id } }), {
    after: () => saved(),
    done: (s) => t('insight.students.restoredOne', { name: s.name }),
  });

  const columns: ColumnsType<StudentItem> = [
    {
      title: t('insight.students.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (v: string, s) => (
        <div style={{ minWidth: 64 }}>
          <div style={{ whiteSpace: 'nowrap' }}>{v}</div>
          {s.birthDate && (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {s.birthDate}
            </Typography.Text>
          )}
        </div>
      ),
    },
  ];
  if (isSchoolUser || (list.data?.items ?? []).some((s) => s.idCard))
    columns.push({
      title: t('insight.students.idCard'),
      key: 'idCard',
      render: (_, s) => (
        <IdCardCell
          s={s}
          revealed={revealed}
          onReveal={(x) => reveal.mutate(x)}
          onHide={hide}
          busy={reveal.isPending && reveal.variables?.id === s.id}
        />
      ),
    });
  if (!isSchoolUser)
    columns.push({
      title: t('insight.students.school'),
      dataIndex: 'schoolName',
      render: (v: string) => <div style={{ minWidth: 140, maxWidth: 240, whiteSpace: 'normal' }}>{v}</div>,
    });
  columns.push(
    {
      title: t('insight.students.major'),
      dataIndex: 'majorCode',
      render: (code: string, s) => <MajorCell code={code} name={s.majorName} />,
    },
    { title: t('insight.students.level'), dataIndex: 'level', render: (v: string) => levelLabel(v) },
    { title: t('insight.students.grade'), dataIndex: 'grade' },
    {
      title: t('insight.students.expectedGraduation'),
      dataIndex: 'expectedGraduation',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('insight.students.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    {
      title: t('insight.students.skills'),
      dataIndex: 'skills',
      render: (skills: string[], s) =>
        skills.length + s.certificates.length === 0 ? (
          '—'
        ) : (
          <Space size={[4, 4]} wrap style={{ maxWidth: 260 }}>
            {skills.slice(0, 3).map((k) => (
              <Tag key={k} style={{ marginInlineEnd: 0 }}>
                {k}
              </Tag>
            ))}
            {skills.length > 3 && <Typography.Text type="secondary">+{skills.length - 3}</Typography.Text>}
            {s.certificates.slice(0, 1).map((c) => (
              <Tag key={c} color="purple" style={{ marginInlineEnd: 0 }}>
                {c}
              </Tag>
            ))}
          </Space>
        ),
    },
    { title: t('insight.students.intent'), dataIndex: 'intent', render: (v: string) => intentLabel(v) },
    {
      title: t('insight.students.consent'),
      dataIndex: 'consent',
      render: (v: boolean, s) => (
        <Space size={4} orientation="vertical">
          {v ? (
            <Tag color="green" style={{ marginInlineEnd: 0 }}>
              {t('insight.students.consentYes')}
            </Tag>
          ) : (
            <Tag style={{ marginInlineEnd: 0 }}>{t('insight.students.consentNo')}</Tag>
          )}
          {s.internshipAvailable && (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('insight.students.internship')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  );
  columns.push(...deleted.columns);
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) =>
        !s.canEdit ? null : s.deletedAt ? (
          <RestoreAction
            confirm={t('insight.students.restoreConfirm', { name: s.name })}
            label={t('insight.students.restore')}
            onConfirm={() => restore.mutateAsync(s).catch(() => undefined)}
            testId="student-restore"
          />
        ) : (
          <Space size={0}>
            <EditAction onClick={() => setEditing(s)} testId="student-edit" />
            <DeleteAction
              confirm={t('insight.students.deleteConfirm', { name: s.name })}
              hint={t('insight.students.deleteConfirmHint')}
              onConfirm={() => remove.mutateAsync(s).catch(() => undefined)}
              testId="student-delete"
            />
          </Space>
        ),
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="student-create">
      {t('insight.students.create')}
    </Button>
  );

  return (
    <>
      {isSchoolUser && (
        <Alert
          type="info"
          showIcon
          title={t('insight.students.idCardNote')}
          style={{ marginBottom: 12 }}
          data-testid="student-idcard-note"
        />
      )}
      <PagedTable
        descriptor={api.listStudents}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('insight.students.search')}
        filters={filters}
        emptyText={showDeleted ? t('insight.students.noDeleted') : t('insight.students.empty')}
        emptyAction={canWrite && !showDeleted ? createButton : null}
        actions={(s) => (
          <>
            {canWrite && (
              <ImportButton
                label={t('insight.import')}
                title={t('insight.students.importTitle')}
                hint={t('insight.students.importHint')}
                matchedBy={t('insight.students.importKey')}
                template={{
                  descriptor: api.studentImportTemplate,
                  fileName: `${t('insight.students.templateName')}.xlsx`,
                }}
                start={(file) => upload(api.importStudents, { body: {}, file, fileName: file.name })}
                onDone={saved}
                testId="student-import"
              />
            )}
            <ExportButton
              run={() =>
                download(api.exportStudents, { query: exportQuery(s) }, `${t('insight.students.fileName')}.xlsx`)
              }
              testId="students-export"
            />
            {canWrite && createButton}
          </>
        )}
        testId="students-table"
      />
      {canWrite && (
        <StudentFormModal
          open={editing !== undefined}
          student={editing ?? null}
          known={facets?.majors ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={saved}
        />
      )}
    </>
  );
}

import { CheckOutlined, CloseOutlined, EditOutlined, PlusOutlined, StarOutlined } from '@ant-design/icons';
import {
  api,
  type BestPracticeCase,
  type CaseDecision,
  type CaseDetail,
  type CaseStatus,
  caseDecisionBody,
  caseStatuses,
  createCaseBody,
  updateCaseBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Drawer, Flex, Form, Grid, Input, Row, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { ApiError, download, request, upload } from '../../api/request';
import { QueryError } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FormModal } from '../../components/FormModal';
import { formatTime } from '../../components/labels';
import type { FilterDef } from '../../components/paged/FilterBar';
import { useModalForm } from '../../components/useModalForm';
import { LedgerTable, useLedgerQuery } from './LedgerTable';
import {
  caseStatusColor,
  EventTimeline,
  EvidenceList,
  EvidenceUpload,
  FlagTags,
  ledgerLabel,
  ledgerOptions,
  OpenTitle,
  quarterFilter,
  TitleNote,
  thisQuarter,
  thisYear,
  useLedgerChanged,
  useLedgerRole,
  yearOptions,
} from './shared';

function CaseStatusTag({ status }: { status: CaseStatus }) {
  return (
    <Tag color={caseStatusColor[status]} style={{ marginInlineEnd: 0 }} data-testid="case-status">
      {ledgerLabel('caseStatus', status)}
    </Tag>
  );
}

/**
 * 最佳实践案例 (一个季度一项“最佳实践”): every unit's and consortium's quarterly case; units and
 * secretariats submit theirs, officials shortlist and select in the case drawer.
 */
export function CasesView() {
  const { t } = useTranslation();
  const { reporter } = useLedgerRole();
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const filters: FilterDef[] = [
    quarterFilter(),
    {
      kind: 'select',
      key: 'status',
      placeholder: t('ledger.case.status'),
      options: ledgerOptions('caseStatus', caseStatuses),
      width: 120,
    },
    {
      kind: 'select',
      key: 'submitterKind',
      placeholder: t('ledger.case.submitterKind'),
      options: [
        { value: 'unit', label: t('ledger.case.kindUnit') },
        { value: 'consortium', label: t('ledger.case.kindConsortium') },
      ],
      width: 130,
    },
  ];
  const lq = useLedgerQuery(filters);
  const caseId = sp.get('case');
  const openCase = (id: string | null) =>
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('case', id);
      else next.delete('case');
      return next;
    });

  const columns = [
    {
      title: t('ledger.common.quarter'),
      key: 'quarter',
      render: (_: unknown, c: BestPracticeCase) => (
        <span style={{ whiteSpace: 'nowrap' }}>{t('ledger.common.yearQuarter', { year: c.year, q: c.quarter })}</span>
      ),
    },
    {
      title: t('ledger.case.submitter'),
      key: 'submitter',
      render: (_: unknown, c: BestPracticeCase) => (
        <div style={{ minWidth: 140, maxWidth: 240, whiteSpace: 'normal' }}>
          <Tag color={c.submitterKind === 'unit' ? 'blue' : 'cyan'} style={{ marginInlineEnd: 4 }}>
            {c.submitterKind === 'unit' ? t('ledger.case.kindUnit') : t('ledger.case.kindConsortium')}
          </Tag>
          {c.submitter.name}
        </div>
      ),
    },
    {
      title: t('ledger.case.title'),
      dataIndex: 'title',
      render: (v: string, c: BestPracticeCase) => (
        <OpenTitle title={v} onOpen={() => openCase(c.id)} testId="case-open" minWidth={220} maxWidth={380}>
          <TitleNote>{c.summary}</TitleNote>
        </OpenTitle>
      ),
    },
    {
      title: t('ledger.case.measure'),
      dataIndex: 'measureNo',
      render: (v: number | null) => (v ? <Tag>{t('ledger.measure.noN', { no: v })}</Tag> : '—'),
    },
    {
      title: t('ledger.case.status'),
      dataIndex: 'status',
      render: (s: CaseStatus) => <CaseStatusTag status={s} />,
    },
    {
      title: t('ledger.case.submittedAt'),
      dataIndex: 'submittedAt',
      render: (v: string, c: BestPracticeCase) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatTime(v)} <FlagTags late={c.late} />
        </span>
      ),
    },
    { title: t('ledger.evidence.title'), dataIndex: 'evidenceCount', align: 'right' as const },
  ];

  const submitButton = reporter ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="case-create">
      {t('ledger.case.create')}
    </Button>
  ) : null;

  return (
    <>
      <LedgerTable
        descriptor={api.listBestPractices}
        list={lq}
        filters={filters}
        columns={columns}
        rowKey="id"
        searchPlaceholder={t('ledger.case.search')}
        onRow={(c) => ({ onClick: () => openCase(c.id), style: { cursor: 'pointer' } })}
        emptyText={reporter ? t('ledger.case.emptyReporter') : t('ledger.case.empty')}
        emptyAction={submitButton}
        actions={
          <>
            {submitButton}
            <ExportButton
              testId="cases-export"
              run={() =>
                download(
                  api.exportBestPractices,
                  { query: lq.exportQuery },
                  `${t('ledger.case.exportName')}-${lq.year}.xlsx`,
                )
              }
            />
          </>
        }
        testId="cases-table"
      />
      <CaseDrawer id={caseId} onClose={() => openCase(null)} />
      {reporter ? (
        <CaseFormModal
          open={creating}
          detail={null}
          year={lq.year}
          onClose={() => setCreating(false)}
          onSaved={(id) => openCase(id)}
        />
      ) : null}
    </>
  );
}

interface CaseValues {
  year?: number;
  quarter?: number;
  measureNo?: number | null;
  title?: string;
  summary?: string;
}
const caseFields = ['year', 'quarter', 'measureNo', 'title', 'summary'] as const;

/** 提交案例 / 修改案例: one case per unit (or consortium) and quarter; the server says so if there is one already. */
function CaseFormModal({
  open,
  detail,
  year,
  onClose,
  onSaved,
}: {
  open: boolean;
  detail: CaseDetail | null;
  year: number;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const changed = useLedgerChanged();
  const measures = useApiQuery(api.listLedgerMeasures, { query: { year } }, { enabled: open, staleTime: 60_000 });
  const [existing, setExisting] = useState<string | null>(null);
  const { t, message, form, formError, showServerError, check } = useModalForm<CaseValues>(
    open,
    () =>
      detail
        ? { measureNo: detail.measureNo, title: detail.title, summary: detail.summary }
        : { year, quarter: year === thisYear() ? thisQuarter() : 4, measureNo: null },
    { deps: [detail] },
  );
  const save = useMutation({
    mutationFn: async () => {
      const v = form.getFieldsValue(true) as CaseValues;
      if (detail) {
        const body = check(
          updateCaseBody,
          { measureNo: v.measureNo ?? null, title: v.title ?? '', summary: v.summary ?? '' },
          caseFields,
        );
        return body ? request(api.updateBestPractice, { params: { id: detail.id }, body }) : null;
      }
      const body = check(
        createCaseBody,
        {
          year: v.year,
          quarter: v.quarter,
          measureNo: v.measureNo ?? null,
          title: v.title ?? '',
          summary: v.summary ?? '',
        },
        caseFields,
      );
      return body ? request(api.createBestPractice, { body }) : null;
    },
    onSuccess: (saved) => {
      if (!saved) return;
      void changed();
      message.success(detail ? t('ledger.case.updated') : t('ledger.case.created'));
      onSaved(saved.id);
      onClose();
    },
    // 「…已提交最佳实践案例…每季度只能提交一项」 and other refusals: the server's message on the
    // error line; a link to the case already there.
    onError: (e) => {
      const details = e instanceof ApiError ? (e.details as { caseId?: unknown } | undefined) : undefined;
      setExisting(typeof details?.caseId === 'string' ? details.caseId : null);
      showServerError(e, caseFields, true);
    },
  });
  const measureItem = (
    <Form.Item name="measureNo" label={t('ledger.case.measure')}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        options={(measures.data?.items ?? []).map((m) => ({ value: m.no, label: `${m.no}. ${m.title}` }))}
      />
    </Form.Item>
  );
  return (
    <FormModal<CaseValues>
      open={open}
      title={detail ? t('ledger.case.edit') : t('ledger.case.create')}
      onClose={onClose}
      onSubmit={() => save.mutate()}
      pending={save.isPending}
      form={form}
      formError={formError}
      width={680}
      testId="case-modal"
      submitTestId="case-modal-ok"
      errorTestId="case-modal-error"
      enter="none"
      intro={
        <>
          {existing && formError ? (
            <Button
              type="link"
              style={{ paddingInline: 0, marginBottom: 8 }}
              onClick={() => {
                onSaved(existing);
                onClose();
              }}
              data-testid="case-existing"
            >
              {t('ledger.case.openExisting')}
            </Button>
          ) : null}
          {!detail ? <Typography.Paragraph type="secondary">{t('ledger.case.intro')}</Typography.Paragraph> : null}
        </>
      }
    >
      {!detail ? (
        <Row gutter={16}>
          <Col xs={12} sm={6}>
            <Form.Item name="year" label={t('ledger.common.year')} required>
              <Select options={yearOptions().map((o) => ({ value: Number(o.value), label: o.label }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="quarter" label={t('ledger.common.quarter')} required>
              <Select
                options={[1, 2, 3, 4].map((q) => ({ value: q, label: t('ledger.common.quarterN', { q }) }))}
                data-testid="case-quarter"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {measureItem}
          </Col>
        </Row>
      ) : (
        measureItem
      )}
      <Form.Item name="title" label={t('ledger.case.title')} required>
        <Input maxLength={200} data-testid="case-title" />
      </Form.Item>
      <Form.Item name="summary" label={t('ledger.case.summary')} required>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={5000} showCount data-testid="case-summary" />
      </Form.Item>
    </FormModal>
  );
}

/** The decisions an official can take from a case's status. */
function decisionsFor(status: CaseStatus): CaseDecision[] {
  if (status === 'submitted') return ['shortlisted', 'not_selected'];
  if (status === 'shortlisted') return ['selected', 'not_selected'];
  return [];
}

function CaseDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const changed = useLedgerChanged();
  const detail = useApiQuery(api.getBestPractice, { params: { id: id ?? '' } }, { enabled: !!id });
  const c = detail.data && detail.data.id === id ? detail.data : undefined;
  const [editing, setEditing] = useState(false);
  const [deciding, setDeciding] = useState<CaseDecision | null>(null);
  const decisionIcon: Record<CaseDecision, React.ReactNode> = {
    shortlisted: <StarOutlined />,
    selected: <CheckOutlined />,
    not_selected: <CloseOutlined />,
  };
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md ? 680 : '100%'}
      title={c?.title ?? t('ledger.case.detail')}
      extra={
        c?.can.edit ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="case-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
      destroyOnHidden
      data-testid="case-drawer"
    >
      <QueryError query={detail} retry />
      {!c ? (
        <Card loading size="small" />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('ledger.case.status')}>
              <CaseStatusTag status={c.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.common.quarter')}>
              {t('ledger.common.yearQuarter', { year: c.year, q: c.quarter })} <FlagTags late={c.late} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.case.submitter')}>
              {c.submitterKind === 'unit' ? t('ledger.case.kindUnit') : t('ledger.case.kindConsortium')}：
              {c.submitter.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.case.measure')}>
              {c.measureNo ? t('ledger.measure.noN', { no: c.measureNo }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.case.summary')}>
              <div className="pre-wrap">{c.summary}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.case.submittedAt')}>{formatTime(c.submittedAt)}</Descriptions.Item>
            {c.decidedAt ? (
              <Descriptions.Item label={t('ledger.case.decidedAt')}>
                {formatTime(c.decidedAt)}
                {c.decidedBy ? ` · ${c.decidedBy}` : ''}
              </Descriptions.Item>
            ) : null}
            {c.decisionComment ? (
              <Descriptions.Item label={t('ledger.case.decisionComment')}>
                <div className="pre-wrap">{c.decisionComment}</div>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {c.can.decide && decisionsFor(c.status).length > 0 ? (
            <Flex gap={8} wrap data-testid="case-decisions">
              {decisionsFor(c.status).map((d) => (
                <Button
                  key={d}
                  type={d === 'not_selected' ? 'default' : 'primary'}
                  danger={d === 'not_selected'}
                  icon={decisionIcon[d]}
                  onClick={() => setDeciding(d)}
                  data-testid={`case-decide-${d}`}
                >
                  {t(`ledger.case.decide.${d}`)}
                </Button>
              ))}
            </Flex>
          ) : null}
          <Card
            size="small"
            title={t('ledger.evidence.title')}
            extra={
              c.can.edit ? (
                <EvidenceUpload
                  testId="case-evidence-upload"
                  send={(file) =>
                    upload(api.uploadBestPracticeEvidence, { params: { id: c.id }, file, fileName: file.name }).then(
                      changed,
                    )
                  }
                />
              ) : null
            }
          >
            <EvidenceList files={c.evidence} canDelete={c.can.edit} onDeleted={() => void changed()} />
          </Card>
          <Card size="small" title={t('ledger.history.title')}>
            <EventTimeline events={c.events} />
          </Card>
          <CaseFormModal
            open={editing}
            detail={c}
            year={c.year}
            onClose={() => setEditing(false)}
            onSaved={() => undefined}
          />
          <DecisionModal detail={c} decision={deciding} onClose={() => setDeciding(null)} />
        </Flex>
      )}
    </Drawer>
  );
}

function DecisionModal({
  detail,
  decision,
  onClose,
}: {
  detail: CaseDetail;
  decision: CaseDecision | null;
  onClose: () => void;
}) {
  const changed = useLedgerChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<{ comment?: string }>(decision, () => ({
    comment: '',
  }));
  const run = useMutation({
    mutationFn: async () => {
      const comment = ((form.getFieldValue('comment') as string | undefined) ?? '').trim();
      const body = check(caseDecisionBody, { decision, ...(comment ? { comment } : {}) }, ['comment']);
      return body ? request(api.decideBestPractice, { params: { id: detail.id }, body }) : null;
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(t('ledger.case.decided', { status: ledgerLabel('caseStatus', out.status) }));
      onClose();
    },
    onError: (e) => showServerError(e, ['comment'], true),
  });
  const label = decision ? t(`ledger.case.decide.${decision}`) : '';
  return (
    <FormModal<{ comment?: string }>
      open={decision !== null}
      title={t('ledger.case.decideTitle', { action: label, title: detail.title })}
      onClose={onClose}
      onSubmit={() => run.mutate()}
      pending={run.isPending}
      form={form}
      formError={formError}
      okText={label}
      danger={decision === 'not_selected'}
      testId="decision-modal"
      submitTestId="decision-modal-ok"
      enter="none"
    >
      <Form.Item name="comment" label={t('ledger.case.decisionComment')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

import { DeleteOutlined, WarningOutlined } from '@ant-design/icons';
import {
  ACCEPTANCE_PASS_SCORE,
  type AssignmentItem,
  api,
  assignReviewerBody,
  type DecisionBody,
  type DeductionBody,
  type DeductionItem,
  decisionBody,
  deductionBody,
  type EntryDetail,
  type EntryItem,
  entryDecisions,
  type ReturnEntryBody,
  type RoundDetail,
  returnEntryBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { queryKeyOf, useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { QueryError } from '../../components/DataTable';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { formatTime } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';
import { useShowError } from '../../components/useShowError';
import { AssignmentStatusTag, roundLabel, scoreText, useRoundsChanged } from './roundLabels';

/** After a write answering with the entry: the entry page's cache takes the answer, the rest refreshes. */
export function useEntryChanged() {
  const qc = useQueryClient();
  const changed = useRoundsChanged();
  return (next: EntryDetail) => {
    qc.setQueryData(queryKeyOf(api.getEvaluationEntry, { params: { id: next.id } }), next);
    changed();
  };
}

interface AssignValues {
  reviewerId?: string;
}

/**
 * 评审专家: the entry's reviewers (removable until they submit) and assigning another; the server
 * refuses a reviewer with a conflict of interest and its message shows under the field.
 */
export function AssignModal({ entry, onClose }: { entry: EntryItem | null; onClose: () => void }) {
  const open = entry !== null;
  const id = entry?.id ?? '';
  const showError = useShowError();
  const entryChanged = useEntryChanged();
  const detail = useApiQuery(api.getEvaluationEntry, { params: { id } }, { enabled: open });
  const candidates = useApiQuery(api.reviewerCandidates, { params: { id } }, { enabled: open });
  const { t, message, form, formError, check, showServerError } = useModalForm<AssignValues>(entry?.id, () => ({}));
  const can = detail.data?.can.assign ?? false;

  const assign = useMutation({
    mutationFn: (reviewerId: string) => request(api.assignReviewer, { params: { id }, body: { reviewerId } }),
    onSuccess: (next) => {
      entryChanged(next);
      void candidates.refetch();
      form.resetFields();
      message.success(t('evaluation.assign.done'));
    },
    onError: (e) => showServerError(e, ['reviewerId'], true),
  });
  const unassign = useMutation({
    mutationFn: (itemId: string) => request(api.unassignReviewer, { params: { id, itemId } }),
    onSuccess: (next) => {
      entryChanged(next);
      void candidates.refetch();
      message.success(t('evaluation.assign.removed'));
    },
    onError: showError,
  });

  const submit = () => {
    const data = check(assignReviewerBody, form.getFieldsValue(true), ['reviewerId']);
    if (data) assign.mutate(data.reviewerId);
  };

  const columns: ColumnsType<AssignmentItem> = [
    {
      title: t('evaluation.assign.reviewer'),
      dataIndex: 'reviewerName',
      render: (v: string, a) => (
        <div>
          {v}
          {a.reviewerOrgName ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {a.reviewerOrgName}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: t('evaluation.assign.status'),
      dataIndex: 'status',
      render: (v: AssignmentItem['status']) => <AssignmentStatusTag status={v} />,
    },
    { title: t('evaluation.assign.total'), dataIndex: 'total', align: 'right', render: (v) => scoreText(v) },
    ...(can
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, a: AssignmentItem) =>
              a.status === 'submitted' ? null : (
                <Popconfirm
                  title={t('evaluation.assign.removeConfirm', { name: a.reviewerName })}
                  okText={t('evaluation.assign.remove')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => unassign.mutateAsync(a.id)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    {t('evaluation.assign.remove')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  const options = (candidates.data?.items ?? [])
    .filter((c) => !c.assigned)
    .map((c) => ({
      value: c.id,
      label: `${c.name}${c.orgName ? `（${c.orgName}）` : ''}${c.conflict ? ` ⚠ ${t('evaluation.assign.conflict')}` : ''}`,
    }));

  return (
    <FormModal<AssignValues>
      open={open}
      title={t('evaluation.assign.title', { name: entry?.consortiumName ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      pending={assign.isPending}
      form={form}
      formError={formError}
      width={720}
      testId="assign-modal"
      errorTestId="assign-error"
      enter="none"
      footer={
        <Space>
          <Button onClick={onClose} data-testid="assign-close">
            {t('evaluation.close')}
          </Button>
          {can ? (
            <Button type="primary" loading={assign.isPending} onClick={submit} data-testid="assign-ok">
              {t('evaluation.assign.ok')}
            </Button>
          ) : null}
        </Space>
      }
      intro={
        <>
          <QueryError query={detail} />
          <Table<AssignmentItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={detail.data?.assignments ?? []}
            loading={detail.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('evaluation.assign.none') }}
            data-testid="assign-table"
            style={{ marginBottom: 16 }}
          />
          {detail.data && !can ? (
            <Alert type="info" showIcon title={t('evaluation.assign.closed')} style={{ marginBottom: 12 }} />
          ) : null}
        </>
      }
    >
      {can ? (
        <Form.Item name="reviewerId" label={t('evaluation.assign.add')} required extra={t('evaluation.assign.hint')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            loading={candidates.isLoading}
            notFoundContent={t('evaluation.assign.noCandidates')}
            placeholder={t('evaluation.assign.placeholder')}
            data-testid="assign-reviewer"
          />
        </Form.Item>
      ) : null}
      {can && (candidates.data?.items ?? []).some((c) => c.conflict && !c.assigned) ? (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          title={t('evaluation.assign.conflictTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {(candidates.data?.items ?? [])
                .filter((c) => c.conflict && !c.assigned)
                .map((c) => (
                  <li key={c.id}>
                    {c.name}：{c.conflict}
                  </li>
                ))}
            </ul>
          }
        />
      ) : null}
    </FormModal>
  );
}

interface DeductionValues {
  item?: string;
  reason?: string;
  points?: number | null;
}
const deductionFields = ['item', 'reason', 'points'] as const;

/** 7.1 扣分: the negative-list deductions of an entry, and entering another with its reason. */
export function DeductionModal({ entry, onClose }: { entry: EntryItem | null; onClose: () => void }) {
  const open = entry !== null;
  const id = entry?.id ?? '';
  const showError = useShowError();
  const entryChanged = useEntryChanged();
  const detail = useApiQuery(api.getEvaluationEntry, { params: { id } }, { enabled: open });
  const { t, message, form, formError, check, showServerError } = useModalForm<DeductionValues>(entry?.id, () => ({}));
  const can = detail.data?.can.deduct ?? false;
  const deductionPoint = detail.data?.points.find((p) => p.kind === 'deduction');

  const add = useMutation({
    mutationFn: (body: DeductionBody) => request(api.addEvaluationDeduction, { params: { id }, body }),
    onSuccess: (next) => {
      entryChanged(next);
      form.resetFields();
      message.success(t('evaluation.deduction.added'));
    },
    onError: (e) => showServerError(e, deductionFields, true),
  });
  const remove = useMutation({
    mutationFn: (itemId: string) => request(api.removeEvaluationDeduction, { params: { id, itemId } }),
    onSuccess: (next) => {
      entryChanged(next);
      message.success(t('evaluation.deduction.removed'));
    },
    onError: showError,
  });
  const submit = () => {
    const v = form.getFieldsValue(true) as DeductionValues;
    const data = check(deductionBody, { ...v, points: v.points ?? undefined }, deductionFields);
    if (data) add.mutate(data);
  };

  const columns: ColumnsType<DeductionItem> = [
    {
      title: t('evaluation.deduction.item'),
      dataIndex: 'item',
      render: (v: string) => <div style={{ minWidth: 120 }}>{v}</div>,
    },
    {
      title: t('evaluation.deduction.reason'),
      dataIndex: 'reason',
      render: (v: string) => <div style={{ minWidth: 160, maxWidth: 300, whiteSpace: 'pre-wrap' }}>{v}</div>,
    },
    {
      title: t('evaluation.deduction.points'),
      dataIndex: 'points',
      align: 'right',
      render: (v: number) => `−${scoreText(v)}`,
    },
    { title: t('evaluation.deduction.at'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    ...(can
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, d: DeductionItem) => (
              <Popconfirm
                title={t('evaluation.deduction.removeConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(d.id)}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <FormModal<DeductionValues>
      open={open}
      title={t('evaluation.deduction.title', { name: entry?.consortiumName ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      pending={add.isPending}
      form={form}
      formError={formError}
      width={760}
      testId="deduction-modal"
      enter="none"
      footer={
        <Space>
          <Button onClick={onClose}>{t('evaluation.close')}</Button>
          {can ? (
            <Button type="primary" loading={add.isPending} onClick={submit} data-testid="deduction-ok">
              {t('evaluation.deduction.add')}
            </Button>
          ) : null}
        </Space>
      }
      intro={
        <>
          <QueryError query={detail} />
          {deductionPoint ? (
            <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
              {deductionPoint.pointCode} {deductionPoint.name}
              {deductionPoint.weight > 0 ? ` ${t('evaluation.deduction.cap', { weight: deductionPoint.weight })}` : ''}
            </Typography.Paragraph>
          ) : null}
          <Table<DeductionItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={detail.data?.deductions ?? []}
            loading={detail.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('evaluation.deduction.none') }}
            data-testid="deduction-table"
          />
          <Typography.Paragraph strong style={{ marginTop: 8 }}>
            {t('evaluation.deduction.total', { total: scoreText(detail.data?.deductionTotal ?? 0) })}
          </Typography.Paragraph>
          {detail.data && !can ? <Alert type="info" showIcon title={t('evaluation.deduction.closed')} /> : null}
          {can ? <Divider style={{ margin: '12px 0' }} /> : null}
        </>
      }
    >
      {can ? (
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item name="item" label={t('evaluation.deduction.item')} required>
              <Input
                maxLength={200}
                placeholder={t('evaluation.deduction.itemPlaceholder')}
                data-testid="deduction-item"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="points" label={t('evaluation.deduction.points')} required>
              <InputNumber min={0.5} max={100} step={0.5} style={{ width: '100%' }} data-testid="deduction-points" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="reason" label={t('evaluation.deduction.reason')} required>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="deduction-reason" />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
    </FormModal>
  );
}

interface DecisionValues {
  decision?: DecisionBody['decision'];
  decidedOn?: Dayjs | null;
  documentNo?: string;
  note?: string;
}
const decisionFields = ['decision', 'decidedOn', 'documentNo', 'note'] as const;

/**
 * 验收结果决定: 验收通过 or 撤销 after an acceptance round is consolidated; the registry changes the
 * consortium's status with the round cited as the reason (its refusal shows above the form).
 */
export function DecisionModal({
  round,
  entry,
  onClose,
}: {
  round: Pick<RoundDetail, 'name'>;
  entry: EntryItem | null;
  onClose: () => void;
}) {
  const entryChanged = useEntryChanged();
  const { t, message, form, formError, check, showServerError } = useModalForm<DecisionValues>(entry?.id, () => ({
    decision: entry?.total != null && entry.total >= ACCEPTANCE_PASS_SCORE ? 'accepted' : undefined,
    decidedOn: dayjs(),
  }));
  const decide = useMutation({
    mutationFn: (body: DecisionBody) => request(api.decideEvaluationEntry, { params: { id: entry!.id }, body }),
    onSuccess: (next) => {
      entryChanged(next);
      message.success(t('evaluation.decision.done', { decision: roundLabel('decision', next.decision) }));
      onClose();
    },
    onError: (e) => showServerError(e, decisionFields, true),
  });
  const submit = () => {
    const v = form.getFieldsValue(true) as DecisionValues;
    const data = check(
      decisionBody,
      {
        decision: v.decision,
        decidedOn: isoDay(v.decidedOn) ?? '',
        documentNo: v.documentNo?.trim() ? v.documentNo.trim() : null,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      decisionFields,
    );
    if (data) decide.mutate(data);
  };
  return (
    <FormModal<DecisionValues>
      open={entry !== null}
      title={t('evaluation.decision.title', { name: entry?.consortiumName ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      pending={decide.isPending}
      form={form}
      formError={formError}
      okText={t('common.confirm')}
      testId="decision-modal"
      submitTestId="decision-ok"
      errorTestId="decision-error"
      enter="none"
      intro={
        entry ? (
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('evaluation.entry.total')}>
              <Typography.Text strong>{scoreText(entry.total)}</Typography.Text>
              {entry.resultLabel ? (
                <Tag
                  color={entry.total != null && entry.total >= ACCEPTANCE_PASS_SCORE ? 'green' : 'red'}
                  style={{ marginInlineStart: 8 }}
                >
                  {entry.resultLabel}
                </Tag>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.decision.basis')}>
              {t('evaluation.decision.basisText', { round: round.name, score: ACCEPTANCE_PASS_SCORE })}
            </Descriptions.Item>
          </Descriptions>
        ) : null
      }
    >
      <Form.Item name="decision" label={t('evaluation.decision.decision')} required>
        <Radio.Group
          options={entryDecisions.map((d) => ({ value: d, label: roundLabel('decision', d) }))}
          data-testid="decision-choice"
        />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('evaluation.decision.decidedOn')} required>
        <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="decision-decidedOn" />
      </Form.Item>
      <Form.Item name="documentNo" label={t('evaluation.decision.documentNo')}>
        <Input maxLength={100} data-testid="decision-documentNo" />
      </Form.Item>
      <Form.Item name="note" label={t('evaluation.decision.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="decision-note" />
      </Form.Item>
    </FormModal>
  );
}

/** 退回修改: a submitted self-assessment goes back to the secretariat with the reason (before review starts). */
export function ReturnModal({
  entry,
  onClose,
}: {
  entry: Pick<EntryItem, 'id' | 'consortiumName'> | null;
  onClose: () => void;
}) {
  const entryChanged = useEntryChanged();
  const { t, message, form, formError, check, showServerError } = useModalForm<Partial<ReturnEntryBody>>(
    entry?.id,
    () => ({ reason: '' }),
  );
  const run = useMutation({
    mutationFn: (body: ReturnEntryBody) => request(api.returnSelfAssessment, { params: { id: entry!.id }, body }),
    onSuccess: (next) => {
      entryChanged(next);
      message.success(t('evaluation.return.done'));
      onClose();
    },
    onError: (e) => showServerError(e, ['reason'], true),
  });
  const submit = () => {
    const data = check(returnEntryBody, form.getFieldsValue(true), ['reason']);
    if (data) run.mutate(data);
  };
  return (
    <FormModal<Partial<ReturnEntryBody>>
      open={entry !== null}
      title={t('evaluation.return.title', { name: entry?.consortiumName ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      pending={run.isPending}
      form={form}
      formError={formError}
      okText={t('evaluation.return.ok')}
      danger
      testId="return-modal"
      submitTestId="return-ok"
      enter="none"
    >
      <Form.Item name="reason" label={t('evaluation.return.reason')} required>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 3, maxRows: 6 }} data-testid="return-reason" />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 汇总评分: per point the mean (or trimmed mean) of the submitted reviews, minus the 7.1
 * deductions; with reviews still missing the official must say to use the submitted ones.
 */
export function ConsolidateModal({ round, open, onClose }: { round: RoundDetail; open: boolean; onClose: () => void }) {
  const changed = useRoundsChanged();
  const { t, message, form, formError, showServerError } = useModalForm<{ partial?: boolean }>(open, () => ({
    partial: false,
  }));
  const run = useMutation({
    mutationFn: (partial: boolean) =>
      request(api.consolidateEvaluationRound, { params: { id: round.id }, body: { partial } }),
    onSuccess: () => {
      changed();
      message.success(t('evaluation.consolidate.done'));
      onClose();
    },
    onError: (e) => showServerError(e, ['partial']),
  });
  const missing = round.entries.filter((e) => e.reviewsSubmitted < e.reviewerCount);
  return (
    <FormModal<{ partial?: boolean }>
      open={open}
      title={t('evaluation.consolidate.title')}
      onClose={onClose}
      onSubmit={() => run.mutate(Boolean(form.getFieldValue('partial')))}
      pending={run.isPending}
      form={form}
      formError={formError}
      okText={t('evaluation.consolidate.ok')}
      testId="consolidate-modal"
      submitTestId="consolidate-ok"
      errorTestId="consolidate-error"
      enter="none"
      intro={
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('evaluation.round.method')}>
              {roundLabel('method', round.method)}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.consolidate.formula')}>
              {t('evaluation.consolidate.formulaText')}
            </Descriptions.Item>
          </Descriptions>
          {missing.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('evaluation.consolidate.missing')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {missing.map((e) => (
                    <li key={e.id}>
                      {t('evaluation.consolidate.missingRow', {
                        name: e.consortiumName,
                        done: e.reviewsSubmitted,
                        count: e.reviewerCount,
                      })}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </>
      }
    >
      {missing.length > 0 ? (
        <Form.Item name="partial" valuePropName="checked">
          <Checkbox data-testid="consolidate-partial">{t('evaluation.consolidate.partial')}</Checkbox>
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

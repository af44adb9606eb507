import { CheckOutlined, CommentOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  acceptReportBody,
  api,
  commentReportBody,
  createLedgerReportBody,
  type LedgerReport,
  type LedgerReportDetail,
  type LedgerTaskDetail,
  type ProgressStatus,
  progressStatuses,
  returnReportBody,
  updateLedgerReportBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Row,
  Slider,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { request, upload } from '../../api/request';
import { QueryError } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { clearErrorsOnChange } from '../../components/formErrors';
import { formatTime } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';
import {
  EvidenceList,
  EvidenceUpload,
  FlagTags,
  ledgerLabel,
  progressColor,
  reportStatusColor,
  useLedgerChanged,
} from './shared';

type Quarter = LedgerTaskDetail['quarters'][number];

/**
 * One quarter of a task in the drawer: the report when there is one (read, edit, submit, review),
 * else the form to write it for the task's unit, else what is expected and by when.
 */
export function QuarterPanel({ task, quarter }: { task: LedgerTaskDetail; quarter: Quarter }) {
  const { t } = useTranslation();
  if (quarter.reportId) return <ReportView key={quarter.reportId} task={task} reportId={quarter.reportId} />;
  const head = (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">
        {t('ledger.report.deadline')}：{quarter.deadline}
      </Typography.Text>
      <FlagTags overdue={quarter.overdue} />
      {!quarter.required ? <Tag>{t('ledger.report.notRequired')}</Tag> : null}
    </Flex>
  );
  if (task.can.report)
    return (
      <div data-testid="report-new">
        {head}
        <ReportForm task={task} quarter={quarter.quarter} report={null} previousPercent={previousOf(task, quarter)} />
      </div>
    );
  return (
    <div>
      {head}
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.report.none')} />
    </div>
  );
}

/** % complete of the latest earlier quarter's report, for the "not lower than last quarter" hint. */
function previousOf(task: LedgerTaskDetail, quarter: Quarter): number | null {
  const earlier = task.quarters.filter((q) => q.quarter < quarter.quarter && q.percent !== null);
  return earlier.at(-1)?.percent ?? null;
}

function ReportView({ task, reportId }: { task: LedgerTaskDetail; reportId: string }) {
  const { t } = useTranslation();
  const changed = useLedgerChanged();
  const detail = useApiQuery(api.getLedgerReport, { params: { id: reportId } });
  const [review, setReview] = useState<ReviewMode | null>(null);
  const r = detail.data;
  if (detail.isError) return <QueryError query={detail} retry />;
  if (!r) return <Card loading size="small" />;

  return (
    <div data-testid="report-view">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Tag color={reportStatusColor[r.status]} style={{ marginInlineEnd: 0 }} data-testid="report-status">
          {ledgerLabel('reportStatus', r.status)}
        </Tag>
        {r.resubmitted ? (
          <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="report-resubmitted">
            {t('ledger.report.resubmitted')}
          </Tag>
        ) : null}
        <FlagTags late={r.late} />
        <Typography.Text type="secondary">
          {t('ledger.report.deadline')}：{r.deadline}
        </Typography.Text>
        {r.submittedAt ? (
          <Typography.Text type="secondary">
            {t('ledger.report.submittedAt')}：{formatTime(r.submittedAt)}
          </Typography.Text>
        ) : null}
      </Flex>

      <ReviewNote report={r} />

      {r.can.edit ? (
        <ReportForm task={task} quarter={r.quarter} report={r} previousPercent={r.previousPercent} />
      ) : (
        <Descriptions size="small" column={1} bordered styles={{ label: { width: 120 } }}>
          <Descriptions.Item label={t('ledger.report.progress')}>
            <Tag color={progressColor[r.progress]}>{ledgerLabel('progress', r.progress)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('ledger.report.percent')}>
            <Progress percent={r.percent} size="small" style={{ maxWidth: 320, margin: 0 }} />
            <span data-testid="report-percent" hidden>
              {r.percent}
            </span>
          </Descriptions.Item>
          {r.percentReason ? (
            <Descriptions.Item label={t('ledger.report.percentReason')}>{r.percentReason}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('ledger.report.narrative')}>
            <div className="pre-wrap" data-testid="report-narrative">
              {r.narrative}
            </div>
          </Descriptions.Item>
        </Descriptions>
      )}

      <Card
        size="small"
        title={t('ledger.evidence.title')}
        style={{ marginTop: 12 }}
        extra={
          r.can.edit ? (
            <EvidenceUpload
              testId="report-evidence-upload"
              send={(file) =>
                upload(api.uploadLedgerReportEvidence, { params: { id: r.id }, file, fileName: file.name }).then(
                  changed,
                )
              }
            />
          ) : null
        }
      >
        <EvidenceList files={r.evidence} canDelete={r.can.edit} onDeleted={() => void changed()} />
      </Card>

      {r.can.review || task.can.manage ? (
        <Flex gap={8} wrap style={{ marginTop: 12 }} data-testid="report-review-actions">
          {r.can.review ? (
            <>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => setReview('accept')}
                data-testid="report-accept"
              >
                {t('ledger.review.accept')}
              </Button>
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setReview('return')}
                data-testid="report-return"
              >
                {t('ledger.review.return')}
              </Button>
            </>
          ) : null}
          {task.can.manage ? (
            <Button icon={<CommentOutlined />} onClick={() => setReview('comment')} data-testid="report-comment">
              {t('ledger.review.comment')}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      <ReviewModal report={r} mode={review} onClose={() => setReview(null)} />
    </div>
  );
}

/**
 * What the officials said, read from the report's history so that an old comment is never shown
 * under a newer decision: the return comment while returned; after a resubmission, the comment
 * that caused it; the acceptance comment once accepted; a remark made since the last decision.
 */
function ReviewNote({ report: r }: { report: LedgerReportDetail }) {
  const { t } = useTranslation();
  const latest = (actions: string[]) =>
    [...r.events].filter((e) => actions.includes(e.action)).sort((a, b) => b.at.localeCompare(a.at))[0];
  const decision = latest(['report.return', 'report.accept']);
  const remark = latest(['report.comment']);
  const note = (
    type: 'warning' | 'success' | 'info',
    title: string,
    text: string | null | undefined,
    testId: string,
  ) => (
    <Alert
      type={type}
      showIcon
      style={{ marginBottom: 12 }}
      title={title}
      description={text ? <span className="pre-wrap">{text}</span> : undefined}
      data-testid={testId}
    />
  );
  return (
    <>
      {r.status === 'returned'
        ? note(
            'warning',
            t('ledger.report.returnedTitle'),
            decision?.comment ?? r.reviewComment,
            'report-return-comment',
          )
        : null}
      {r.status === 'accepted'
        ? note('success', t('ledger.report.acceptedTitle'), decision?.comment, 'report-accept-note')
        : null}
      {r.status === 'submitted' && r.resubmitted && decision?.action === 'report.return'
        ? note('info', t('ledger.report.lastReturn'), decision.comment, 'report-last-return')
        : null}
      {remark && (!decision || remark.at > decision.at)
        ? note('info', t('ledger.report.commentTitle'), remark.comment, 'report-remark')
        : null}
    </>
  );
}

interface FormValues {
  progress?: ProgressStatus;
  percent?: number;
  percentReason?: string | null;
  narrative?: string;
}
const formFields = ['progress', 'percent', 'percentReason', 'narrative'] as const;

/**
 * The unit's report form: progress status, % complete (slider and number), a reason when it is
 * lower than last quarter's, the narrative; 保存草稿 keeps it, 提交 (or 重新提交 after a return)
 * sends it to the officials. A new report is created on its first save.
 */
function ReportForm({
  task,
  quarter,
  report,
  previousPercent,
}: {
  task: LedgerTaskDetail;
  quarter: number;
  report: LedgerReport | null;
  previousPercent: number | null;
}) {
  const changed = useLedgerChanged();
  // Reset on another report or a new status, not on every save or upload (unsaved edits stay).
  const openKey = `${task.id}-${quarter}-${report?.id ?? 'new'}-${report?.status ?? ''}`;
  const { t, message, form, formError, showServerError, check } = useModalForm<FormValues>(openKey, () =>
    report
      ? {
          progress: report.progress,
          percent: report.percent,
          percentReason: report.percentReason,
          narrative: report.narrative,
        }
      : { progress: 'in_progress', percent: previousPercent ?? 0, percentReason: null, narrative: '' },
  );
  const percent = Form.useWatch('percent', form) ?? 0;
  const lower = previousPercent !== null && percent < previousPercent;

  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      const v = form.getFieldsValue(true) as FormValues;
      const values = {
        progress: v.progress,
        percent: v.percent,
        narrative: v.narrative ?? '',
        percentReason: lower && v.percentReason?.trim() ? v.percentReason.trim() : null,
      };
      let saved: LedgerReportDetail;
      if (report) {
        const body = check(updateLedgerReportBody, values, formFields);
        if (!body) return null;
        saved = await request(api.updateLedgerReport, { params: { id: report.id }, body });
      } else {
        const body = check(createLedgerReportBody, { ...values, quarter }, formFields);
        if (!body) return null;
        saved = await request(api.createLedgerReport, { params: { id: task.id }, body });
      }
      if (submit) saved = await request(api.submitLedgerReport, { params: { id: saved.id } });
      return { saved, submit };
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(
        out.submit
          ? out.saved.resubmitted
            ? t('ledger.report.resubmittedDone')
            : t('ledger.report.submittedDone')
          : t('ledger.report.savedDraft'),
      );
    },
    // A failed submit after a successful save still refreshes, so the draft shows as saved.
    onError: (e) => {
      void changed();
      showServerError(e, formFields, true);
    },
  });

  const returned = report?.status === 'returned';
  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      requiredMark="optional"
      onValuesChange={clearErrorsOnChange(form)}
      data-testid="report-form"
    >
      {formError ? (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="report-form-error" />
      ) : null}
      <Form.Item name="progress" label={t('ledger.report.progress')} required>
        <Radio.Group
          optionType="button"
          options={progressStatuses.map((p) => ({ value: p, label: ledgerLabel('progress', p) }))}
          data-testid="report-progress"
        />
      </Form.Item>
      <Form.Item
        label={t('ledger.report.percent')}
        required
        extra={previousPercent !== null ? t('ledger.report.previousPercent', { percent: previousPercent }) : undefined}
      >
        <Row gutter={12} align="middle">
          <Col flex="auto">
            <Form.Item name="percent" noStyle>
              <Slider min={0} max={100} step={5} tooltip={{ formatter: (v) => `${v}%` }} />
            </Form.Item>
          </Col>
          <Col flex="110px">
            <Form.Item name="percent" noStyle>
              <InputNumber
                min={0}
                max={100}
                precision={0}
                suffix="%"
                style={{ width: 100 }}
                data-testid="report-percent-input"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form.Item>
      {lower ? (
        <Form.Item
          name="percentReason"
          label={t('ledger.report.percentReason')}
          required
          extra={t('ledger.report.percentReasonHint')}
        >
          <Input maxLength={500} data-testid="report-percent-reason" />
        </Form.Item>
      ) : null}
      <Form.Item name="narrative" label={t('ledger.report.narrative')} required>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={5000}
          showCount
          placeholder={t('ledger.report.narrativePlaceholder')}
          data-testid="report-narrative-input"
        />
      </Form.Item>
      {!report ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('ledger.report.evidenceAfterSave')}
        </Typography.Paragraph>
      ) : null}
      <Space wrap>
        <Button
          icon={<SaveOutlined />}
          loading={save.isPending && save.variables === false}
          disabled={save.isPending}
          onClick={() => save.mutate(false)}
          data-testid="report-save"
        >
          {t('ledger.report.saveDraft')}
        </Button>
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={save.isPending && save.variables === true}
          disabled={save.isPending}
          onClick={() => save.mutate(true)}
          data-testid="report-submit"
        >
          {returned ? t('ledger.report.resubmit') : t('ledger.report.submit')}
        </Button>
      </Space>
    </Form>
  );
}

type ReviewMode = 'return' | 'accept' | 'comment';

/** 退回修改 (comment required), 审核通过 (comment optional) or 批注 on a report. */
function ReviewModal({
  report,
  mode,
  onClose,
}: {
  report: LedgerReportDetail;
  mode: ReviewMode | null;
  onClose: () => void;
}) {
  const changed = useLedgerChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<{ comment?: string }>(mode, () => ({
    comment: '',
  }));
  const run = useMutation({
    mutationFn: async () => {
      const comment = (form.getFieldValue('comment') as string | undefined) ?? '';
      const params = { id: report.id };
      if (mode === 'return') {
        const body = check(returnReportBody, { comment }, ['comment']);
        return body ? request(api.returnLedgerReport, { params, body }) : null;
      }
      if (mode === 'accept') {
        const body = check(acceptReportBody, comment.trim() ? { comment } : {}, ['comment']);
        return body ? request(api.acceptLedgerReport, { params, body }) : null;
      }
      const body = check(commentReportBody, { comment }, ['comment']);
      return body ? request(api.commentLedgerReport, { params, body }) : null;
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(t(`ledger.review.${mode ?? 'comment'}Done`));
      onClose();
    },
    onError: (e) => showServerError(e, ['comment'], true),
  });
  const title =
    mode === 'return'
      ? t('ledger.review.return')
      : mode === 'accept'
        ? t('ledger.review.accept')
        : t('ledger.review.comment');
  return (
    <FormModal<{ comment?: string }>
      open={mode !== null}
      title={title}
      onClose={onClose}
      onSubmit={() => run.mutate()}
      pending={run.isPending}
      form={form}
      formError={formError}
      okText={title}
      danger={mode === 'return'}
      testId="review-modal"
      submitTestId="review-modal-ok"
      enter="none"
      intro={
        <Typography.Paragraph type="secondary">
          {mode === 'return'
            ? t('ledger.review.returnHint')
            : mode === 'accept'
              ? t('ledger.review.acceptHint')
              : t('ledger.review.commentHint')}
        </Typography.Paragraph>
      }
    >
      <Form.Item name="comment" label={t('ledger.review.commentLabel')} required={mode !== 'accept'}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount data-testid="review-comment" />
      </Form.Item>
    </FormModal>
  );
}

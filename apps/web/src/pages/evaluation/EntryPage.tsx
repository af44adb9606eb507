import { CheckOutlined, SaveOutlined, StarFilled, WarningOutlined } from '@ant-design/icons';
import {
  api,
  type EntryDetail,
  type EntryPoint,
  hasPermission,
  saveScoresBody,
  saveSelfAssessmentBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Progress, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { queryKeyOf, useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { useMe } from '../../api/session';
import { useDownloading } from '../../components/ExportButton';
import { formatTime } from '../../components/labels';
import { useRecordName } from '../../components/layout/recordName';
import { PageContainer } from '../../components/PageContainer';
import { FullPageSpin } from '../../components/RequireAuth';
import { useErrorText } from '../../components/useShowError';
import { EntryActions, type EntryModalKind } from './EntryActions';
import { AssignModal, DecisionModal, DeductionModal, ReturnModal, useEntryChanged } from './EntryModals';
import { PointBlock, type ReviewValue, type SelfValue } from './PointBlock';
import { DueDate } from './RoundsPage';
import { DecisionTag, EntryStatusTag, RoundKindTag, roundLabel, scoreText, useRoundsChanged } from './roundLabels';

type Modal = EntryModalKind | null;

/** The points by indicator group, in the framework's order. */
function byGroup(points: readonly EntryPoint[]) {
  const groups = new Map<string, { code: string; name: string; points: EntryPoint[] }>();
  for (const p of points) {
    const g = groups.get(p.groupCode) ?? { code: p.groupCode, name: p.groupName, points: [] };
    g.points.push(p);
    groups.set(p.groupCode, g);
  }
  return [...groups.values()];
}

/** A body checked with the contract's schema, or an error with its (Chinese) messages. */
function parsed<T>(r: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }): T {
  if (r.success) return r.data;
  throw new Error(r.error.issues.map((i) => i.message).join('；'));
}

const selfOf = (p: EntryPoint): SelfValue => ({ narrative: p.narrative, selfScore: p.selfScore });
const reviewOf = (p: EntryPoint): ReviewValue => ({ score: p.myScore, comment: p.myComment ?? '' });

/**
 * 参评记录: one consortium in one round. The secretariat fills its self-assessment here (narrative,
 * self-score and evidence per observation point, with the platform's facts and contradiction flags
 * beside each), saves drafts and submits; an assigned reviewer scores each point and submits;
 * officials see everything and act on the entry.
 */
export default function EntryPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const errorText = useErrorText();
  const query = useApiQuery(api.getEvaluationEntry, { params: { id } });
  const e = query.data;
  useRecordName(location.pathname, e ? `${e.consortiumName} · ${e.roundName}` : undefined);

  if (query.isPending) return <FullPageSpin />;
  if (query.isError || !e)
    return (
      <PageContainer title={t('evaluation.menu.entry')}>
        <Alert type="error" showIcon title={errorText(query.error)} />
      </PageContainer>
    );
  return <Entry key={e.id} entry={e} />;
}

function Entry({ entry: e }: { entry: EntryDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const entryChanged = useEntryChanged();
  const _roundsChanged = useRoundsChanged();
  const _pdf = useDownloading();
  const isSecretariat = hasPermission(useMe().data!.user, 'evaluation.self');
  const mode: 'fill' | 'score' | 'view' = e.can.fill ? 'fill' : e.can.score && e.myAssignmentId ? 'score' : 'view';

  // Only the points changed on the page are kept here; the rest show what the server holds.
  const [selfEdits, setSelfEdits] = useState<Record<string, SelfValue>>({});
  const [reviewEdits, setReviewEdits] = useState<Record<string, ReviewValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [open, setOpen] = useState<Modal>(null);

  const selfValue = (p: EntryPoint) => selfEdits[p.pointCode] ?? selfOf(p);
  const reviewValue = (p: EntryPoint) => reviewEdits[p.pointCode] ?? reviewOf(p);
  const dirty = mode === 'fill' ? Object.keys(selfEdits).length > 0 : Object.keys(reviewEdits).length > 0;

  const basics = e.points.filter((p) => p.kind === 'basic');
  const filled =
    mode === 'score'
      ? basics.filter((p) => reviewValue(p).score !== null).length
      : basics.filter((p) => {
          const v = selfValue(p);
          return v.narrative.trim() !== '' && v.selfScore !== null;
        }).length;
  const selfTotal = basics.reduce((s, p) => s + (selfValue(p).selfScore ?? 0), 0);
  const groups = useMemo(() => byGroup(e.points), [e.points]);

  const refetch = () =>
    void qc.invalidateQueries({ queryKey: queryKeyOf(api.getEvaluationEntry, { params: { id: e.id } }) });

  /** Checks the edits against the contract and the points' weights; the problems go on their points. */
  const checkEdits = (): boolean => {
    const next: Record<string, string> = {};
    for (const p of e.points) {
      if (mode === 'fill' && selfEdits[p.pointCode]) {
        const v = selfEdits[p.pointCode]!;
        if (v.selfScore !== null && v.selfScore > p.weight)
          next[p.pointCode] = t('evaluation.self.overWeight', { weight: p.weight });
        else if (v.selfScore !== null && !Number.isInteger(v.selfScore * 2))
          next[p.pointCode] = t('evaluation.self.halfPoints');
      }
      if (mode === 'score' && reviewEdits[p.pointCode]) {
        const v = reviewEdits[p.pointCode]!;
        if (v.score === null) next[p.pointCode] = t('evaluation.review.scoreFirst');
        else if (v.score > p.weight) next[p.pointCode] = t('evaluation.self.overWeight', { weight: p.weight });
        else if (!Number.isInteger(v.score * 2)) next[p.pointCode] = t('evaluation.self.halfPoints');
      }
    }
    setErrors(next);
    if (Object.keys(next).length > 0) {
      setSaveError(t('evaluation.self.fixErrors', { count: Object.keys(next).length }));
      return false;
    }
    return true;
  };

  /** Saves the edits (if any); resolves to the saved entry, or null when nothing needed saving. */
  const saveEdits = async (): Promise<EntryDetail | null> => {
    if (!dirty) return null;
    if (mode === 'fill') {
      const body = parsed(
        saveSelfAssessmentBody.safeParse({
          points: Object.entries(selfEdits).map(([pointCode, v]) => ({
            pointCode,
            narrative: v.narrative,
            selfScore: v.selfScore,
          })),
        }),
      );
      return request(api.saveSelfAssessment, { params: { id: e.id }, body });
    }
    const body = parsed(
      saveScoresBody.safeParse({
        scores: Object.entries(reviewEdits).map(([pointCode, v]) => ({
          pointCode,
          score: v.score,
          comment: v.comment,
        })),
      }),
    );
    return request(api.saveReviewScores, { params: { id: e.myAssignmentId! }, body });
  };

  const afterSave = (next: EntryDetail | null) => {
    setSelfEdits({});
    setReviewEdits({});
    setErrors({});
    setSaveError(null);
    if (next) entryChanged(next);
  };

  const save = useMutation({
    mutationFn: saveEdits,
    onSuccess: (next) => {
      afterSave(next);
      message.success(mode === 'fill' ? t('evaluation.self.saved') : t('evaluation.review.saved'));
    },
    onError: (err) => setSaveError(errorText(err)),
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await saveEdits();
      afterSave(saved);
      return mode === 'fill'
        ? request(api.submitSelfAssessment, { params: { id: e.id } })
        : request(api.submitReview, { params: { id: e.myAssignmentId! } });
    },
    onSuccess: (next) => {
      entryChanged(next);
      message.success(mode === 'fill' ? t('evaluation.self.submitted') : t('evaluation.review.submitted'));
    },
    onError: (err) => setSaveError(errorText(err)),
  });
  const confirmSubmit = () => {
    if (!checkEdits()) return;
    modal.confirm({
      title: mode === 'fill' ? t('evaluation.self.submitConfirm') : t('evaluation.review.submitConfirm'),
      content: mode === 'fill' ? t('evaluation.self.submitHint') : t('evaluation.review.submitHint'),
      okText: t('evaluation.submit'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'submit-confirm' } as never,
      onOk: () => submit.mutateAsync().catch(() => undefined),
    });
  };

  const editing = mode === 'fill' || mode === 'score';
  const total = basics.length;

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          {e.consortiumName}
          <EntryStatusTag status={e.status} />
          {e.recommended ? (
            <Tag color="gold" icon={<StarFilled />}>
              {t('evaluation.recommend.tag')}
            </Tag>
          ) : null}
          {e.decision ? <DecisionTag decision={e.decision} /> : null}
        </Space>
      }
      extra={<EntryActions entry={e} can={e.can} onOpen={setOpen} />}
    >
      <Card size="small" style={{ marginBottom: 12 }} data-testid="entry-summary">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('evaluation.entry.round')}>
            <Space size={4} wrap>
              <Link to={`/evaluation/rounds/${e.roundId}`} data-testid="entry-round-link">
                {e.roundName}
              </Link>
              <RoundKindTag kind={e.roundKind} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.round.framework')}>
            {e.frameworkName} {t('evaluation.framework.versionN', { version: e.frameworkVersion })}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.round.selfDueOn')}>
            <DueDate on={e.selfDueOn} pending={e.overdue} />
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.round.reviewDueOn')}>
            <DueDate on={e.reviewDueOn} pending={mode === 'score'} />
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.entry.submittedAt')}>{formatTime(e.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.entry.selfTotal')}>
            <span data-testid="entry-self-total">{scoreText(mode === 'fill' ? selfTotal : e.selfTotal)}</span>
          </Descriptions.Item>
          {e.reviewerCount > 0 || e.roundStatus !== 'open' ? (
            <Descriptions.Item label={t('evaluation.entry.reviews')}>
              {e.reviewsSubmitted} / {e.reviewerCount}
            </Descriptions.Item>
          ) : null}
          {e.total !== null ? (
            <Descriptions.Item label={t('evaluation.entry.total')}>
              <Space size={6} wrap>
                <Typography.Text strong data-testid="entry-total">
                  {scoreText(e.total)}
                </Typography.Text>
                {e.resultLabel ? <Tag style={{ marginInlineEnd: 0 }}>{e.resultLabel}</Tag> : null}
                {e.rank ? (
                  <Typography.Text type="secondary">{t('evaluation.entry.rankN', { rank: e.rank })}</Typography.Text>
                ) : null}
              </Space>
            </Descriptions.Item>
          ) : null}
          {e.deductionTotal > 0 ? (
            <Descriptions.Item label={t('evaluation.deduction.short')}>
              −{scoreText(e.deductionTotal)}
            </Descriptions.Item>
          ) : null}
          {e.total !== null ? (
            <Descriptions.Item label={t('evaluation.round.method')}>{roundLabel('method', e.method)}</Descriptions.Item>
          ) : null}
          {e.decision ? (
            <Descriptions.Item label={t('evaluation.decision.decision')}>
              <Space size={6} wrap>
                <DecisionTag decision={e.decision} />
                {e.decisionOn}
                {e.decisionNote ? <Typography.Text type="secondary">{e.decisionNote}</Typography.Text> : null}
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      {e.returnReason && (e.status === 'returned' || mode === 'fill') ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('evaluation.self.returned')}
          description={<span className="pre-wrap">{e.returnReason}</span>}
          data-testid="entry-returned"
        />
      ) : null}
      {e.overdue ? (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          style={{ marginBottom: 12 }}
          title={t('evaluation.self.overdue', { date: e.selfDueOn })}
        />
      ) : null}
      {mode === 'view' && isSecretariat && e.submittedAt ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('evaluation.self.readOnly')}
          data-testid="entry-readonly"
        />
      ) : null}
      {mode === 'score' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('evaluation.review.independence')} />
      ) : null}
      {mode === 'view' && e.myAssignmentId ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('evaluation.review.done')}
          data-testid="review-done"
        />
      ) : null}

      {editing ? (
        <Card
          size="small"
          className="entry-toolbar"
          style={{ position: 'sticky', top: 56, zIndex: 5, marginBottom: 12 }}
        >
          <Flex gap={12} align="center" wrap justify="space-between">
            <Flex gap={8} align="center" wrap style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text data-testid="entry-progress">
                {mode === 'fill'
                  ? t('evaluation.self.progress', { filled, total })
                  : t('evaluation.review.progress', { filled, total })}
              </Typography.Text>
              <Progress
                percent={total ? Math.round((filled / total) * 100) : 0}
                size="small"
                style={{ width: 160, margin: 0 }}
                showInfo={false}
              />
              <Typography.Text type={dirty ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
                {dirty ? t('evaluation.self.unsaved') : mode === 'fill' ? t('evaluation.self.flagHint') : ''}
              </Typography.Text>
            </Flex>
            <Space wrap>
              <Button
                icon={<SaveOutlined />}
                disabled={!dirty}
                loading={save.isPending}
                onClick={() => checkEdits() && save.mutate()}
                data-testid="entry-save"
              >
                {t('evaluation.saveDraft')}
              </Button>
              {(mode === 'fill' && e.can.submit) || mode === 'score' ? (
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={submit.isPending}
                  onClick={confirmSubmit}
                  data-testid="entry-submit"
                >
                  {t('evaluation.submit')}
                </Button>
              ) : null}
            </Space>
          </Flex>
          {saveError ? (
            <Alert type="error" showIcon title={saveError} style={{ marginTop: 8 }} data-testid="entry-error" />
          ) : null}
        </Card>
      ) : null}

      {groups.length === 0 ? (
        <Empty description={t('evaluation.detail.empty')} />
      ) : (
        groups.map((g) => (
          <section key={g.code} style={{ marginBottom: 8 }}>
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              {g.code} {g.name}
            </Typography.Title>
            {g.points.map((p) => (
              <PointBlock
                key={p.pointCode}
                entryId={e.id}
                point={p}
                mode={mode}
                self={selfValue(p)}
                onSelf={(v) => setSelfEdits((s) => ({ ...s, [p.pointCode]: v }))}
                review={reviewValue(p)}
                onReview={(v) => setReviewEdits((s) => ({ ...s, [p.pointCode]: v }))}
                error={errors[p.pointCode] ?? null}
                assignments={mode === 'score' ? [] : e.assignments}
                onEvidenceChanged={refetch}
              />
            ))}
          </section>
        ))
      )}

      <AssignModal entry={open === 'assign' ? e : null} onClose={() => setOpen(null)} />
      <DeductionModal entry={open === 'deduct' ? e : null} onClose={() => setOpen(null)} />
      <ReturnModal entry={open === 'return' ? e : null} onClose={() => setOpen(null)} />
      <DecisionModal round={{ name: e.roundName }} entry={open === 'decide' ? e : null} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}

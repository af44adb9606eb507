import { PaperClipOutlined, WarningOutlined } from '@ant-design/icons';
import {
  type AssignmentItem,
  api,
  type ComputedFact,
  type ContradictionFlag,
  type EntryPoint,
  type EvidenceFile,
} from '@chanjiao/contracts';
import { Alert, Card, Col, Descriptions, Flex, Input, InputNumber, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { download, request, upload } from '../../api/request';
import { EvidenceFileList, EvidenceUploadButton } from '../../components/EvidenceFiles';
import { formatTime } from '../../components/labels';
import { scoreText } from './roundLabels';

/** 平台记录: the figures the platform computed from records for the point, or that it has none. */
export function FactView({ fact }: { fact: ComputedFact }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      type="inner"
      title={
        <Space size={6} wrap>
          <span>{t('evaluation.fact.title')}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {fact.title}
          </Typography.Text>
        </Space>
      }
      style={{ background: '#fafafa' }}
      data-testid="point-fact"
    >
      {fact.available ? (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} colon>
            {fact.figures.map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                <Typography.Text strong data-testid={`fact-${f.key}`}>
                  {f.value}
                </Typography.Text>
                &nbsp;{f.unit}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {fact.breakdown.length > 0 ? (
            <Flex gap={4} wrap style={{ marginTop: 4 }}>
              {fact.breakdown.map((b) => (
                <Tag key={b.label} style={{ marginInlineEnd: 0 }}>
                  {b.label} {b.value}
                </Tag>
              ))}
            </Flex>
          ) : null}
          {fact.note ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
              {fact.note}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : (
        <Typography.Text type="secondary" data-testid="fact-unavailable">
          {fact.note || t('evaluation.fact.none')}
        </Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
        {t('evaluation.fact.computedAt', { at: formatTime(fact.computedAt) })}
      </Typography.Paragraph>
    </Card>
  );
}

/** 矛盾提示: a number in the narrative that differs from the platform's record. */
export function FlagsAlert({ flags }: { flags: readonly ContradictionFlag[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      style={{ marginBottom: 8 }}
      title={t('evaluation.flag.title')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {flags.map((f) => (
            <li key={`${f.figure}-${f.narrativeValue}-${f.excerpt}`}>
              {t('evaluation.flag.text', {
                figure: f.figure,
                narrative: scoreText(f.narrativeValue),
                computed: scoreText(f.computedValue),
              })}
              {f.excerpt ? (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  「{f.excerpt}」
                </Typography.Text>
              ) : null}
            </li>
          ))}
        </ul>
      }
      data-testid="point-flags"
    />
  );
}

/** The evidence files of a point: download each, and (while filling) upload and remove. */
function EvidenceList({
  entryId,
  pointCode,
  files,
  editable,
  onChanged,
}: {
  entryId: string;
  pointCode: string;
  files: readonly EvidenceFile[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="point-evidence">
      <Flex gap={8} align="center" wrap style={{ marginBottom: files.length ? 4 : 0 }}>
        <Typography.Text type="secondary">
          <PaperClipOutlined /> {t('evaluation.evidence.title', { count: files.length })}
        </Typography.Text>
        {editable ? (
          <EvidenceUploadButton
            send={(file) =>
              upload(api.uploadEvaluationEvidence, {
                params: { id: entryId, pointCode },
                body: {},
                file,
                fileName: file.name,
              }).then(onChanged)
            }
            texts={{
              upload: t('evaluation.evidence.upload'),
              tooLarge: (name) => t('evaluation.evidence.tooLarge', { name }),
              uploaded: (name) => t('evaluation.evidence.uploaded', { name }),
            }}
          />
        ) : null}
        {editable ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('evaluation.evidence.hint')}
          </Typography.Text>
        ) : null}
      </Flex>
      <EvidenceFileList
        files={files.map((f) => ({ ...f, at: f.uploadedAt }))}
        download={(f) =>
          download(api.downloadEvaluationEvidence, { params: { id: entryId, itemId: f.id } }, f.fileName)
        }
        remove={
          editable
            ? {
                run: (f) => request(api.removeEvaluationEvidence, { params: { id: entryId, itemId: f.id } }),
                confirm: (name) => t('evaluation.evidence.removeConfirm', { name }),
                done: t('evaluation.evidence.removed'),
                after: onChanged,
              }
            : null
        }
      />
    </div>
  );
}

export interface SelfValue {
  narrative: string;
  selfScore: number | null;
}
export interface ReviewValue {
  score: number | null;
  comment: string;
}

/**
 * One observation point of an entry: its weight and guidance, the secretariat's narrative and
 * self-score (editable while filling), evidence, the platform's computed facts beside it and the
 * contradiction flags; for a reviewer his own score and comment; after consolidation (and for
 * officials) the reviewers' scores and the consolidated one.
 */
export function PointBlock({
  entryId,
  point: p,
  mode,
  self,
  onSelf,
  review,
  onReview,
  error,
  assignments,
  onEvidenceChanged,
}: {
  entryId: string;
  point: EntryPoint;
  /** fill: the secretariat edits; score: the reviewer scores; view: read-only. */
  mode: 'fill' | 'score' | 'view';
  self: SelfValue;
  onSelf: (v: SelfValue) => void;
  review: ReviewValue;
  onReview: (v: ReviewValue) => void;
  error: string | null;
  /** Officials: every reviewer's scores of the entry. */
  assignments: readonly AssignmentItem[];
  onEvidenceChanged: () => void;
}) {
  const { t } = useTranslation();
  const basic = p.kind === 'basic';
  const filled = basic ? self.narrative.trim() !== '' && self.selfScore !== null : self.narrative.trim() !== '';
  const reviewed = assignments.filter((a) => a.scores[p.pointCode] !== undefined);
  const showReviews = basic && (reviewed.length > 0 || p.consolidatedScore !== null);
  // Without facts, guidance or scores beside it the narrative takes the whole width.
  const side = p.fact !== null || p.guidance !== '' || showReviews;

  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: error ? '#ff4d4f' : undefined }}
      data-testid={`point-${p.pointCode}`}
      title={
        <Flex gap={8} align="baseline" style={{ whiteSpace: 'normal', padding: '6px 0' }}>
          <Typography.Text strong className="mono" style={{ flex: 'none' }}>
            {p.pointCode}
          </Typography.Text>
          <span style={{ fontWeight: 'normal', flex: 1 }}>{p.name}</span>
        </Flex>
      }
      extra={
        <Space size={4}>
          {basic ? (
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {t('evaluation.self.weightN', { weight: p.weight })}
            </Tag>
          ) : (
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              {t('evaluation.point.deductionWeight', { weight: p.weight })}
            </Tag>
          )}
          {mode === 'fill' ? (
            filled ? (
              <Tag color="green" style={{ marginInlineEnd: 0 }}>
                {t('evaluation.self.filled')}
              </Tag>
            ) : (
              <Tag style={{ marginInlineEnd: 0 }}>{t('evaluation.self.unfilled')}</Tag>
            )
          ) : null}
        </Space>
      }
    >
      <Row gutter={[16, 12]}>
        <Col xs={24} lg={side ? 14 : 24}>
          <FlagsAlert flags={p.flags} />
          {mode === 'fill' ? (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('evaluation.self.narrative')}
              </Typography.Text>
              <Input.TextArea
                value={self.narrative}
                onChange={(e) => onSelf({ ...self, narrative: e.target.value })}
                autoSize={{ minRows: 3, maxRows: 12 }}
                maxLength={10000}
                placeholder={t('evaluation.self.narrativePlaceholder')}
                data-testid="self-narrative"
              />
              {basic ? (
                <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
                  <Typography.Text type="secondary">{t('evaluation.self.selfScore')}</Typography.Text>
                  <InputNumber
                    value={self.selfScore}
                    onChange={(v) => onSelf({ ...self, selfScore: typeof v === 'number' ? v : null })}
                    min={0}
                    max={p.weight}
                    step={0.5}
                    status={error ? 'error' : undefined}
                    style={{ width: 110 }}
                    data-testid="self-score"
                  />
                  <Typography.Text type="secondary">
                    {t('evaluation.self.ofWeight', { weight: p.weight })}
                  </Typography.Text>
                </Flex>
              ) : null}
            </>
          ) : (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('evaluation.self.narrative')}
              </Typography.Text>
              <Typography.Paragraph
                style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}
                data-testid="self-narrative-text"
              >
                {p.narrative || <Typography.Text type="secondary">{t('evaluation.self.noNarrative')}</Typography.Text>}
              </Typography.Paragraph>
              {basic ? (
                <Typography.Paragraph style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary">{t('evaluation.self.selfScore')}：</Typography.Text>
                  <Typography.Text strong data-testid="self-score-text">
                    {scoreText(p.selfScore)}
                  </Typography.Text>
                  <Typography.Text type="secondary"> / {p.weight}</Typography.Text>
                </Typography.Paragraph>
              ) : null}
            </>
          )}
          {error ? (
            <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="point-error">
              {error}
            </Typography.Text>
          ) : null}
          <div style={{ marginTop: 8 }}>
            <EvidenceList
              entryId={entryId}
              pointCode={p.pointCode}
              files={p.evidence}
              editable={mode === 'fill'}
              onChanged={onEvidenceChanged}
            />
          </div>
          {mode === 'score' && basic ? (
            <Card
              size="small"
              type="inner"
              title={t('evaluation.review.mine')}
              style={{ marginTop: 12 }}
              data-testid="review-block"
            >
              <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
                <Typography.Text type="secondary">{t('evaluation.review.score')}</Typography.Text>
                <InputNumber
                  value={review.score}
                  onChange={(v) => onReview({ ...review, score: typeof v === 'number' ? v : null })}
                  min={0}
                  max={p.weight}
                  step={0.5}
                  status={error ? 'error' : undefined}
                  style={{ width: 110 }}
                  data-testid="review-score"
                />
                <Typography.Text type="secondary">
                  {t('evaluation.self.ofWeight', { weight: p.weight })}
                </Typography.Text>
              </Flex>
              <Input.TextArea
                value={review.comment}
                onChange={(e) => onReview({ ...review, comment: e.target.value })}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={2000}
                placeholder={t('evaluation.review.commentPlaceholder')}
                data-testid="review-comment"
              />
            </Card>
          ) : null}
          {mode === 'view' && p.myScore !== null ? (
            <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
              <Typography.Text type="secondary">{t('evaluation.review.mine')}：</Typography.Text>
              <Typography.Text strong>{scoreText(p.myScore)}</Typography.Text>
              {p.myComment ? <span className="pre-wrap">　{p.myComment}</span> : null}
            </Typography.Paragraph>
          ) : null}
        </Col>
        {side ? (
          <Col xs={24} lg={10}>
            {p.fact ? <FactView fact={p.fact} /> : null}
            {p.guidance ? (
              <Typography.Paragraph
                type="secondary"
                style={{ whiteSpace: 'pre-wrap', fontSize: 12, marginTop: p.fact ? 8 : 0, marginBottom: 0 }}
                ellipsis={{ rows: 3, expandable: true, symbol: t('evaluation.detail.more') }}
              >
                {t('evaluation.point.guidance')}：{p.guidance}
              </Typography.Paragraph>
            ) : null}
            {showReviews ? (
              <Descriptions size="small" column={1} style={{ marginTop: 8 }} data-testid="point-reviews">
                {reviewed.map((a) => (
                  <Descriptions.Item key={a.id} label={a.reviewerName}>
                    {scoreText(a.scores[p.pointCode])}
                  </Descriptions.Item>
                ))}
                {p.consolidatedScore !== null ? (
                  <Descriptions.Item label={t('evaluation.review.consolidated')}>
                    <Typography.Text strong data-testid="point-consolidated">
                      {scoreText(p.consolidatedScore)}
                    </Typography.Text>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            ) : null}
          </Col>
        ) : null}
      </Row>
    </Card>
  );
}

import { CalculatorOutlined, FilePdfOutlined, InfoCircleOutlined, SendOutlined } from '@ant-design/icons';
import {
  api,
  computeRankingBody,
  DEFAULT_RANKING_WEIGHTS,
  type KpiTargetCheck,
  type RankingDetail,
  type RankingRow,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Statistic,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download, request } from '../../api/request';
import { DataTable, QueryError } from '../../components/DataTable';
import { DownloadButton } from '../../components/ExportButton';
import { FormModal } from '../../components/FormModal';
import { formatTime } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';
import { useShowError } from '../../components/useShowError';
import { ledgerLabel, scoreText, thisYear, useLedgerChanged, useLedgerRole, YearSelect } from './shared';

/** A component score, 无数据 in grey when missing, with what it was computed from in a tooltip. */
function Score({ value, tip, testId }: { value: number | null; tip?: React.ReactNode; testId?: string }) {
  const body =
    value == null ? (
      <Typography.Text type="secondary" data-testid={testId}>
        {scoreText(null)}
      </Typography.Text>
    ) : (
      <span data-testid={testId}>{scoreText(value)}</span>
    );
  if (!tip) return body;
  return (
    <Tooltip title={tip}>
      <span style={{ cursor: 'help', whiteSpace: 'nowrap' }}>
        {body} <InfoCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} />
      </span>
    </Tooltip>
  );
}

/** The per-consortium targets counted (or not yet measurable) for the KPI component. */
function KpiTargets({ targets }: { targets: readonly KpiTargetCheck[] }) {
  const { t } = useTranslation();
  if (targets.length === 0) return <span>{t('ledger.ranking.noTargets')}</span>;
  return (
    <div style={{ maxWidth: 420 }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('ledger.ranking.targetsTitle')}</div>
      {targets.map((k) => (
        <div key={k.id} style={{ marginBottom: 4 }}>
          {k.state === 'measured' ? (k.onTrack ? '✔ ' : '✘ ') : '○ '}
          {k.id} {k.metric} {k.comparator} {k.target}
          {k.unit}
          {k.value != null ? `：${k.value}${k.unit}` : ''}
          {' — '}
          {t(`ledger.ranking.state.${k.state}`)}
          {k.note ? <div style={{ opacity: 0.8, fontSize: 12 }}>{k.note}</div> : null}
        </div>
      ))}
    </div>
  );
}

/**
 * 年度排名: the year's ranking of consortia by the composite, with its formula and weights in
 * full view; officials compute (and recompute) the draft, then publish it; anyone reading the
 * ledger downloads the PDF report.
 */
export function RankingView() {
  const { t } = useTranslation();
  const { manager } = useLedgerRole();
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || thisYear();
  const runs = useApiQuery(api.listRankings, { query: { year, pageSize: 50 } });
  const items = runs.data?.items ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const runId = items.find((r) => r.id === picked)?.id ?? items[0]?.id ?? null;
  const detail = useApiQuery(api.getRanking, { params: { id: runId ?? '' } }, { enabled: !!runId });
  const ranking = detail.data && detail.data.id === runId ? detail.data : undefined;
  const [computing, setComputing] = useState(false);

  const setYear = (y: number) =>
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      next.set('year', String(y));
      return next;
    });

  const computeButton = manager ? (
    <Button
      type={ranking ? 'default' : 'primary'}
      icon={<CalculatorOutlined />}
      onClick={() => setComputing(true)}
      data-testid="ranking-compute"
    >
      {ranking?.status === 'draft' ? t('ledger.ranking.recompute') : t('ledger.ranking.compute')}
    </Button>
  ) : null;

  return (
    <Flex vertical gap={16} data-testid="ranking-view">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Flex gap={8} wrap align="center">
          <YearSelect value={year} onChange={setYear} testId="ranking-year" />
          {items.length > 1 ? (
            <Select
              value={runId ?? undefined}
              onChange={setPicked}
              style={{ minWidth: 260 }}
              options={items.map((r) => ({
                value: r.id,
                label: `${ledgerLabel('rankingStatus', r.status)} · ${formatTime(r.publishedAt ?? r.computedAt)}`,
              }))}
              data-testid="ranking-run"
            />
          ) : null}
        </Flex>
        {/* Without a ranking yet, the empty state below carries the compute button. */}
        {runId ? (
          <Flex gap={8} wrap>
            {computeButton}
            {ranking ? <RankingActions ranking={ranking} manager={manager} /> : null}
          </Flex>
        ) : null}
      </Flex>
      <QueryError query={runs} retry />
      <QueryError query={detail} retry />
      {!runId && !runs.isLoading ? (
        <Card>
          <Empty
            description={manager ? t('ledger.ranking.emptyManager', { year }) : t('ledger.ranking.empty', { year })}
          >
            {computeButton}
          </Empty>
        </Card>
      ) : null}
      {runId && !ranking ? <Card loading /> : null}
      {ranking ? <RankingBody ranking={ranking} /> : null}
      {manager ? (
        <ComputeModal
          open={computing}
          year={year}
          weights={ranking?.weights ?? DEFAULT_RANKING_WEIGHTS}
          onClose={() => setComputing(false)}
          onDone={(id) => setPicked(id)}
        />
      ) : null}
    </Flex>
  );
}

function RankingActions({ ranking, manager }: { ranking: RankingDetail; manager: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const changed = useLedgerChanged();
  const publish = useMutation({
    mutationFn: () => request(api.publishRanking, { params: { id: ranking.id } }),
    onSuccess: () => {
      void changed();
      message.success(t('ledger.ranking.publishedDone'));
    },
    onError: showError,
  });
  return (
    <>
      {manager && ranking.status === 'draft' ? (
        <Popconfirm
          title={t('ledger.ranking.publishConfirm', { year: ranking.year })}
          description={t('ledger.ranking.publishHint')}
          okText={t('ledger.ranking.publish')}
          cancelText={t('common.cancel')}
          onConfirm={() => publish.mutateAsync().catch(() => undefined)}
        >
          <Button type="primary" icon={<SendOutlined />} loading={publish.isPending} data-testid="ranking-publish">
            {t('ledger.ranking.publish')}
          </Button>
        </Popconfirm>
      ) : null}
      <DownloadButton
        icon={<FilePdfOutlined />}
        label={t('ledger.ranking.pdf')}
        run={() =>
          download(
            api.rankingPdf,
            { params: { id: ranking.id } },
            `${t('ledger.ranking.pdfName', { year: ranking.year })}.pdf`,
          )
        }
        testId="ranking-pdf"
      />
    </>
  );
}

function RankingBody({ ranking }: { ranking: RankingDetail }) {
  const { t } = useTranslation();
  const w = ranking.weights;
  const columns: ColumnsType<RankingRow> = [
    {
      title: t('ledger.ranking.rank'),
      dataIndex: 'rank',
      width: 70,
      align: 'center',
      render: (v: number | null) =>
        v == null ? (
          '—'
        ) : (
          <Tag color={v <= 3 ? 'gold' : undefined} style={{ marginInlineEnd: 0 }}>
            {v}
          </Tag>
        ),
    },
    {
      title: t('ledger.ranking.consortium'),
      dataIndex: 'consortiumName',
      render: (v: string) => <div style={{ minWidth: 200, maxWidth: 340, whiteSpace: 'normal' }}>{v}</div>,
    },
    {
      title: `${t('ledger.ranking.evaluation')} (${w.evaluation}%)`,
      dataIndex: 'evaluationScore',
      align: 'right',
      render: (v: number | null, r) => (
        <Score value={v} tip={r.evaluationSource ?? t('ledger.ranking.noEvaluation')} testId="ranking-evaluation" />
      ),
    },
    {
      title: `${t('ledger.ranking.kpi')} (${w.kpi}%)`,
      dataIndex: 'kpiScore',
      align: 'right',
      render: (v: number | null, r) => (
        <Score value={v} tip={<KpiTargets targets={r.kpiTargets} />} testId="ranking-kpi" />
      ),
    },
    {
      title: `${t('ledger.ranking.ledger')} (${w.ledger}%)`,
      dataIndex: 'ledgerScore',
      align: 'right',
      render: (v: number | null, r) => <Score value={v} tip={r.ledgerNote || undefined} testId="ranking-ledger" />,
    },
    {
      title: t('ledger.ranking.effectiveWeights'),
      key: 'effective',
      render: (_, r) => (
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {r.effectiveWeights.evaluation}% / {r.effectiveWeights.kpi}% / {r.effectiveWeights.ledger}%
        </Typography.Text>
      ),
    },
    {
      title: t('ledger.ranking.composite'),
      dataIndex: 'composite',
      align: 'right',
      render: (v: number | null) => (
        <Typography.Text strong data-testid="ranking-composite">
          {scoreText(v)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center" wrap>
            <span>{t('ledger.ranking.formulaTitle', { year: ranking.year })}</span>
            <Tag color={ranking.status === 'published' ? 'green' : 'gold'} data-testid="ranking-status">
              {ledgerLabel('rankingStatus', ranking.status)}
            </Tag>
          </Flex>
        }
        data-testid="ranking-formula-card"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Alert
              type="info"
              title={
                <div className="ledger-formula" data-testid="ranking-formula">
                  {ranking.formula}
                </div>
              }
            />
          </Col>
          <Col xs={24} lg={10}>
            <Row gutter={[12, 12]}>
              <Col span={8}>
                <Statistic
                  title={t('ledger.ranking.evaluation')}
                  value={w.evaluation}
                  suffix="%"
                  data-testid="weight-evaluation"
                />
              </Col>
              <Col span={8}>
                <Statistic title={t('ledger.ranking.kpi')} value={w.kpi} suffix="%" data-testid="weight-kpi" />
              </Col>
              <Col span={8}>
                <Statistic title={t('ledger.ranking.ledger')} value={w.ledger} suffix="%" data-testid="weight-ledger" />
              </Col>
            </Row>
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('ledger.ranking.computedAt')}>
                {formatTime(ranking.computedAt)}
                {ranking.computedBy ? ` · ${ranking.computedBy}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.ranking.publishedAt')}>
                {ranking.publishedAt
                  ? `${formatTime(ranking.publishedAt)}${ranking.publishedBy ? ` · ${ranking.publishedBy}` : ''}`
                  : t('ledger.ranking.notPublished')}
              </Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('ledger.ranking.tableTitle', { count: ranking.rows.length })}>
        <DataTable<RankingRow>
          query={{ isLoading: false, isFetching: false }}
          rowKey="consortiumId"
          columns={columns}
          dataSource={ranking.rows}
          pagination={false}
          emptyText={t('ledger.ranking.noRows')}
          testId="ranking-table"
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          {t('ledger.ranking.noDataHint')}
        </Typography.Paragraph>
      </Card>
    </>
  );
}

interface WeightValues {
  evaluation?: number;
  kpi?: number;
  ledger?: number;
}
const weightFields = ['evaluation', 'kpi', 'ledger'] as const;

/** 计算排名: the year's draft with the weights (percent, adding up to 100); recomputing replaces the draft. */
function ComputeModal({
  open,
  year,
  weights,
  onClose,
  onDone,
}: {
  open: boolean;
  year: number;
  weights: WeightValues;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const changed = useLedgerChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<WeightValues>(open, () => ({
    ...weights,
  }));
  const v = Form.useWatch([], form) as WeightValues | undefined;
  const sum = (v?.evaluation ?? 0) + (v?.kpi ?? 0) + (v?.ledger ?? 0);
  const run = useMutation({
    mutationFn: async () => {
      const values = form.getFieldsValue(true) as WeightValues;
      const body = check(computeRankingBody, { year, weights: values }, []);
      return body ? request(api.computeRanking, { body }) : null;
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(t('ledger.ranking.computedDone', { count: out.rows.length }));
      onDone(out.id);
      onClose();
    },
    onError: (e) => showServerError(e, weightFields, true),
  });
  return (
    <FormModal<WeightValues>
      open={open}
      title={t('ledger.ranking.computeTitle', { year })}
      onClose={onClose}
      onSubmit={() => run.mutate()}
      pending={run.isPending}
      form={form}
      formError={formError}
      okText={t('ledger.ranking.compute')}
      testId="compute-modal"
      submitTestId="compute-modal-ok"
      enter="none"
      intro={<Typography.Paragraph type="secondary">{t('ledger.ranking.computeIntro')}</Typography.Paragraph>}
    >
      <Row gutter={12}>
        {weightFields.map((k) => (
          <Col span={8} key={k}>
            <Form.Item name={k} label={t(`ledger.ranking.${k}`)} required>
              <InputNumber
                min={0}
                max={100}
                precision={0}
                suffix="%"
                style={{ width: '100%' }}
                data-testid={`compute-${k}`}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Typography.Text type={sum === 100 ? 'success' : 'danger'} data-testid="compute-sum">
        {t('ledger.ranking.weightSum', { sum })}
      </Typography.Text>
    </FormModal>
  );
}

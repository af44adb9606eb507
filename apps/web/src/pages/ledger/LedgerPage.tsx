import { EyeOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import {
  api,
  LAGGING_MARGIN,
  LEDGER_GRACE_DAYS,
  type LedgerMeasure,
  type LedgerReportItem,
  type LedgerReportStatus,
  type LedgerTaskItem,
  ledgerFlags,
  ledgerReportStatuses,
} from '@chanjiao/contracts';
import { Alert, Badge, Button, Card, Empty, Flex, Progress, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download, request } from '../../api/request';
import { DataTable, QueryError } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { DeleteAction } from '../../components/RowActions';
import { useShowError } from '../../components/useShowError';
import i18n from '../../i18n';
import { LedgerTable, useLedgerQuery } from './LedgerTable';
import {
  FlagTags,
  ledgerLabel,
  ledgerOptions,
  OpenTitle,
  progressColor,
  quarterFilter,
  reportStatusColor,
  TitleNote,
  thisYear,
  useLedgerChanged,
  useLedgerRole,
  YearSelect,
} from './shared';
import { TaskDrawer } from './TaskDrawer';
import { TaskFormModal } from './TaskFormModal';
import './ledger.css';

type Tab = 'measures' | 'tasks' | 'reports';
const tabs: Tab[] = ['measures', 'tasks', 'reports'];

/** The rules behind the highlighted rows, shown above every view of the ledger. */
function Legend() {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16, paddingBlock: 8 }}
      data-testid="ledger-legend"
      title={
        <Flex vertical gap={2} style={{ fontSize: 13 }}>
          <span>
            <span className="ledger-legend-swatch" style={{ background: '#ff4d4f' }} />
            <Typography.Text strong>{t('ledger.flag.overdue')}</Typography.Text>：
            {t('ledger.legend.overdue', { days: LEDGER_GRACE_DAYS })}
          </span>
          <span>
            <span className="ledger-legend-swatch" style={{ background: '#fa8c16' }} />
            <Typography.Text strong>{t('ledger.flag.lagging')}</Typography.Text>：
            {t('ledger.legend.lagging', { margin: LAGGING_MARGIN })}
          </span>
        </Flex>
      }
    />
  );
}

/**
 * 工作台账: the 25 reform measures with their responsible units and tasks; the tasks with each
 * quarter's report, overdue and lagging ones highlighted; the quarterly reports for review.
 * Officials without an organization give tasks and review reports; a responsible unit reports on
 * its own tasks in the task drawer.
 */
export default function LedgerPage() {
  const { t } = useTranslation();
  const { manager } = useLedgerRole();
  const [sp, setSp] = useSearchParams();
  const tab: Tab = tabs.includes(sp.get('tab') as Tab) ? (sp.get('tab') as Tab) : 'tasks';
  const year = Number(sp.get('year')) || thisYear();
  const measures = useApiQuery(api.listLedgerMeasures, { query: { year } });
  const measureList = measures.data?.items ?? [];
  const [creating, setCreating] = useState<{ measureNo?: number } | null>(null);
  const [editing, setEditing] = useState<LedgerTaskItem | null>(null);

  const taskId = sp.get('task');
  const quarter = Number(sp.get('quarter')) || null;
  const patch = (values: Record<string, string | null>) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(values)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: false },
    );
  const openTask = (id: string, q?: number) => patch({ task: id, quarter: q ? String(q) : null });
  const switchTab = (next: Tab, filters: Record<string, string> = {}) => {
    const keep = new URLSearchParams({ tab: next, ...(sp.get('year') ? { year: String(year) } : {}), ...filters });
    setSp(keep);
  };

  const createButton = manager ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({})} data-testid="task-create">
      {t('ledger.task.create')}
    </Button>
  ) : null;

  return (
    <PageContainer title={t('ledger.menu.ledger')} extra={createButton}>
      <Legend />
      <QueryError query={measures} retry />
      <Tabs
        activeKey={tab}
        onChange={(k) => switchTab(k as Tab)}
        items={[
          {
            key: 'measures',
            label: t('ledger.tabs.measures'),
            children:
              tab === 'measures' ? (
                <MeasuresView
                  year={year}
                  measures={measureList}
                  loading={measures.isFetching}
                  onYear={(y) => patch({ year: String(y) })}
                  onTasks={(no) => switchTab('tasks', { measureNo: String(no) })}
                  onCreate={manager ? (no) => setCreating({ measureNo: no }) : null}
                />
              ) : null,
          },
          {
            key: 'tasks',
            label: t('ledger.tabs.tasks'),
            children:
              tab === 'tasks' ? (
                <TasksView measures={measureList} onOpen={openTask} onEdit={setEditing} createButton={createButton} />
              ) : null,
          },
          {
            key: 'reports',
            label: t('ledger.tabs.reports'),
            children: tab === 'reports' ? <ReportsView measures={measureList} onOpen={openTask} /> : null,
          },
        ]}
      />
      <TaskDrawer
        taskId={taskId}
        quarter={quarter}
        onQuarter={(q) => patch({ quarter: String(q) })}
        onClose={() => patch({ task: null, quarter: null })}
        onEdit={setEditing}
      />
      {manager ? (
        <TaskFormModal
          open={creating !== null || editing !== null}
          task={editing}
          preset={{ measureNo: creating?.measureNo, year }}
          measures={measureList}
          onClose={() => {
            setCreating(null);
            setEditing(null);
          }}
          onSaved={(id) => {
            if (creating) openTask(id);
          }}
        />
      ) : null}
    </PageContainer>
  );
}

/** Government organizations that may take a task, over all measures: the 责任单位 filter. */
function unitOptions(measures: readonly LedgerMeasure[]) {
  const byId = new Map<string, string>();
  for (const m of measures) for (const u of m.eligibleUnits) byId.set(u.id, u.name);
  return [...byId.entries()]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}

/** The 改革举措 and 责任单位 filters of the task and report lists. */
function measureUnitFilters(measures: readonly LedgerMeasure[]): FilterDef[] {
  return [
    {
      kind: 'select',
      key: 'measureNo',
      placeholder: i18n.t('ledger.task.measure'),
      options: measures.map((m) => ({ value: String(m.no), label: `${m.no}. ${m.title}` })),
      search: true,
      width: 240,
    },
    {
      kind: 'select',
      key: 'unitOrgId',
      placeholder: i18n.t('ledger.task.unit'),
      options: unitOptions(measures),
      search: true,
      width: 180,
    },
  ];
}

/** The 25 measures by section: responsible units as the document names them, eligible organizations, tasks. */
function MeasuresView({
  year,
  measures,
  loading,
  onYear,
  onTasks,
  onCreate,
}: {
  year: number;
  measures: readonly LedgerMeasure[];
  loading: boolean;
  onYear: (y: number) => void;
  onTasks: (no: number) => void;
  onCreate: ((no: number) => void) | null;
}) {
  const { t } = useTranslation();
  const sections = useMemo(() => {
    const out = new Map<string, LedgerMeasure[]>();
    for (const m of measures) out.set(m.section, [...(out.get(m.section) ?? []), m]);
    return [...out.entries()];
  }, [measures]);
  const columns: ColumnsType<LedgerMeasure> = [
    { title: t('ledger.measure.no'), dataIndex: 'no', width: 64, render: (v: number) => <Tag>{v}</Tag> },
    {
      title: t('ledger.measure.title'),
      dataIndex: 'title',
      width: 320,
      render: (v: string) => <div style={{ whiteSpace: 'normal' }}>{v}</div>,
    },
    {
      title: t('ledger.measure.units'),
      dataIndex: 'responsibleUnits',
      width: 440,
      render: (units: string[], m) => (
        <div>
          <Flex wrap gap={4}>
            {units.map((u) => (
              <Tag
                key={u}
                style={{ marginInlineEnd: 0 }}
                color={m.anyGovernment && /有关/.test(u) ? 'blue' : undefined}
              >
                {u}
              </Tag>
            ))}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.anyGovernment
              ? t('ledger.measure.anyGovernment')
              : t('ledger.measure.eligible', { count: m.eligibleUnits.length })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('ledger.measure.tasks'),
      dataIndex: 'taskCount',
      align: 'right',
      width: 90,
      render: (v: number) => <span data-testid="measure-task-count">{v}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, m) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<UnorderedListOutlined />} onClick={() => onTasks(m.no)}>
            {t('ledger.measure.viewTasks')}
          </Button>
          {onCreate ? (
            <Button
              type="link"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => onCreate(m.no)}
              data-testid={`measure-create-${m.no}`}
            >
              {t('ledger.measure.addTask')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Flex vertical gap={16} data-testid="measures-view">
      <Flex gap={8} align="center" wrap>
        <YearSelect value={year} onChange={onYear} />
        <Typography.Text type="secondary">
          {t('ledger.measure.summary', {
            count: measures.length,
            tasks: measures.reduce((s, m) => s + m.taskCount, 0),
          })}
        </Typography.Text>
      </Flex>
      {sections.length === 0 && !loading ? (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.measure.empty')} />
        </Card>
      ) : null}
      {sections.map(([section, rows]) => (
        <Card key={section} size="small" title={section} loading={loading && rows.length === 0}>
          <DataTable<LedgerMeasure>
            query={{ isLoading: false, isFetching: loading }}
            rowKey="no"
            columns={columns}
            dataSource={rows}
            pagination={false}
            size="small"
            // The same column widths in every section's table.
            tableLayout="fixed"
            emptyText={t('ledger.measure.empty')}
          />
        </Card>
      ))}
    </Flex>
  );
}

/** One quarter of a task in the table: its report's state and % complete, or what is missing. */
function QuarterCell({ q }: { q: LedgerTaskItem['quarters'][number] }) {
  const { t } = useTranslation();
  if (!q.required && !q.status) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={t('ledger.report.deadlineOn', { date: q.deadline })}>
      <Flex vertical gap={2} style={{ minWidth: 74 }} data-testid={`task-q${q.quarter}`}>
        {q.status ? (
          <Tag color={reportStatusColor[q.status]} style={{ marginInlineEnd: 0, width: 'fit-content' }}>
            {ledgerLabel('reportStatus', q.status)}
          </Tag>
        ) : q.overdue ? null : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ledger.report.awaiting')}
          </Typography.Text>
        )}
        {q.percent !== null ? (
          <Typography.Text style={{ fontSize: 12 }}>
            {q.progress ? <Badge color={progressColor[q.progress]} text={`${q.percent}%`} /> : `${q.percent}%`}
          </Typography.Text>
        ) : null}
        <div>
          {/* Lagging is about a reported % complete; the task's own flag covers quarters not reported yet. */}
          <FlagTags overdue={q.overdue} lagging={q.lagging && q.status !== null} late={q.late} />
        </div>
      </Flex>
    </Tooltip>
  );
}

function TasksView({
  measures,
  onOpen,
  onEdit,
  createButton,
}: {
  measures: readonly LedgerMeasure[];
  onOpen: (id: string, q?: number) => void;
  onEdit: (task: LedgerTaskItem) => void;
  createButton: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { manager } = useLedgerRole();
  const changed = useLedgerChanged();
  const showError = useShowError();
  const filters: FilterDef[] = [
    ...measureUnitFilters(measures),
    {
      kind: 'select',
      key: 'flag',
      placeholder: t('ledger.task.flag'),
      options: ledgerOptions('flag', ledgerFlags),
      width: 140,
    },
  ];
  const lq = useLedgerQuery(filters);

  const columns: ColumnsType<LedgerTaskItem> = [
    {
      title: t('ledger.task.measure'),
      dataIndex: 'measureNo',
      render: (no: number, r) => (
        <Tooltip title={r.measureTitle}>
          <Tag style={{ marginInlineEnd: 0 }}>{t('ledger.measure.noN', { no })}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('ledger.task.unit'),
      dataIndex: ['unit', 'name'],
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    {
      title: t('ledger.task.titleAndTarget'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <OpenTitle title={v} onOpen={() => onOpen(r.id)} testId="task-open" minWidth={220} maxWidth={360}>
          <TitleNote>{r.target}</TitleNote>
          {r.kpi ? (
            <Tooltip title={`${r.kpi.metric} ${r.kpi.comparator} ${r.kpi.target}${r.kpi.unit}（${r.kpi.year}）`}>
              <Tag color="geekblue" style={{ marginTop: 2 }}>
                KPI {r.kpi.id}
              </Tag>
            </Tooltip>
          ) : null}
        </OpenTitle>
      ),
    },
    {
      title: t('ledger.task.dueQuarter'),
      dataIndex: 'dueQuarter',
      render: (q: number) => t('ledger.common.quarterN', { q }),
    },
    ...[1, 2, 3, 4].map((n) => ({
      title: t('ledger.common.quarterN', { q: n }),
      key: `q${n}`,
      render: (_: unknown, r: LedgerTaskItem) => {
        const q = r.quarters.find((x) => x.quarter === n);
        return q ? <QuarterCell q={q} /> : '—';
      },
    })),
    {
      title: t('ledger.task.progress'),
      key: 'percent',
      render: (_, r) => (
        <div style={{ width: 140 }}>
          <Progress
            percent={r.percent}
            size="small"
            status={r.lagging ? 'exception' : 'normal'}
            style={{ margin: 0 }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ledger.task.expected', { percent: r.expectedPercent })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('ledger.task.flag'),
      key: 'flags',
      render: (_, r) => (
        <Flex vertical gap={2} align="start">
          {r.overdue || r.lagging ? <FlagTags overdue={r.overdue} lagging={r.lagging} /> : <span>—</span>}
          {r.pending > 0 ? (
            <Tag color="processing" style={{ marginInlineEnd: 0 }}>
              {t('ledger.task.pending', { count: r.pending })}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size={0} onClick={(e) => e.stopPropagation()}>
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => onOpen(r.id)}>
            {t('ledger.task.open')}
          </Button>
          {manager ? (
            <>
              <Button type="link" size="small" onClick={() => onEdit(r)}>
                {t('common.edit')}
              </Button>
              {r.quarters.every((q) => !q.reportId) ? (
                <DeleteAction
                  confirm={t('ledger.task.deleteConfirm', { title: r.title })}
                  hint={t('ledger.task.deleteHint')}
                  onConfirm={() =>
                    request(api.deleteLedgerTask, { params: { id: r.id } })
                      .then(() => changed())
                      .catch(showError)
                  }
                />
              ) : null}
            </>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <LedgerTable
      descriptor={api.listLedgerTasks}
      list={lq}
      filters={filters}
      columns={columns}
      rowKey="id"
      searchPlaceholder={t('ledger.task.search')}
      rowClassName={(r) => (r.overdue ? 'ledger-row-overdue' : r.lagging ? 'ledger-row-lagging' : '')}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      emptyText={manager ? t('ledger.task.emptyManager') : t('ledger.task.empty')}
      emptyAction={createButton}
      actions={
        <ExportButton
          testId="tasks-export"
          run={() =>
            download(api.exportLedgerTasks, { query: lq.exportQuery }, `${t('ledger.menu.ledger')}-${lq.year}.xlsx`)
          }
        />
      }
      testId="tasks-table"
    />
  );
}

/** The quarterly reports, for officials to review (filter 已提交) and for units to follow theirs. */
function ReportsView({
  measures,
  onOpen,
}: {
  measures: readonly LedgerMeasure[];
  onOpen: (id: string, q?: number) => void;
}) {
  const { t } = useTranslation();
  const filters: FilterDef[] = [
    quarterFilter(),
    {
      kind: 'select',
      key: 'status',
      placeholder: t('ledger.report.status'),
      options: ledgerOptions('reportStatus', ledgerReportStatuses),
      width: 120,
    },
    ...measureUnitFilters(measures),
  ];
  const lq = useLedgerQuery(filters);
  const columns: ColumnsType<LedgerReportItem> = [
    {
      title: t('ledger.task.title'),
      dataIndex: 'taskTitle',
      render: (v: string, r) => (
        <OpenTitle
          title={v}
          onOpen={() => onOpen(r.taskId, r.quarter)}
          testId="report-open"
          minWidth={200}
          maxWidth={340}
          before={<Tag style={{ marginInlineEnd: 6 }}>{t('ledger.measure.noN', { no: r.measureNo })}</Tag>}
        />
      ),
    },
    {
      title: t('ledger.task.unit'),
      dataIndex: ['unit', 'name'],
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    {
      title: t('ledger.common.quarter'),
      dataIndex: 'quarter',
      render: (q: number) => t('ledger.common.quarterN', { q }),
    },
    {
      title: t('ledger.report.status'),
      dataIndex: 'status',
      render: (s: LedgerReportStatus, r) => (
        <Flex gap={4} wrap>
          <Tag color={reportStatusColor[s]} style={{ marginInlineEnd: 0 }} data-testid="report-row-status">
            {ledgerLabel('reportStatus', s)}
          </Tag>
          {r.resubmitted ? (
            <Tag color="purple" style={{ marginInlineEnd: 0 }}>
              {t('ledger.report.resubmitted')}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('ledger.report.progress'),
      dataIndex: 'progress',
      render: (p: LedgerReportItem['progress'], r) => (
        <Badge color={progressColor[p]} text={`${ledgerLabel('progress', p)} ${r.percent}%`} />
      ),
    },
    {
      title: t('ledger.report.submittedAt'),
      dataIndex: 'submittedAt',
      render: (v: string | null, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatTime(v)} <FlagTags late={r.late} />
        </span>
      ),
    },
    {
      title: t('ledger.report.reviewComment'),
      dataIndex: 'reviewComment',
      render: (v: string | null) => (
        <Typography.Paragraph
          style={{ margin: 0, maxWidth: 260, minWidth: 140 }}
          ellipsis={{ rows: 2 }}
          type="secondary"
        >
          {v ?? '—'}
        </Typography.Paragraph>
      ),
    },
    { title: t('ledger.evidence.title'), dataIndex: 'evidenceCount', align: 'right' },
  ];
  return (
    <LedgerTable
      descriptor={api.listLedgerReports}
      list={lq}
      filters={filters}
      columns={columns}
      rowKey="id"
      searchPlaceholder={t('ledger.report.search')}
      onRow={(r) => ({ onClick: () => onOpen(r.taskId, r.quarter), style: { cursor: 'pointer' } })}
      emptyText={t('ledger.report.empty')}
      testId="reports-table"
    />
  );
}

import { EditOutlined } from '@ant-design/icons';
import { api, type LedgerTaskDetail, type LedgerTaskItem } from '@chanjiao/contracts';
import { Badge, Button, Card, Descriptions, Drawer, Flex, Grid, Progress, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { QueryError } from '../../components/DataTable';
import { QuarterPanel } from './ReportPanel';
import { EventTimeline, FlagTags, ledgerLabel, reportStatusColor, thisQuarter, thisYear } from './shared';

/** The cockpit KPI a task is linked to: 「T24 毕业生去向落实率 ≥ 90%（2026）」. */
export function kpiText(kpi: LedgerTaskItem['kpi']): string {
  if (!kpi) return '—';
  return `${kpi.id} ${kpi.metric} ${kpi.comparator} ${kpi.target}${kpi.unit}（${kpi.year}）`;
}

/** The quarter a drawer opens on: the one asked for, else one awaiting the caller, else the current one. */
function defaultQuarter(task: LedgerTaskDetail): number {
  const awaiting = task.can.manage
    ? task.quarters.find((q) => q.status === 'submitted')
    : task.quarters.find((q) => q.status === 'returned' || q.status === 'draft');
  if (awaiting) return awaiting.quarter;
  if (task.year === thisYear()) return thisQuarter();
  return task.year < thisYear() ? 4 : 1;
}

/**
 * 任务详情: the task (measure, unit, target, KPI, due quarter, progress against the straight line),
 * its quarters Q1–Q4 as tabs with the report of each, and the task's dated history.
 */
export function TaskDrawer({
  taskId,
  quarter,
  onQuarter,
  onClose,
  onEdit,
}: {
  taskId: string | null;
  quarter: number | null;
  onQuarter: (q: number) => void;
  onClose: () => void;
  onEdit: (task: LedgerTaskItem) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const detail = useApiQuery(api.getLedgerTask, { params: { id: taskId ?? '' } }, { enabled: !!taskId });
  const task = detail.data && detail.data.id === taskId ? detail.data : undefined;
  // The quarter chosen on opening stays put while reports change state (no jumping tabs).
  const [pinned, setPinned] = useState<{ taskId: string; quarter: number } | null>(null);
  useEffect(() => {
    if (task && pinned?.taskId !== task.id) setPinned({ taskId: task.id, quarter: defaultQuarter(task) });
  }, [task, pinned]);
  const active = quarter ?? (pinned?.taskId === taskId ? pinned.quarter : task ? defaultQuarter(task) : 1);

  return (
    <Drawer
      open={!!taskId}
      onClose={onClose}
      size={screens.md ? 780 : '100%'}
      title={task ? task.title : t('ledger.task.detail')}
      extra={
        task?.can.manage ? (
          <Button icon={<EditOutlined />} onClick={() => onEdit(task)} data-testid="task-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
      destroyOnHidden
      data-testid="task-drawer"
    >
      <QueryError query={detail} retry />
      {!task ? (
        <Card loading size="small" />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('ledger.task.measure')} span={2}>
              {task.measureNo}. {task.measureTitle}
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.task.unit')}>{task.unit.name}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.common.year')}>{task.year}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.task.target')} span={2}>
              <div className="pre-wrap">{task.target}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.task.kpi')}>{kpiText(task.kpi)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.task.dueQuarter')}>
              {t('ledger.common.quarterDue', { q: task.dueQuarter })}
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.task.progress')} span={2}>
              <Flex gap={8} align="center" wrap>
                <Progress
                  percent={task.percent}
                  success={{ percent: 0 }}
                  size="small"
                  status={task.lagging ? 'exception' : 'normal'}
                  style={{ width: 220, margin: 0 }}
                />
                <Typography.Text type="secondary">
                  {t('ledger.task.expected', { percent: task.expectedPercent })}
                </Typography.Text>
                <FlagTags overdue={task.overdue} lagging={task.lagging} />
              </Flex>
            </Descriptions.Item>
          </Descriptions>

          <Card size="small" title={t('ledger.report.title')} styles={{ body: { paddingTop: 0 } }}>
            <Tabs
              activeKey={String(active)}
              onChange={(k) => onQuarter(Number(k))}
              items={task.quarters.map((q) => ({
                key: String(q.quarter),
                label: (
                  <span data-testid={`quarter-tab-${q.quarter}`}>
                    {t('ledger.common.quarterN', { q: q.quarter })}{' '}
                    {q.status ? (
                      <Tag color={reportStatusColor[q.status]} style={{ marginInlineEnd: 0 }}>
                        {ledgerLabel('reportStatus', q.status)}
                      </Tag>
                    ) : q.overdue ? (
                      <Badge status="error" />
                    ) : null}
                  </span>
                ),
                children: <QuarterPanel task={task} quarter={q} />,
              }))}
            />
          </Card>

          <Card size="small" title={t('ledger.history.title')}>
            <EventTimeline events={task.events} />
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}

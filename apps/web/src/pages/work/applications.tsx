import { HistoryOutlined, LogoutOutlined, RollbackOutlined, SwapRightOutlined } from '@ant-design/icons';
import {
  type ApplicationItem,
  type ApplicationStage,
  api,
  endPlacementBody,
  moveApplicationBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Popconfirm,
  Radio,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { routeKey, useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { formatTime } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';
import { useErrorText, useShowError } from '../../components/useShowError';
import { stageColor, talentLabel } from './talentLabels';

export function StageTag({ stage }: { stage: ApplicationStage }) {
  return (
    <Tag color={stageColor[stage]} style={{ marginInlineEnd: 0 }} data-testid="application-stage">
      {talentLabel('stage', stage)}
    </Tag>
  );
}

/** After a write on applications: every list and detail of them refetched (and the job's counts). */
export function useApplicationsChanged() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listApplications) });
    void queryClient.invalidateQueries({ queryKey: routeKey(api.getApplication) });
  };
}

interface MoveValues {
  to?: ApplicationStage;
  note?: string;
  onboardOn?: Dayjs | null;
}
const moveFields = ['to', 'note', 'onboardOn'] as const;

/**
 * Moves an application to one of the stages the server allows the caller now (筛选/面试/录用/入职/
 * 未录用), with a note; a refused move (e.g. a second full-time placement, 409) shows the server's
 * message in the dialog.
 */
function MoveModal({ app, onClose }: { app: ApplicationItem | null; onClose: () => void }) {
  const changed = useApplicationsChanged();
  const moves = (app?.allowedMoves ?? []).filter((s) => s !== 'withdrawn');
  const { t, message, form, formError, showServerError, check } = useModalForm<MoveValues>(
    app?.id,
    () => ({ to: moves[0], note: '', onboardOn: dayjs() }),
    { deps: [app] },
  );
  const to = Form.useWatch('to', form);
  const move = useMutation({
    mutationFn: (body: { to: ApplicationStage; note?: string; onboardOn?: string }) =>
      request(api.moveApplication, { params: { id: app!.id }, body }),
    onSuccess: (saved) => {
      changed();
      message.success(t('work.app.moved', { name: saved.studentName, stage: talentLabel('stage', saved.stage) }));
      onClose();
    },
    onError: (e) => showServerError(e, moveFields),
  });
  const submit = () => {
    const v = form.getFieldsValue(true) as MoveValues;
    const body = {
      to: v.to,
      note: v.note?.trim() ? v.note.trim() : undefined,
      onboardOn: v.to === 'onboard' ? (isoDay(v.onboardOn) ?? undefined) : undefined,
    };
    const data = check(moveApplicationBody, body, moveFields);
    if (data) move.mutate(data);
  };
  return (
    <FormModal<MoveValues>
      open={app !== null}
      title={app ? t('work.app.moveTitle', { name: app.studentName, job: app.jobTitle }) : ''}
      onClose={onClose}
      onSubmit={submit}
      okText={t('work.app.move')}
      pending={move.isPending}
      submitTestId="move-submit"
      testId="move-modal"
      errorTestId="move-error"
      enter="none"
      requiredMark
      form={form}
      formError={formError}
      intro={
        app && (
          <Flex align="center" gap={8} style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('work.app.currentStage')}</Typography.Text>
            <StageTag stage={app.stage} />
          </Flex>
        )
      }
    >
      <Form.Item name="to" label={t('work.app.toStage')} required>
        <Radio.Group
          optionType="button"
          options={moves.map((s) => ({ value: s, label: talentLabel('stage', s) }))}
          data-testid="move-stage"
        />
      </Form.Item>
      {to === 'onboard' && (
        <Form.Item name="onboardOn" label={t('work.app.onboardOn')} required>
          <DatePicker
            inputReadOnly
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
            data-testid="move-onboardOn"
          />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('common.note')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="move-note" />
      </Form.Item>
    </FormModal>
  );
}

interface EndValues {
  endedOn?: Dayjs | null;
  reason?: string;
}

/** 离职: ends an onboard placement so the student may take another full-time one. */
function EndModal({ app, onClose }: { app: ApplicationItem | null; onClose: () => void }) {
  const changed = useApplicationsChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<EndValues>(
    app?.id,
    () => ({ endedOn: dayjs(), reason: '' }),
    { deps: [app] },
  );
  const end = useMutation({
    mutationFn: (body: { endedOn: string; reason: string }) =>
      request(api.endPlacement, { params: { id: app!.id }, body }),
    onSuccess: (saved) => {
      changed();
      message.success(t('work.app.ended', { name: saved.studentName }));
      onClose();
    },
    onError: (e) => showServerError(e, ['endedOn', 'reason']),
  });
  const submit = () => {
    const v = form.getFieldsValue(true) as EndValues;
    const data = check(endPlacementBody, { endedOn: isoDay(v.endedOn), reason: v.reason ?? '' }, ['endedOn', 'reason']);
    if (data) end.mutate(data);
  };
  return (
    <FormModal<EndValues>
      open={app !== null}
      title={app ? t('work.app.endTitle', { name: app.studentName }) : ''}
      onClose={onClose}
      onSubmit={submit}
      okText={t('work.app.end')}
      danger
      pending={end.isPending}
      enter="none"
      requiredMark
      form={form}
      formError={formError}
    >
      <Form.Item name="endedOn" label={t('work.app.endedOn')} required>
        <DatePicker inputReadOnly disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
      </Form.Item>
      <Form.Item name="reason" label={t('work.app.endReason')} required>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}

/** The dated history of one application, oldest first. */
export function HistoryDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const detail = useApiQuery(api.getApplication, { params: { id: id ?? '' } }, { enabled: id !== null });
  const d = detail.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={d ? t('work.app.historyTitle', { job: d.jobTitle }) : t('work.app.history')}
      size={screens.sm ? 480 : '100%'}
      data-testid="history-drawer"
    >
      {detail.isPending && id !== null ? (
        <Spin />
      ) : detail.isError ? (
        <Alert type="error" showIcon title={errorText(detail.error)} />
      ) : d ? (
        <>
          <Flex vertical gap={4} style={{ marginBottom: 16 }}>
            <Typography.Text strong>{d.studentName}</Typography.Text>
            <Typography.Text type="secondary">
              {d.schoolName} · {d.majorName ?? d.majorCode}
            </Typography.Text>
            <Typography.Text type="secondary">
              {d.orgName} · {d.jobTitle} · {talentLabel('jobKind', d.kind)}
            </Typography.Text>
            <Flex gap={8} align="center">
              <StageTag stage={d.stage} />
              <Tag style={{ marginInlineEnd: 0 }}>{talentLabel('origin', d.origin)}</Tag>
              {d.countedInCohort && <Tag color="green">{t('work.app.counted')}</Tag>}
            </Flex>
          </Flex>
          <Timeline
            data-testid="history-timeline"
            items={d.events.map((e) => ({
              key: e.id,
              color: e.kind in stageColor ? stageColor[e.kind as ApplicationStage] : 'gray',
              content: (
                <div>
                  <div>
                    <Typography.Text strong>{formatTime(e.createdAt)}</Typography.Text>{' '}
                    {e.fromStage && e.fromStage !== e.kind && e.fromStage in stageColor && (
                      <>{talentLabel('stage', e.fromStage)} → </>
                    )}
                    <Typography.Text>{talentLabel('event', e.kind)}</Typography.Text>
                  </div>
                  {e.note && <div className="pre-wrap">{e.note}</div>}
                  {e.actorName && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.actorName}
                    </Typography.Text>
                  )}
                </div>
              ),
            }))}
          />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Drawer>
  );
}

/**
 * The actions of an application row (stage move, 离职, 撤回 for the student, history) and the
 * dialogs they open; the buttons follow what the server says the caller may do (`allowedMoves`, `canEnd`).
 */
export function useApplicationActions(): { actions: (a: ApplicationItem) => ReactNode; dialogs: ReactNode } {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const changed = useApplicationsChanged();
  const [moving, setMoving] = useState<ApplicationItem | null>(null);
  const [ending, setEnding] = useState<ApplicationItem | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const withdraw = useMutation({
    mutationFn: (a: ApplicationItem) =>
      request(api.moveApplication, { params: { id: a.id }, body: { to: 'withdrawn' } }),
    onSuccess: (a) => {
      changed();
      message.success(t('work.app.withdrawn', { job: a.jobTitle }));
    },
    onError: showError,
  });
  const actions = (a: ApplicationItem) => {
    const forward = a.allowedMoves.filter((s) => s !== 'withdrawn');
    return (
      <Flex gap={4} wrap={false}>
        {forward.length > 0 && (
          <Button
            type="link"
            size="small"
            icon={<SwapRightOutlined />}
            onClick={() => setMoving(a)}
            data-testid={`app-move-${a.id}`}
          >
            {t('work.app.move')}
          </Button>
        )}
        {a.allowedMoves.includes('withdrawn') && (
          <Popconfirm
            title={t('work.app.withdrawConfirm', { job: a.jobTitle })}
            description={t('work.app.withdrawHint')}
            okText={t('work.app.withdraw')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => withdraw.mutateAsync(a).catch(() => undefined)}
          >
            <Button type="link" size="small" danger icon={<RollbackOutlined />} data-testid={`app-withdraw-${a.id}`}>
              {t('work.app.withdraw')}
            </Button>
          </Popconfirm>
        )}
        {a.canEnd && (
          <Button type="link" size="small" icon={<LogoutOutlined />} onClick={() => setEnding(a)}>
            {t('work.app.end')}
          </Button>
        )}
        <Button
          type="link"
          size="small"
          icon={<HistoryOutlined />}
          onClick={() => setHistory(a.id)}
          data-testid={`app-history-${a.id}`}
        >
          {t('work.app.history')}
        </Button>
      </Flex>
    );
  };
  const dialogs = (
    <>
      <MoveModal app={moving} onClose={() => setMoving(null)} />
      <EndModal app={ending} onClose={() => setEnding(null)} />
      <HistoryDrawer id={history} onClose={() => setHistory(null)} />
    </>
  );
  return { actions, dialogs };
}

/** Columns of an application list: who, which job (unless one job's list), kind, origin, stage, match. */
export function applicationColumns(
  t: (k: string, o?: Record<string, unknown>) => string,
  opts: { job: boolean; student: boolean; actions: (a: ApplicationItem) => ReactNode },
): ColumnsType<ApplicationItem> {
  const cols: ColumnsType<ApplicationItem> = [];
  if (opts.student)
    cols.push({
      title: t('work.app.student'),
      key: 'student',
      render: (_, a) => (
        <div style={{ minWidth: 160 }}>
          <Typography.Text strong>{a.studentName}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {a.schoolName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {a.majorName ?? a.majorCode}
            {a.expectedGraduation ? ` · ${t('work.graduates', { month: a.expectedGraduation })}` : ''}
          </Typography.Text>
        </div>
      ),
    });
  if (opts.job)
    cols.push({
      title: t('work.app.job'),
      key: 'job',
      render: (_, a) => (
        <div style={{ minWidth: 160, maxWidth: 280, whiteSpace: 'normal' }}>
          <Link to={`/talent/jobs/${a.jobId}`}>{a.jobTitle}</Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {a.orgName}
          </Typography.Text>
        </div>
      ),
    });
  cols.push(
    { title: t('work.job.kind'), dataIndex: 'kind', render: (v: ApplicationItem['kind']) => talentLabel('jobKind', v) },
    {
      title: t('work.app.origin'),
      dataIndex: 'origin',
      render: (v: ApplicationItem['origin']) => (
        <Tag color={v === 'enterprise' ? 'purple' : 'default'} style={{ marginInlineEnd: 0 }}>
          {talentLabel('origin', v)}
        </Tag>
      ),
    },
    { title: t('work.app.stage'), dataIndex: 'stage', render: (v: ApplicationStage) => <StageTag stage={v} /> },
    {
      title: t('work.app.match'),
      key: 'match',
      render: (_, a) =>
        a.matchScore === null ? (
          '—'
        ) : (
          <div style={{ minWidth: 120, maxWidth: 240, whiteSpace: 'normal' }}>
            <Typography.Text strong>{a.matchScore}</Typography.Text>
            {a.matchReason && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {a.matchReason}
              </Typography.Text>
            )}
          </div>
        ),
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v) },
    { title: t('common.actions'), key: 'actions', render: (_, a) => opts.actions(a) },
  );
  return cols;
}

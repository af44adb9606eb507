import { DeleteOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import {
  api,
  type CaseStatus,
  caseStatusLabels,
  hasPermission,
  type LedgerEvent,
  type LedgerEvidenceFile,
  type LedgerReportStatus,
  ledgerFlagLabels,
  ledgerReportStatusLabels,
  type PolicyItemStatus,
  type ProgressStatus,
  policyItemStatusLabels,
  progressStatusLabels,
  rankingStatusLabels,
} from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Popconfirm, Select, Tag, Timeline, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, request } from '../../api/request';
import { useMe } from '../../api/session';
import { formatSize, formatTime } from '../../components/labels';
import { useShowError } from '../../components/useShowError';
import i18n, { currentLanguage } from '../../i18n';

/** The contracts' Chinese label maps of the ledger enums; English comes from `ledger.codes.<kind>.<code>`. */
const maps = {
  reportStatus: ledgerReportStatusLabels,
  progress: progressStatusLabels,
  caseStatus: caseStatusLabels,
  policyStatus: policyItemStatusLabels,
  rankingStatus: rankingStatusLabels,
  flag: ledgerFlagLabels,
} satisfies Record<string, Record<string, string>>;
export type LedgerCodeKind = keyof typeof maps;

/** The label of a ledger enum value in the UI language; a dash when empty. */
export function ledgerLabel(kind: LedgerCodeKind, code: string | null | undefined): string {
  if (!code) return '—';
  const zh = (maps[kind] as Record<string, string>)[code] ?? code;
  if (currentLanguage() === 'zh-CN') return zh;
  return i18n.t(`ledger.codes.${kind}.${code}`, { defaultValue: zh });
}

/** Select options for every value of a ledger enum, in the contract's order. */
export function ledgerOptions(kind: LedgerCodeKind, codes?: readonly string[]) {
  return (codes ?? Object.keys(maps[kind])).map((value) => ({ value, label: ledgerLabel(kind, value) }));
}

export const reportStatusColor: Record<LedgerReportStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
};
export const progressColor: Record<ProgressStatus, string> = {
  not_started: 'default',
  in_progress: 'blue',
  completed: 'green',
  blocked: 'red',
};
export const caseStatusColor: Record<CaseStatus, string> = {
  submitted: 'processing',
  shortlisted: 'gold',
  selected: 'green',
  not_selected: 'default',
};
export const policyStatusColor: Record<PolicyItemStatus, string> = {
  not_started: 'default',
  in_progress: 'blue',
  done: 'green',
};

/** The year a ledger page opens on: this calendar year. */
export const thisYear = () => dayjs().year();
/** The quarter we are in now (1–4). */
export const thisQuarter = () => Math.floor(dayjs().month() / 3) + 1;

/** Years a ledger page offers: 2023 (the policy's start) to next year, newest first. */
export function yearOptions() {
  const out: { value: string; label: string }[] = [];
  for (let y = thisYear() + 1; y >= 2023; y--) out.push({ value: String(y), label: String(y) });
  return out;
}

/** A year picker that always has a value (the pages show one year at a time). */
export function YearSelect({
  value,
  onChange,
  testId,
}: {
  value: number;
  onChange: (year: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      value={String(value)}
      options={yearOptions().map((o) => ({ ...o, label: t('ledger.common.yearN', { year: o.value }) }))}
      onChange={(v: string) => onChange(Number(v))}
      style={{ width: 110 }}
      data-testid={testId ?? 'filter-year'}
    />
  );
}

/**
 * Who the caller is on the ledger: a manager (ledger.manage and no organization: 市教委 / 工作专班),
 * a reporter (ledger.report with an organization or a consortium: a responsible unit or a secretariat).
 */
export function useLedgerRole() {
  const me = useMe().data!.user;
  const manager = hasPermission(me, 'ledger.manage') && !me.orgId;
  const reporter = hasPermission(me, 'ledger.report') && (!!me.orgId || !!me.consortiumId);
  return { me, manager, reporter };
}

/** Refreshes every cached ledger query after a write (lists, details, rankings). */
export function useLedgerChanged() {
  const qc = useQueryClient();
  return useCallback(
    () =>
      qc.invalidateQueries({
        predicate: (q) => typeof q.queryKey[1] === 'string' && q.queryKey[1].startsWith('/api/ledger'),
      }),
    [qc],
  );
}

/** 逾期 / 滞后 tags of a task or a quarter. */
export function FlagTags({ overdue, lagging, late }: { overdue?: boolean; lagging?: boolean; late?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {overdue ? (
        <Tag color="red" style={{ marginInlineEnd: 4 }} data-testid="flag-overdue">
          {t('ledger.flag.overdue')}
        </Tag>
      ) : null}
      {lagging ? (
        <Tag color="orange" style={{ marginInlineEnd: 4 }} data-testid="flag-lagging">
          {t('ledger.flag.lagging')}
        </Tag>
      ) : null}
      {late ? (
        <Tag color="volcano" variant="filled" style={{ marginInlineEnd: 4 }}>
          {t('ledger.flag.late')}
        </Tag>
      ) : null}
    </>
  );
}

/** The files attached to a report, a case or a policy item: download, and delete when allowed. */
export function EvidenceList({
  files,
  canDelete,
  onDeleted,
}: {
  files: readonly LedgerEvidenceFile[];
  canDelete: boolean;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState<string | null>(null);
  if (files.length === 0) return <Typography.Text type="secondary">{t('ledger.evidence.none')}</Typography.Text>;
  return (
    <Flex vertical gap={2} data-testid="evidence-list">
      {files.map((f) => (
        <Flex key={f.id} align="center" gap={4} wrap>
          <PaperClipOutlined style={{ color: '#8c8c8c' }} />
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            loading={busy === f.id}
            style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => {
              setBusy(f.id);
              download(api.downloadLedgerFile, { params: { id: f.fileId } }, f.fileName)
                .catch(showError)
                .finally(() => setBusy(null));
            }}
            data-testid="evidence-download"
          >
            {f.fileName}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatSize(f.size)} · {formatTime(f.createdAt)}
            {f.uploadedBy ? ` · ${f.uploadedBy}` : ''}
          </Typography.Text>
          {canDelete ? (
            <Popconfirm
              title={t('ledger.evidence.deleteConfirm', { name: f.fileName })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                request(api.deleteLedgerEvidence, { params: { id: f.id } })
                  .then(() => {
                    message.success(t('ledger.evidence.deleted'));
                    onDeleted();
                  })
                  .catch(showError)
              }
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
            </Popconfirm>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

/** The server's limit on an evidence file. */
export const maxEvidenceBytes = 20 * 1024 * 1024;
export const evidenceAccept = '.pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg';

/** 上传佐证材料: picks one file and hands it to `send` (a multipart route call); the button spins meanwhile. */
export function EvidenceUpload({ send, testId }: { send: (file: File) => Promise<unknown>; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  // antd's Upload does not pass a test id on: the wrapper carries it.
  return (
    <span data-testid={testId}>
      <Upload
        accept={evidenceAccept}
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > maxEvidenceBytes) {
            message.error(t('ledger.evidence.tooLarge'));
            return Upload.LIST_IGNORE;
          }
          setBusy(true);
          send(file)
            .then(() => message.success(t('ledger.evidence.uploaded', { name: file.name })))
            .catch(showError)
            .finally(() => setBusy(false));
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy}>
          {t('ledger.evidence.upload')}
        </Button>
      </Upload>
    </span>
  );
}

const eventColor = (e: LedgerEvent) =>
  e.toStatus === 'returned' ? 'orange' : e.toStatus === 'accepted' || e.toStatus === 'selected' ? 'green' : 'blue';

/** The dated history (ledger_events), newest first. */
export function EventTimeline({ events, testId }: { events: readonly LedgerEvent[]; testId?: string }) {
  const { t } = useTranslation();
  if (events.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.history.empty')} />;
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      data-testid={testId ?? 'ledger-history'}
      items={sorted.map((e) => ({
        key: e.id,
        color: eventColor(e),
        content: (
          <div>
            <Flex gap={6} wrap align="baseline">
              <Typography.Text strong>
                {currentLanguage() === 'zh-CN'
                  ? e.actionLabel
                  : t(`ledger.actions.${e.action}`, { defaultValue: e.actionLabel })}
              </Typography.Text>
              {e.quarter ? (
                <Tag style={{ marginInlineEnd: 0 }}>{t('ledger.common.quarterN', { q: e.quarter })}</Tag>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(e.at)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
            </Flex>
            {e.comment ? <div className="pre-wrap">{e.comment}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

/** A score 0–100 with one decimal, or 无数据. */
export function scoreText(v: number | null | undefined): string {
  return v == null ? i18n.t('ledger.ranking.noData') : (Math.round(v * 10) / 10).toFixed(1);
}

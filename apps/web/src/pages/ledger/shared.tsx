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
import { Button, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { download, request } from '../../api/request';
import { useMe } from '../../api/session';
import { EvidenceFileList, EvidenceUploadButton } from '../../components/EvidenceFiles';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { codeLabeler } from '../../components/labels';
import type { FilterDef } from '../../components/paged/FilterBar';
import { YearSelect as BaseYearSelect, yearOptions as baseYearOptions, thisYear } from '../../components/YearSelect';
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

const ledgerCodes = codeLabeler(maps, 'ledger.codes');
/** The label of a ledger enum value in the UI language; a dash when empty. */
export const ledgerLabel = ledgerCodes.label;
/** Select options for every value of a ledger enum, in the contract's order. */
export const ledgerOptions = ledgerCodes.options;

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
export { thisYear };
/** The quarter we are in now (1–4). */
export const thisQuarter = () => Math.floor(dayjs().month() / 3) + 1;

/** Years a ledger page offers: 2023 (the policy's start) to next year, newest first. */
export const yearOptions = () => baseYearOptions();

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
    <BaseYearSelect
      value={value}
      onChange={onChange}
      label={(year) => t('ledger.common.yearN', { year })}
      testId={testId ?? 'filter-year'}
    />
  );
}

/** The 季度 filter of a ledger list. */
export function quarterFilter(): FilterDef {
  return {
    kind: 'select',
    key: 'quarter',
    placeholder: i18n.t('ledger.common.quarter'),
    options: [1, 2, 3, 4].map((q) => ({ value: String(q), label: i18n.t('ledger.common.quarterN', { q }) })),
    width: 100,
  };
}

/**
 * A record's title in a ledger list: a link that opens it (the row's click opens it too), with
 * `before` on its line and `children` (its summary, tags) under it.
 */
export function OpenTitle({
  title,
  onOpen,
  testId,
  minWidth,
  maxWidth,
  before,
  children,
}: {
  title: string;
  onOpen: () => void;
  testId: string;
  minWidth: number;
  maxWidth: number;
  before?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div style={{ minWidth, maxWidth, whiteSpace: 'normal' }}>
      {before}
      <Button
        type="link"
        style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
        onClick={(e) => {
          e.stopPropagation();
          onOpen();
        }}
        data-testid={testId}
      >
        {title}
      </Button>
      {children}
    </div>
  );
}

/** Its summary under a title in a list: two lines at most. */
export function TitleNote({ children }: { children: ReactNode }) {
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2 }}>
      {children}
    </Typography.Paragraph>
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
  return (
    <EvidenceFileList
      files={files.map((f) => ({ ...f, at: f.createdAt }))}
      download={(f) => download(api.downloadLedgerFile, { params: { id: f.fileId } }, f.fileName)}
      remove={
        canDelete
          ? {
              run: (f) => request(api.deleteLedgerEvidence, { params: { id: f.id } }),
              confirm: (name) => t('ledger.evidence.deleteConfirm', { name }),
              done: t('ledger.evidence.deleted'),
              after: onDeleted,
            }
          : null
      }
      emptyText={t('ledger.evidence.none')}
    />
  );
}

/** 上传佐证材料 of the ledger: `send` is the record's multipart route call. */
export function EvidenceUpload({ send, testId }: { send: (file: File) => Promise<unknown>; testId?: string }) {
  const { t } = useTranslation();
  return (
    <EvidenceUploadButton
      send={send}
      testId={testId}
      texts={{
        upload: t('ledger.evidence.upload'),
        tooLarge: () => t('ledger.evidence.tooLarge'),
        uploaded: (name) => t('ledger.evidence.uploaded', { name }),
      }}
    />
  );
}

const eventColor = (e: LedgerEvent) =>
  e.toStatus === 'returned' ? 'orange' : e.toStatus === 'accepted' || e.toStatus === 'selected' ? 'green' : 'blue';

/** The dated history (ledger_events), newest first. */
export function EventTimeline({ events, testId }: { events: readonly LedgerEvent[]; testId?: string }) {
  const { t } = useTranslation();
  const zh = currentLanguage() === 'zh-CN';
  return (
    <HistoryTimeline
      testId={testId ?? 'ledger-history'}
      emptyText={t('ledger.history.empty')}
      steps={[...events]
        .sort((a, b) => b.at.localeCompare(a.at))
        .map((e) => ({
          id: e.id,
          at: e.at,
          title: zh ? e.actionLabel : t(`ledger.actions.${e.action}`, { defaultValue: e.actionLabel }),
          tag: e.quarter ? t('ledger.common.quarterN', { q: e.quarter }) : null,
          actorName: e.actorName,
          note: e.comment,
          color: eventColor(e),
        }))}
    />
  );
}

/** A score 0–100 with one decimal, or 无数据. */
export function scoreText(v: number | null | undefined): string {
  return v == null ? i18n.t('ledger.ranking.noData') : (Math.round(v * 10) / 10).toFixed(1);
}

import {
  type AssignmentStatus,
  assignmentStatusLabels,
  consolidationMethodLabels,
  type EntryDecision,
  type EntryStatus,
  entryDecisionLabels,
  entryStatusLabels,
  type RoundKind,
  type RoundStatus,
  roundKindLabels,
  roundStatusLabels,
} from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useCallback } from 'react';
import i18n, { currentLanguage } from '../../i18n';

/** The contract's Chinese label maps of the evaluation rounds, one per coded field. */
const zh = {
  roundKind: roundKindLabels,
  roundStatus: roundStatusLabels,
  entryStatus: entryStatusLabels,
  assignmentStatus: assignmentStatusLabels,
  decision: entryDecisionLabels,
  method: consolidationMethodLabels,
} as const;
export type RoundCodeKind = keyof typeof zh;

/**
 * The label of a coded value of the rounds: the contract's Chinese label in zh-CN, the locale
 * file's `evaluation.codes.<kind>.<code>` in English.
 */
export function roundLabel(kind: RoundCodeKind, code: string | null | undefined): string {
  if (!code) return '—';
  const label = (zh[kind] as Record<string, string>)[code] ?? code;
  if (currentLanguage() === 'zh-CN') return label;
  return i18n.t(`evaluation.codes.${kind}.${code}`, { defaultValue: label });
}

/** Select options for every code of a kind, in the contract's order. */
export function roundOptions(kind: RoundCodeKind) {
  return Object.keys(zh[kind]).map((value) => ({ value, label: roundLabel(kind, value) }));
}

const roundStatusColor: Record<RoundStatus, string> = {
  draft: 'default',
  open: 'processing',
  reviewing: 'purple',
  consolidated: 'green',
  closed: 'default',
};
const entryStatusColor: Record<EntryStatus, string> = {
  not_started: 'default',
  draft: 'gold',
  submitted: 'blue',
  returned: 'orange',
  under_review: 'purple',
  scored: 'green',
};
const assignmentStatusColor: Record<AssignmentStatus, string> = {
  assigned: 'default',
  draft: 'gold',
  submitted: 'green',
};
const kindColor: Record<RoundKind, string> = {
  application: 'cyan',
  recommendation: 'geekblue',
  acceptance: 'volcano',
  annual: 'blue',
};

export function RoundKindTag({ kind }: { kind: RoundKind }) {
  return (
    <Tag color={kindColor[kind]} style={{ marginInlineEnd: 0 }}>
      {roundLabel('roundKind', kind)}
    </Tag>
  );
}

export function RoundStatusTag({ status }: { status: RoundStatus }) {
  return (
    <Tag color={roundStatusColor[status]} style={{ marginInlineEnd: 0 }} data-testid="round-status">
      {roundLabel('roundStatus', status)}
    </Tag>
  );
}

export function EntryStatusTag({ status }: { status: EntryStatus }) {
  return (
    <Tag color={entryStatusColor[status]} style={{ marginInlineEnd: 0 }} data-testid="entry-status">
      {roundLabel('entryStatus', status)}
    </Tag>
  );
}

export function AssignmentStatusTag({ status }: { status: AssignmentStatus }) {
  return (
    <Tag color={assignmentStatusColor[status]} style={{ marginInlineEnd: 0 }} data-testid="assignment-status">
      {roundLabel('assignmentStatus', status)}
    </Tag>
  );
}

export function DecisionTag({ decision }: { decision: EntryDecision }) {
  return (
    <Tag color={decision === 'accepted' ? 'green' : 'red'} style={{ marginInlineEnd: 0 }} data-testid="entry-decision">
      {roundLabel('decision', decision)}
    </Tag>
  );
}

/** A score for people: at most one decimal place (the half points of the contract), or a dash. */
export function scoreText(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n * 10 - Math.round(n * 10)) < 1e-9 ? 1 : 2);
}

/**
 * Refreshes everything the rounds pages show after a write (rounds, entries, reviews, history):
 * one write can change a round's counts, an entry's status and a reviewer's task list at once.
 */
export function useRoundsChanged() {
  const qc = useQueryClient();
  return useCallback(() => {
    void qc.invalidateQueries({
      predicate: (q) => {
        const path = q.queryKey[1];
        return (
          typeof path === 'string' &&
          (path.startsWith('/api/evaluation-rounds') ||
            path.startsWith('/api/evaluation-entries') ||
            path.startsWith('/api/review-assignments') ||
            path.startsWith('/api/consortia'))
        );
      },
    });
  }, [qc]);
}

import {
  type ApplicationStage,
  applicationEventLabels,
  applicationOriginLabels,
  applicationStageLabels,
  educationLevelLabels,
  type JobStatus,
  jobKindLabels,
  jobStatusLabels,
  studentIntentLabels,
} from '@chanjiao/contracts';
import i18n, { currentLanguage } from '../../i18n';

type Labels = Record<string, { 'zh-CN': string; 'en-US': string }>;

/** The contracts' bilingual label maps of the talent enums. */
const maps = {
  jobKind: jobKindLabels,
  jobStatus: jobStatusLabels,
  level: educationLevelLabels,
  stage: applicationStageLabels,
  origin: applicationOriginLabels,
  intent: studentIntentLabels,
  event: applicationEventLabels,
} satisfies Record<string, Labels>;
export type TalentCode = keyof typeof maps;

/** The label of a talent enum value in the UI language; the code itself when unknown, a dash when empty. */
export function talentLabel(kind: TalentCode, code: string | null | undefined): string {
  if (!code) return '—';
  const entry = (maps[kind] as Labels)[code];
  return entry ? entry[currentLanguage()] : code;
}

/** Select options for every value of a talent enum, in the contract's order. */
export function talentOptions(kind: TalentCode, codes?: readonly string[]) {
  return (codes ?? Object.keys(maps[kind])).map((value) => ({ value, label: talentLabel(kind, value) }));
}

export const jobStatusColor: Record<JobStatus, string> = {
  draft: 'default',
  published: 'green',
  closed: 'red',
};

export const stageColor: Record<ApplicationStage, string> = {
  applied: 'blue',
  screening: 'cyan',
  interview: 'geekblue',
  offer: 'gold',
  onboard: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

/** 4000–6000 元/月, or a dash. */
export function salaryText(min: number | null, max: number | null): string {
  if (min == null && max == null) return '—';
  const unit = i18n.t('work.salaryUnit');
  if (min != null && max != null) return min === max ? `${min} ${unit}` : `${min}–${max} ${unit}`;
  if (min != null) return i18n.t('work.salaryFrom', { min, unit });
  return i18n.t('work.salaryUpTo', { max, unit });
}

/** A graduation window (2026-06 – 2027-06, either end open). */
export function windowText(from: string | null, to: string | null): string {
  if (!from && !to) return i18n.t('work.anyGraduation');
  return `${from ?? '…'} – ${to ?? '…'}`;
}

import {
  type CatalogueGroupBy,
  catalogueGroupByLabels,
  type Destination,
  destinationLabels,
  type EducationLevelCode,
  educationLevelLabels,
  educationLevels,
  type StudentIntent,
  studentIntentLabels,
  studentIntents,
  type WarningColor,
  type WarningRuleKind,
  warningColorLabels,
  warningRuleKindLabels,
} from '@chanjiao/contracts';
import dayjs from 'dayjs';
import { currentLanguage } from '../../i18n';

type Labels<K extends string> = Record<K, { 'zh-CN': string; 'en-US': string }>;

/** A contract label in the UI language; the code itself when the contract does not know it. */
function labelOf<K extends string>(map: Labels<K>, code: K | string | null | undefined): string {
  if (!code) return '—';
  return (map as Record<string, { 'zh-CN': string; 'en-US': string }>)[code]?.[currentLanguage()] ?? code;
}

export const levelLabel = (c: EducationLevelCode | string | null | undefined) => labelOf(educationLevelLabels, c);
export const intentLabel = (c: StudentIntent | string | null | undefined) => labelOf(studentIntentLabels, c);
export const destinationLabel = (c: Destination) => labelOf(destinationLabels, c);
export const colorLabel = (c: WarningColor) => labelOf(warningColorLabels, c);
export const ruleKindLabel = (c: WarningRuleKind) => labelOf(warningRuleKindLabels, c);
export const groupByLabel = (c: CatalogueGroupBy) => labelOf(catalogueGroupByLabels, c);

export const levelOptions = () => educationLevels.map((value) => ({ value, label: levelLabel(value) }));
export const intentOptions = () => studentIntents.map((value) => ({ value, label: intentLabel(value) }));

/** antd Tag colours of the warning colours. */
export const warningTagColor: Record<WarningColor, string> = { red: 'red', yellow: 'gold', green: 'green' };

/** A fraction as a percentage with one decimal (0.8734 → 87.3%), or a dash. */
export function percent(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

/** A ratio with two decimals at most (2.5, 1.33), or a dash. */
export function ratioText(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return String(Math.round(v * 100) / 100);
}

/** A count with thousands separators. */
export function count(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v.toLocaleString(currentLanguage());
}

/** The report years to choose from: 2020 up to next year, newest first. */
export function yearOptions(): { value: string; label: string }[] {
  const last = dayjs().year() + 1;
  const out: { value: string; label: string }[] = [];
  for (let y = last; y >= 2020; y--) out.push({ value: String(y), label: String(y) });
  return out;
}

/** The current calendar year, the default report year. */
export const thisYear = () => dayjs().year();

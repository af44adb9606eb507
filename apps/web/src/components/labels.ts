import {
  certificationKindLabels,
  certificationLevelLabels,
  consortiumLevelLabels,
  consortiumStatusLabels,
  councilSeatLabels,
  documentKindLabels,
  leadKindLabels,
  memberRoleLabels,
  orgTypeLabels,
  type Role,
  roleLabels,
  schoolLevelLabels,
} from '@chanjiao/contracts';
import dayjs from 'dayjs';
import i18n, { currentLanguage } from '../i18n';

export function roleLabel(role: Role): string {
  return roleLabels[role][currentLanguage()];
}

/** A server timestamp in local time, or a dash. */
export function formatTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : iso;
}

/** The contract's Chinese label maps, one per coded field. */
const zhLabels = {
  orgType: orgTypeLabels,
  schoolLevel: schoolLevelLabels,
  certificationKind: certificationKindLabels,
  certificationLevel: certificationLevelLabels,
  consortiumLevel: consortiumLevelLabels,
  consortiumStatus: consortiumStatusLabels,
  leadKind: leadKindLabels,
  memberRole: memberRoleLabels,
  councilSeat: councilSeatLabels,
  documentKind: documentKindLabels,
} as const;
export type CodeKind = keyof typeof zhLabels;
export type CodeOf<K extends CodeKind> = keyof (typeof zhLabels)[K] & string;

/**
 * The label of a coded value: the contract's Chinese label in zh-CN, the locale file's
 * `codes.<kind>.<code>` in English; the code itself for a value the contract does not know.
 */
export function codeLabel<K extends CodeKind>(kind: K, code: CodeOf<K> | string | null | undefined): string {
  if (!code) return '—';
  const zh = (zhLabels[kind] as Record<string, string>)[code];
  if (currentLanguage() === 'zh-CN') return zh ?? code;
  return i18n.t(`codes.${kind}.${code}`, { defaultValue: zh ?? code });
}

/** Select options for every code of a kind, in the contract's order. */
export function codeOptions<K extends CodeKind>(kind: K, codes?: readonly CodeOf<K>[]) {
  const all = codes ?? (Object.keys(zhLabels[kind]) as CodeOf<K>[]);
  return all.map((value) => ({ value, label: codeLabel(kind, value) }));
}

/**
 * The label and Select options of a page family's coded values: the contract's Chinese label in
 * zh-CN, the locale file's `<prefix>.<kind>.<code>` in English; a dash when empty, the code itself
 * for a value the contract does not know.
 */
export function codeLabeler<K extends string>(maps: Record<K, Record<string, string>>, prefix: string) {
  const label = (kind: K, code: string | null | undefined): string => {
    if (!code) return '—';
    const zh = maps[kind][code] ?? code;
    if (currentLanguage() === 'zh-CN') return zh;
    return i18n.t(`${prefix}.${kind}.${code}`, { defaultValue: zh });
  };
  /** Select options for every value of a kind, in the contract's order. */
  const options = (kind: K, codes?: readonly string[]) =>
    (codes ?? Object.keys(maps[kind])).map((value) => ({ value, label: label(kind, value) }));
  return { label, options };
}

/** antd Tag colours of the consortium lifecycle. */
export const consortiumStatusColor: Record<keyof typeof consortiumStatusLabels, string> = {
  preparing: 'default',
  cultivating: 'processing',
  accepted: 'green',
  exemplary: 'gold',
  revoked: 'red',
};

/** A byte count for people: 12.3 KB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

import { type Role, roleLabels } from '@chanjiao/contracts';
import dayjs from 'dayjs';
import { currentLanguage } from '../i18n';

export function roleLabel(role: Role): string {
  return roleLabels[role][currentLanguage()];
}

/** A server timestamp in local time, or a dash. */
export function formatTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : iso;
}

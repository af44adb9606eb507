import dayjs, { type Dayjs } from 'dayjs';

/** A DatePicker value as the contract's YYYY-MM-DD, or null. */
export function isoDay(d: Dayjs | null | undefined): string | null {
  return d?.isValid() ? d.format('YYYY-MM-DD') : null;
}

/** A YYYY-MM-DD from the server as a DatePicker value. */
export function dayOf(iso: string | null | undefined): Dayjs | null {
  return iso ? dayjs(iso) : null;
}

/** A term or period: 2023-10-27 – 至今. */
export function period(from: string | null | undefined, to: string | null | undefined, openEnd: string): string {
  return `${from ?? '—'} – ${to ?? openEnd}`;
}

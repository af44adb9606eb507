import { AppError } from '../errors';

/** Why a whole file was refused (row-level problems are `RowError`s, not exceptions). */
export type SheetErrorReason =
  | 'FILE_TOO_LARGE'
  | 'TOO_MANY_ROWS'
  | 'EMPTY_FILE'
  | 'LEGACY_XLS'
  | 'HTML_FILE'
  | 'NOT_TEXT'
  | 'UNREADABLE_XLSX'
  | 'SHEET_NOT_FOUND'
  | 'NO_HEADER';

/**
 * A file the import cannot read at all. It is an `AppError` (VALIDATION, or PAYLOAD_TOO_LARGE for
 * the size limits), so the one error handler answers with the Chinese message; `reason` tells callers
 * and tests which limit or format problem it was.
 */
export class SheetError extends AppError {
  constructor(
    readonly reason: SheetErrorReason,
    zh: string,
    en: string,
    details?: Record<string, unknown>,
  ) {
    super(
      reason === 'FILE_TOO_LARGE' || reason === 'TOO_MANY_ROWS' ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION',
      { 'zh-CN': zh, 'en-US': en },
      { reason, ...details },
    );
    this.name = 'SheetError';
  }

  /** The message a person reads (zh-CN). */
  get zh(): string {
    return this.messageFor('zh-CN');
  }
}

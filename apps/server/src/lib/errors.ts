import { type ErrorCode, errorMessages, errorStatus, type Locale } from '@chanjiao/contracts';

export type LocalizedMessage = Partial<Record<Locale, string>>;

/** The one error type services throw; the error handler turns it into `{code, message, details, requestId}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly localized?: LocalizedMessage,
    readonly details?: unknown,
  ) {
    super(localized?.['en-US'] ?? localized?.['zh-CN'] ?? errorMessages['en-US'][code]);
    this.status = errorStatus[code];
  }

  messageFor(locale: Locale): string {
    return this.localized?.[locale] ?? this.localized?.['zh-CN'] ?? errorMessages[locale][this.code];
  }
}

export const notFound = (what?: LocalizedMessage) => new AppError('NOT_FOUND', what);
export const forbidden = () => new AppError('FORBIDDEN');
export const outOfScope = () => new AppError('OUT_OF_SCOPE');

// Excel/CSV import and export shared by every list and bulk import. See README.md.
export {
  type ColumnKind,
  defineColumns,
  halfWidthAlnum,
  halfWidthAscii,
  normalizeHeader,
  type RowValues,
  type SheetColumn,
} from './columns';
export { SheetError, type SheetErrorReason } from './errors';
export {
  type CellRaw,
  cleanText,
  type NormalizedValue,
  type NormalizeResult,
  normalizeCell,
  numberToText,
  PRECISION_LOST,
  serialToDate,
} from './normalize';
export {
  type CellIssue,
  decodeText,
  MAX_BYTES,
  MAX_ROWS,
  type ParsedColumn,
  type ParsedRow,
  type ParsedSheet,
  type ParseOptions,
  parseSheet,
  type SheetInput,
  type SheetLayout,
  streamSheet,
} from './read';
export { ERROR_COLUMN_HEADER, type ErrorReportOptions, errorReportXlsx } from './report';
export {
  type RowChecker,
  type RowError,
  type RowIssue,
  rowChecker,
  type ValidateOptions,
  type ValidationResult,
  type ValidRow,
  validateRows,
} from './validate';
export {
  type ExportOptions,
  exportXlsx,
  exportXlsxTo,
  INSTRUCTIONS_SHEET,
  OPTIONS_SHEET,
  type TemplateOptions,
  templateXlsx,
} from './write';

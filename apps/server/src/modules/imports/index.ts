export { importRoutes } from './imports.routes';
export {
  type ApplyResult,
  IMPORT_MAX_BYTES,
  type ImportHandler,
  type ImportPlan,
  type ImportUpload,
  saveUpload,
  settleImports,
  startImport,
  sweepImports,
} from './imports.service';

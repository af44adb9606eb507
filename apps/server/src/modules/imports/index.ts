export { importRoutes } from './imports.routes';
export { type ImportHandler, settleImports, startImport, streamToBuffer } from './imports.service';

export { dataDir, loadReferenceData, referenceRows } from './reference.loader';
export { referenceRoutes } from './reference.routes';
export { type ReferenceCodes, referenceCodes } from './reference.service';

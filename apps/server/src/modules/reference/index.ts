export { dataDir, loadReferenceData, referenceRows } from './reference.loader';
export { referenceRoutes } from './reference.routes';

export { evaluationRoutes } from './evaluation.routes';
export * as evaluationService from './evaluation.service';
export { ensureDefaultFramework } from './evaluation.service';

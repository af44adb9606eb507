export { evaluationRoutes } from './evaluation.routes';
export * as evaluationService from './evaluation.service';
export { ensureDefaultFramework } from './evaluation.service';
export { roundRoutes } from './rounds.routes';
export * as roundService from './rounds.service';
export { latestEvaluationScores, remindEvaluation } from './rounds.service';

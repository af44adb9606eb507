export { type MatchingRuntime, matchingRuntime, startMatching, stopMatching } from './matching.index';
export { matchingRoutes } from './matching.routes';
export { explainMatch } from './matching.service';
export { announceMatchChanges, MATCHING_CHANNEL, type MatchEntity, type MatchOp, recordMatchChanges } from './outbox';

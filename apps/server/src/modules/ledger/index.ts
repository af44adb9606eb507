export { ledgerRoutes } from './ledger.routes';
export { expectedPercent, isLagging, reportDeadline, type TaskFacts, taskFlags } from './ledger.rules';
export { listTasks as listLedgerTasks, remindLedger } from './ledger.service';
export { formulaText, rankConsortia } from './ranking';

import type { AppRoute } from '../../routes';

/** The ledger, 赛马比拼 and policy-item pages' routes (issue 5), spread into the app's route table. */
export const ledgerRoutes: AppRoute[] = [];

import type { AppRoute } from '../../routes';

/** The cockpit pages' routes (issue 6), spread into the app's route table. */
export const cockpitRoutes: AppRoute[] = [];

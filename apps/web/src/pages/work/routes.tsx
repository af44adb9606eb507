import type { AppRoute } from '../../routes';

/** The work pages' routes (menu entries and detail pages), spread into the app's route table. */
export const workRoutes: AppRoute[] = [];

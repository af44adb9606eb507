import type { AppRoute } from '../../routes';

/** The insight pages' routes (menu entries and detail pages), spread into the app's route table. */
export const insightRoutes: AppRoute[] = [];

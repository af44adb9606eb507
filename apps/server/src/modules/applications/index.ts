export { placementsByCohort } from './applications.repository';
export { applicationRoutes } from './applications.routes';
export * as applicationService from './applications.service';

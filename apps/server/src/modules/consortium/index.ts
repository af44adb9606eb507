export { consortiumRoutes } from './consortium.routes';
export * as consortiumService from './consortium.service';

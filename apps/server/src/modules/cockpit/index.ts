export { cockpitRoutes } from './cockpit.routes';

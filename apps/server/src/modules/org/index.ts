export { orgRoutes } from './org.routes';

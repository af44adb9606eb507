export { cockpitRoutes } from './cockpit.routes';
export { loadDefinitions, overview } from './cockpit.service';
export { type KpiFormula, kpiDefinitions, kpiFormula } from './kpis';
export { refreshNow, startCockpit } from './refresher';

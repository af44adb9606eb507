export { talentReportRoutes } from './talentReports.routes';
export {
  demandCatalogue,
  exportDemandCatalogue,
  exportMajorFit,
  listWarningRules,
  majorFit,
  majorWarnings,
} from './talentReports.service';

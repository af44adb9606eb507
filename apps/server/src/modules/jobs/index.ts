export { canReadJob, canWriteJob, type JobScope, jobReadWhere, jobScope } from './jobs.policy';
export { jobRoutes } from './jobs.routes';
export { getJob, getJobForScope, type JobRefForScope, jobVisibilityWhere } from './jobs.service';

import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addRoute } from '../../lib/routing';
import * as jobs from './jobs.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function jobRoutes(app: FastifyInstance) {
  addRoute(app, api.listJobs, ({ ctx, query }) => jobs.listJobs(ctx, query));
  addRoute(app, api.exportJobs, async ({ ctx, query, reply }) => {
    const buffer = await jobs.exportJobs(ctx, query);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition('岗位需求.xlsx'))
      .send(buffer);
  });
  addRoute(app, api.getJob, ({ ctx, params }) => jobs.getJob(ctx, params.id));
  addRoute(app, api.createJob, ({ ctx, body }) => jobs.createJob(ctx, body));
  addRoute(app, api.updateJob, ({ ctx, params, body }) => jobs.updateJob(ctx, params.id, body));
  addRoute(app, api.setJobStatus, ({ ctx, params, body }) => jobs.setJobStatus(ctx, params.id, body));
  addRoute(app, api.deleteJob, ({ ctx, params }) => jobs.deleteJob(ctx, params.id));
  addRoute(app, api.restoreJob, ({ ctx, params }) => jobs.restoreJob(ctx, params.id));
}

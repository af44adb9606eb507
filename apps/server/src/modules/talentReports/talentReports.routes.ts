import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addRoute } from '../../lib/routing';
import * as reports from './talentReports.service';

/** Building a report file is the expensive call: a few a minute per client is plenty. */
const EXPORT_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };

function sendFile(reply: FastifyReply, f: reports.ReportFile) {
  return reply
    .header('content-type', f.mime)
    .header('content-disposition', contentDisposition(f.fileName))
    .send(f.buffer);
}

export async function talentReportRoutes(app: FastifyInstance) {
  addRoute(app, api.demandCatalogue, ({ ctx, query }) => reports.demandCatalogue(ctx, query));
  addRoute(
    app,
    api.exportDemandCatalogue,
    async ({ ctx, query, reply }) => sendFile(reply, await reports.exportDemandCatalogue(ctx, query)),
    EXPORT_LIMIT,
  );
  addRoute(app, api.majorFit, ({ ctx, query }) => reports.majorFit(ctx, query));
  addRoute(
    app,
    api.exportMajorFit,
    async ({ ctx, query, reply }) => sendFile(reply, await reports.exportMajorFit(ctx, query)),
    EXPORT_LIMIT,
  );
  addRoute(app, api.majorWarnings, ({ ctx, query }) => reports.majorWarnings(ctx, query));

  addRoute(app, api.listWarningRules, ({ ctx }) => reports.listWarningRules(ctx));
  addRoute(app, api.createWarningRule, ({ ctx, body }) => reports.createWarningRule(ctx, body));
  addRoute(app, api.updateWarningRule, ({ ctx, params, body }) => reports.updateWarningRule(ctx, params.id, body));
  addRoute(app, api.deleteWarningRule, ({ ctx, params }) => reports.disableWarningRule(ctx, params.id));
}

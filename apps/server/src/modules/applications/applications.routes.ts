import { api } from '@chanjiao/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addRoute } from '../../lib/routing';
import * as applications from './applications.service';

export async function applicationRoutes(app: FastifyInstance) {
  addRoute(app, api.apply, ({ ctx, body }) => applications.apply(ctx, body));
  addRoute(app, api.listApplications, ({ ctx, query }) => applications.listApplications(ctx, query));
  addRoute(app, api.exportApplications, async ({ ctx, query, reply }) => {
    const buf = await applications.exportApplications(ctx, query, ExcelJS);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('投递与录用.xlsx'));
    return reply.send(buf) as never;
  });
  addRoute(app, api.getApplication, ({ ctx, params }) => applications.getApplication(ctx, params.id));
  addRoute(app, api.moveApplication, ({ ctx, params, body }) => applications.moveApplication(ctx, params.id, body));
  addRoute(app, api.endPlacement, ({ ctx, params, body }) => applications.endPlacement(ctx, params.id, body));
}

import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addRoute } from '../../lib/routing';
import * as imports from './imports.service';

export async function importRoutes(app: FastifyInstance) {
  addRoute(app, api.getImport, ({ ctx, params }) => imports.getJob(ctx, params.id));
  addRoute(app, api.importReport, async ({ ctx, params, reply }) => {
    const f = await imports.reportOf(ctx, params.id);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-length', f.size)
      .header('content-disposition', contentDisposition(f.fileName))
      .send(f.stream) as never;
  });
}

import { api } from '@chanjiao/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import * as audit from './audit.service';

export async function auditRoutes(app: FastifyInstance) {
  addRoute(app, api.listAudit, ({ ctx, query }) => audit.listAudit(ctx, query));
  addRoute(app, api.verifyAudit, ({ ctx }) => audit.verifyChain(ctx.deps.db));
  addRoute(app, api.exportAudit, async ({ ctx, query, reply }) => {
    const buf = await audit.exportWorkbook(ctx, query, ExcelJS);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`);
    return reply.send(buf) as never;
  });
}

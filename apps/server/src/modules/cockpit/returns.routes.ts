import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addMultipartRoute, addRoute } from '../../lib/routing';
import * as briefing from './briefing.service';
import * as returns from './returns.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const send = (reply: FastifyReply, type: string, f: { buffer: Buffer; fileName: string }) =>
  reply.header('content-type', type).header('content-disposition', contentDisposition(f.fileName)).send(f.buffer);

/** 统计填报 and the monthly briefing (issue 6). */
export async function returnRoutes(app: FastifyInstance) {
  addRoute(app, api.listReturnableKpis, ({ ctx }) => returns.listReturnableKpis(ctx));
  addRoute(app, api.listKpiReturns, ({ ctx, query }) => returns.listReturns(ctx, query));
  addRoute(app, api.exportKpiReturns, async ({ ctx, query, reply }) =>
    send(reply, XLSX, await returns.exportReturns(ctx, query)),
  );
  addRoute(app, api.createKpiReturn, ({ ctx, body }) => returns.createReturn(ctx, body));
  addRoute(app, api.getKpiReturn, ({ ctx, params }) => returns.getReturn(ctx, params.id));
  addRoute(app, api.updateKpiReturn, ({ ctx, params, body }) => returns.updateReturn(ctx, params.id, body));
  addRoute(app, api.deleteKpiReturn, ({ ctx, params }) => returns.deleteReturn(ctx, params.id));
  addRoute(app, api.submitKpiReturn, ({ ctx, params }) => returns.submitReturn(ctx, params.id));
  addRoute(app, api.approveKpiReturn, ({ ctx, params }) => returns.approveReturn(ctx, params.id));
  addRoute(app, api.rejectKpiReturn, ({ ctx, params, body }) => returns.rejectReturn(ctx, params.id, body.reason));
  addMultipartRoute(app, api.uploadKpiReturnEvidence, {
    beforeFile: ({ params, ctx }) => returns.assertEvidenceWritable(ctx, params.id),
    onFile: (stream, filename, ctx) => returns.storeEvidence(ctx, stream, filename),
    handler: ({ ctx, params, file }) => returns.addEvidence(ctx, params.id, file),
  });
  addRoute(app, api.deleteKpiReturnEvidence, ({ ctx, params }) =>
    returns.removeEvidence(ctx, params.id, params.itemId),
  );
  addRoute(app, api.downloadKpiReturnFile, async ({ ctx, params, reply }) => {
    const f = await returns.openEvidence(ctx, params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-length', f.size)
      .header('content-disposition', contentDisposition(f.fileName))
      .send(f.stream);
  });

  addRoute(app, api.briefingPdf, async ({ ctx, query, reply }) =>
    send(reply, 'application/pdf', await briefing.briefingPdf(ctx, query.month)),
  );
  addRoute(app, api.briefingXlsx, async ({ ctx, query, reply }) =>
    send(reply, XLSX, await briefing.briefingXlsx(ctx, query.month)),
  );
}

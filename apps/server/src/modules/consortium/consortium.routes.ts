import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addMultipartRoute, addRoute } from '../../lib/routing';
import { IMPORT_MAX_BYTES, saveUpload, startImport } from '../imports';
import * as consortium from './consortium.service';
import { memberImportHandler, memberImportTemplate } from './members.import';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, buffer: Buffer, fileName: string) {
  return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(fileName)).send(buffer);
}

export async function consortiumRoutes(app: FastifyInstance) {
  addRoute(app, api.listConsortia, ({ ctx, query }) => consortium.listConsortia(ctx, query));
  addRoute(app, api.exportConsortia, async ({ ctx, query, reply }) =>
    sendXlsx(reply, await consortium.exportConsortia(ctx, query), '联合体名单.xlsx'),
  );
  addRoute(app, api.createConsortium, ({ ctx, body }) => consortium.createConsortium(ctx, body));
  addRoute(app, api.getConsortium, ({ ctx, params }) => consortium.getConsortium(ctx, params.id));
  addRoute(app, api.updateConsortium, ({ ctx, params, body }) => consortium.updateConsortium(ctx, params.id, body));
  addRoute(app, api.changeConsortiumStatus, ({ ctx, params, body }) =>
    consortium.changeConsortiumStatus(ctx, params.id, body),
  );

  addRoute(app, api.listMembers, ({ ctx, params, query }) => consortium.listMembers(ctx, params.id, query));
  addRoute(app, api.exportMembers, async ({ ctx, params, query, reply }) => {
    const { buffer, fileName } = await consortium.exportMembers(ctx, params.id, query);
    return sendXlsx(reply, buffer, fileName);
  });
  addRoute(app, api.addMember, ({ ctx, params, body }) => consortium.addMember(ctx, params.id, body));
  addRoute(app, api.memberLeave, ({ ctx, params, body }) =>
    consortium.memberLeave(ctx, params.id, params.itemId, body),
  );

  addRoute(app, api.addCouncilSeat, ({ ctx, params, body }) => consortium.addCouncilSeat(ctx, params.id, body));
  addRoute(app, api.endCouncilSeat, ({ ctx, params, body }) =>
    consortium.endCouncilSeat(ctx, params.id, params.itemId, body.termEnd),
  );
  addRoute(app, api.addResolution, ({ ctx, params, body }) => consortium.addResolution(ctx, params.id, body));
  addRoute(app, api.putPlatform, ({ ctx, params, body }) => consortium.putPlatform(ctx, params.id, body));

  addRoute(app, api.memberImportTemplate, async ({ reply }) =>
    sendXlsx(reply, await memberImportTemplate(), '成员单位导入模板.xlsx'),
  );
  addMultipartRoute(app, api.importMembers, {
    beforeFile: async ({ params, ctx }) => {
      await consortium.writableConsortium(ctx, params.id);
    },
    maxBytes: IMPORT_MAX_BYTES,
    onFile: (stream, filename, ctx) => saveUpload(ctx, stream, filename),
    handler: ({ ctx, params, file }) =>
      startImport(ctx, memberImportHandler(params.id), file, { consortiumId: params.id }),
  });
  addMultipartRoute(app, api.uploadDocument, {
    beforeFile: ({ params, ctx }) => consortium.assertDocumentWritable(ctx, params.id),
    onFile: (stream, filename, ctx) => consortium.storeDocumentFile(ctx, stream, filename),
    handler: ({ ctx, params, fields, file }) => consortium.uploadDocument(ctx, params.id, fields, file),
  });

  addRoute(app, api.downloadFile, async ({ ctx, params, reply }) => {
    const f = await consortium.openDownload(ctx, params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-length', f.size)
      .header('content-disposition', contentDisposition(f.fileName))
      .send(f.stream);
  });
}

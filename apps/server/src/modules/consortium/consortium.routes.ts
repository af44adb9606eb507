import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors';
import { contentDisposition, type SavedFile } from '../../lib/files';
import { addRoute } from '../../lib/routing';
import * as consortium from './consortium.service';

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

  // multipart/form-data: the text fields are validated here with the contract's schema after the
  // parts are read (the zod body validator of `addRoute` expects JSON); access is still enforced
  // by the auth plugin from `config.access`.
  const upload = api.uploadDocument;
  const fieldsSchema = upload.body!;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: upload.method,
    url: upload.path,
    schema: {
      summary: upload.summary,
      tags: [upload.tag],
      consumes: ['multipart/form-data'],
      params: upload.params,
      response: { 200: upload.response },
    },
    config: { access: upload.access },
    handler: async (req) => {
      const { ctx } = req;
      const { id } = req.params as { id: string };
      await consortium.assertDocumentWritable(ctx, id);
      if (!req.isMultipart())
        throw new AppError(
          'VALIDATION',
          { 'zh-CN': '请以 multipart/form-data 上传文件', 'en-US': 'Upload the file as multipart/form-data' },
          [{ path: 'file', message: '请选择要上传的文件' }],
        );
      const fields: Record<string, string> = {};
      let file: SavedFile | null = null;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            continue;
          }
          file = await consortium.storeDocumentFile(ctx, part.file, part.filename);
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      const parsed = fieldsSchema.safeParse(fields);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new AppError(
          'VALIDATION',
          { 'zh-CN': `提交的数据不符合要求：${details[0]?.message ?? ''}`, 'en-US': 'The submitted data is not valid' },
          details,
        );
      }
      return consortium.uploadDocument(ctx, id, parsed.data, file);
    },
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

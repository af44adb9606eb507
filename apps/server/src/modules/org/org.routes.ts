import { api } from '@chanjiao/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addMultipartRoute, addRoute } from '../../lib/routing';
import { IMPORT_MAX_BYTES, saveUpload, startImport } from '../imports';
import { orgImportHandler, orgImportTemplate } from './org.import';
import * as org from './org.service';

export async function orgRoutes(app: FastifyInstance) {
  addRoute(app, api.listOrgs, ({ ctx, query }) => org.listOrgs(ctx, query));
  addRoute(app, api.lookupOrgs, ({ ctx, query }) => org.lookupOrgs(ctx, query.q, query.type));
  addRoute(app, api.exportOrgs, async ({ ctx, query, reply }) => {
    const buf = await org.exportOrgs(ctx, query, ExcelJS);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('单位名录.xlsx')}`);
    return reply.send(buf) as never;
  });
  addRoute(app, api.orgImportTemplate, async ({ reply }) => {
    const buf = await orgImportTemplate();
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('单位导入模板.xlsx'));
    return reply.send(buf) as never;
  });
  addMultipartRoute(app, api.importOrgs, {
    maxBytes: IMPORT_MAX_BYTES,
    onFile: (stream, filename, ctx) => saveUpload(ctx, stream, filename),
    handler: ({ ctx, file }) => startImport(ctx, orgImportHandler, file),
  });
  addRoute(app, api.createOrg, ({ ctx, body }) => org.createOrg(ctx, body));
  addRoute(app, api.getOrg, ({ ctx, params }) => org.getOrg(ctx, params.id));
  addRoute(app, api.updateOrg, ({ ctx, params, body }) => org.updateOrg(ctx, params.id, body));
  addRoute(app, api.deleteOrg, ({ ctx, params }) => org.deleteOrg(ctx, params.id));
  addRoute(app, api.restoreOrg, ({ ctx, params }) => org.restoreOrg(ctx, params.id));
  addRoute(app, api.addCertification, ({ ctx, params, body }) => org.addCertification(ctx, params.id, body));
  addRoute(app, api.deleteCertification, ({ ctx, params }) => org.deleteCertification(ctx, params.id, params.itemId));
  addRoute(app, api.addContact, ({ ctx, params, body }) => org.addContact(ctx, params.id, body));
  addRoute(app, api.deleteContact, ({ ctx, params }) => org.deleteContact(ctx, params.id, params.itemId));
}

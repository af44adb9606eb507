import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Ctx } from '../../lib/context';
import { contentDisposition } from '../../lib/files';
import { addMultipartRoute, addRoute } from '../../lib/routing';
import { IMPORT_MAX_BYTES, saveUpload, startImport } from '../imports';
import { studentImportHandler, studentImportTemplate } from './students.import';
import * as students from './students.service';
import { cohortImportHandler, cohortImportTemplate, planImportHandler, planImportTemplate } from './supply.import';

function sendXlsx(reply: FastifyReply, buffer: Buffer, fileName: string) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', contentDisposition(fileName))
    .send(buffer) as never;
}

const upload = {
  maxBytes: IMPORT_MAX_BYTES,
  onFile: (stream: Parameters<typeof saveUpload>[1], filename: string, ctx: Ctx) => saveUpload(ctx, stream, filename),
};

export async function studentRoutes(app: FastifyInstance) {
  addRoute(app, api.listStudents, ({ ctx, query }) => students.listStudents(ctx, query));
  addRoute(app, api.exportStudents, async ({ ctx, query, reply }) =>
    sendXlsx(reply, await students.exportStudents(ctx, query), '学生档案.xlsx'),
  );
  addRoute(app, api.studentImportTemplate, async ({ reply }) =>
    sendXlsx(reply, await studentImportTemplate(), '学生档案导入模板.xlsx'),
  );
  addMultipartRoute(app, api.importStudents, {
    ...upload,
    beforeFile: async ({ ctx }) => {
      await students.schoolForImport(ctx);
    },
    handler: ({ ctx, file }) => startImport(ctx, studentImportHandler, file),
  });
  addRoute(app, api.myProfile, ({ ctx }) => students.myProfile(ctx));
  addRoute(app, api.updateMyProfile, ({ ctx, body }) => students.updateMyProfile(ctx, body));
  addRoute(app, api.setMyConsent, ({ ctx, body }) => students.setMyConsent(ctx, body));
  addRoute(app, api.getStudent, ({ ctx, params }) => students.getStudent(ctx, params.id));
  addRoute(app, api.createStudent, ({ ctx, body }) => students.createStudent(ctx, body));
  addRoute(app, api.updateStudent, ({ ctx, params, body }) => students.updateStudent(ctx, params.id, body));
  addRoute(app, api.deleteStudent, ({ ctx, params }) => students.deleteStudent(ctx, params.id));
  addRoute(app, api.restoreStudent, ({ ctx, params }) => students.restoreStudent(ctx, params.id));
  addRoute(app, api.revealStudentIdCard, ({ ctx, params }) => students.revealIdCard(ctx, params.id));

  addRoute(app, api.listCohorts, ({ ctx, query }) => students.listCohorts(ctx, query));
  addRoute(app, api.exportCohorts, async ({ ctx, query, reply }) =>
    sendXlsx(reply, await students.exportCohorts(ctx, query), '毕业生去向.xlsx'),
  );
  addRoute(app, api.cohortImportTemplate, async ({ reply }) =>
    sendXlsx(reply, await cohortImportTemplate(), '毕业生去向导入模板.xlsx'),
  );
  addMultipartRoute(app, api.importCohorts, {
    ...upload,
    beforeFile: async ({ ctx }) => {
      await students.schoolForImport(ctx);
    },
    handler: ({ ctx, file }) => startImport(ctx, cohortImportHandler, file),
  });
  addRoute(app, api.upsertCohort, ({ ctx, body }) => students.upsertCohort(ctx, body));
  addRoute(app, api.updateCohort, ({ ctx, params, body }) => students.updateCohort(ctx, params.id, body));
  addRoute(app, api.deleteCohort, ({ ctx, params }) => students.deleteCohort(ctx, params.id));

  addRoute(app, api.listPlans, ({ ctx, query }) => students.listPlans(ctx, query));
  addRoute(app, api.exportPlans, async ({ ctx, query, reply }) =>
    sendXlsx(reply, await students.exportPlans(ctx, query), '招生计划.xlsx'),
  );
  addRoute(app, api.planImportTemplate, async ({ reply }) =>
    sendXlsx(reply, await planImportTemplate(), '招生计划导入模板.xlsx'),
  );
  addMultipartRoute(app, api.importPlans, {
    ...upload,
    beforeFile: async ({ ctx }) => {
      await students.schoolForImport(ctx);
    },
    handler: ({ ctx, file }) => startImport(ctx, planImportHandler, file),
  });
  addRoute(app, api.upsertPlan, ({ ctx, body }) => students.upsertPlan(ctx, body));
  addRoute(app, api.updatePlan, ({ ctx, params, body }) => students.updatePlan(ctx, params.id, body));
  addRoute(app, api.deletePlan, ({ ctx, params }) => students.deletePlan(ctx, params.id));
}

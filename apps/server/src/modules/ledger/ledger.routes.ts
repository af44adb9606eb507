import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addMultipartRoute, addRoute } from '../../lib/routing';
import * as competition from './competition.service';
import * as evidence from './evidence.service';
import * as ledger from './ledger.service';
import * as policyItems from './policyItems.service';
import * as ranking from './ranking.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const send = (reply: FastifyReply, type: string, f: { buffer: Buffer; fileName: string }) =>
  reply.header('content-type', type).header('content-disposition', contentDisposition(f.fileName)).send(f.buffer);

/** Evidence uploads: type checked by content (PDF, Word, Excel, PNG, JPEG), 20 MB at most. */
const storeEvidence = ledger.storeEvidence;

export async function ledgerRoutes(app: FastifyInstance) {
  // 工作台账
  addRoute(app, api.listLedgerMeasures, ({ ctx, query }) => ledger.listMeasures(ctx, query.year));
  addRoute(app, api.listLedgerTasks, ({ ctx, query }) => ledger.listTasks(ctx, query));
  addRoute(app, api.exportLedgerTasks, async ({ ctx, query, reply }) =>
    send(reply, XLSX, await ledger.exportTasks(ctx, query)),
  );
  addRoute(app, api.createLedgerTask, ({ ctx, body }) => ledger.createTask(ctx, body));
  addRoute(app, api.getLedgerTask, ({ ctx, params }) => ledger.getTask(ctx, params.id));
  addRoute(app, api.updateLedgerTask, ({ ctx, params, body }) => ledger.updateTask(ctx, params.id, body));
  addRoute(app, api.deleteLedgerTask, ({ ctx, params }) => ledger.deleteTask(ctx, params.id));
  addRoute(app, api.createLedgerReport, ({ ctx, params, body }) => ledger.createReport(ctx, params.id, body));
  addRoute(app, api.listLedgerReports, ({ ctx, query }) => ledger.listReports(ctx, query));
  addRoute(app, api.getLedgerReport, ({ ctx, params }) => ledger.getReport(ctx, params.id));
  addRoute(app, api.updateLedgerReport, ({ ctx, params, body }) => ledger.updateReport(ctx, params.id, body));
  addRoute(app, api.submitLedgerReport, ({ ctx, params }) => ledger.submitReport(ctx, params.id));
  addRoute(app, api.returnLedgerReport, ({ ctx, params, body }) => ledger.returnReport(ctx, params.id, body.comment));
  addRoute(app, api.acceptLedgerReport, ({ ctx, params, body }) => ledger.acceptReport(ctx, params.id, body.comment));
  addRoute(app, api.commentLedgerReport, ({ ctx, params, body }) => ledger.commentReport(ctx, params.id, body.comment));
  addMultipartRoute(app, api.uploadLedgerReportEvidence, {
    beforeFile: ({ params, ctx }) => ledger.assertReportEvidenceWritable(ctx, params.id),
    onFile: (stream, filename, ctx) => storeEvidence(ctx, stream, filename),
    handler: ({ ctx, params, file }) => ledger.addReportEvidence(ctx, params.id, file),
  });
  addRoute(app, api.deleteLedgerEvidence, ({ ctx, params }) => evidence.deleteEvidence(ctx, params.id));
  addRoute(app, api.downloadLedgerFile, async ({ ctx, params, reply }) => {
    const f = await evidence.openEvidence(ctx, params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-length', f.size)
      .header('content-disposition', contentDisposition(f.fileName))
      .send(f.stream);
  });

  // 赛马比拼
  addRoute(app, api.listBestPractices, ({ ctx, query }) => competition.listCases(ctx, query));
  addRoute(app, api.exportBestPractices, async ({ ctx, query, reply }) =>
    send(reply, XLSX, await competition.exportCases(ctx, query)),
  );
  addRoute(app, api.createBestPractice, ({ ctx, body }) => competition.createCase(ctx, body));
  addRoute(app, api.getBestPractice, ({ ctx, params }) => competition.getCase(ctx, params.id));
  addRoute(app, api.updateBestPractice, ({ ctx, params, body }) => competition.updateCase(ctx, params.id, body));
  addMultipartRoute(app, api.uploadBestPracticeEvidence, {
    beforeFile: ({ params, ctx }) => competition.assertCaseEvidenceWritable(ctx, params.id),
    onFile: (stream, filename, ctx) => storeEvidence(ctx, stream, filename),
    handler: ({ ctx, params, file }) => competition.addCaseEvidence(ctx, params.id, file),
  });
  addRoute(app, api.decideBestPractice, ({ ctx, params, body }) => competition.decideCase(ctx, params.id, body));

  // 年度排名
  addRoute(app, api.listRankings, ({ ctx, query }) => ranking.listRankings(ctx, query));
  addRoute(app, api.computeRanking, ({ ctx, body }) => ranking.computeRanking(ctx, body));
  addRoute(app, api.getRanking, ({ ctx, params }) => ranking.getRanking(ctx, params.id));
  addRoute(app, api.publishRanking, ({ ctx, params }) => ranking.publishRanking(ctx, params.id));
  addRoute(app, api.rankingPdf, async ({ ctx, params, reply }) =>
    send(reply, 'application/pdf', await ranking.rankingPdf(ctx, params.id)),
  );

  // 政策事项清单
  addRoute(app, api.listPolicyItems, ({ ctx, query }) => policyItems.listPolicyItems(ctx, query));
  addRoute(app, api.exportPolicyItems, async ({ ctx, query, reply }) =>
    send(reply, XLSX, await policyItems.exportPolicyItems(ctx, query)),
  );
  addRoute(app, api.getPolicyItem, ({ ctx, params, query }) =>
    policyItems.getPolicyItem(ctx, params.unitNo, params.itemNo, query.year),
  );
  addRoute(app, api.putPolicyItem, ({ ctx, params, body }) =>
    policyItems.putPolicyItem(ctx, params.unitNo, params.itemNo, body),
  );
  addMultipartRoute(app, api.uploadPolicyItemEvidence, {
    beforeFile: ({ params, ctx }) => policyItems.assertPolicyEvidenceWritable(ctx, params.unitNo, params.itemNo),
    onFile: (stream, filename, ctx) => storeEvidence(ctx, stream, filename),
    handler: ({ ctx, params, fields, file }) =>
      policyItems.addPolicyEvidence(ctx, params.unitNo, params.itemNo, fields.year, file),
  });
}

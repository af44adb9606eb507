import { api } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addMultipartRoute, addRoute } from '../../lib/routing';
import * as rounds from './rounds.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const send = (reply: FastifyReply, type: string, f: { buffer: Buffer; fileName: string }) =>
  reply.header('content-type', type).header('content-disposition', contentDisposition(f.fileName)).send(f.buffer);

/** 评价轮次: rounds, entries (self-assessment, review, results), review tasks. */
export async function roundRoutes(app: FastifyInstance) {
  addRoute(app, api.listEvaluationRounds, ({ ctx, query }) => rounds.listRounds(ctx, query));
  addRoute(app, api.exportEvaluationRounds, async ({ ctx, query, reply }) =>
    send(reply, XLSX, await rounds.exportRounds(ctx, query)),
  );
  addRoute(app, api.createEvaluationRound, ({ ctx, body }) => rounds.createRound(ctx, body));
  addRoute(app, api.getEvaluationRound, ({ ctx, params }) => rounds.getRound(ctx, params.id));
  addRoute(app, api.updateEvaluationRound, ({ ctx, params, body }) => rounds.updateRound(ctx, params.id, body));
  addRoute(app, api.openEvaluationRound, ({ ctx, params }) => rounds.openRound(ctx, params.id));
  addRoute(app, api.startEvaluationReview, ({ ctx, params }) => rounds.startReview(ctx, params.id));
  addRoute(app, api.consolidateEvaluationRound, ({ ctx, params, body }) =>
    rounds.consolidateRound(ctx, params.id, body),
  );
  addRoute(app, api.closeEvaluationRound, ({ ctx, params }) => rounds.closeRound(ctx, params.id));
  addRoute(app, api.evaluationRoundHistory, ({ ctx, params }) => rounds.roundHistory(ctx, params.id));
  addRoute(app, api.exportEvaluationResults, async ({ ctx, params, reply }) =>
    send(reply, XLSX, await rounds.exportResults(ctx, params.id)),
  );

  addRoute(app, api.listEvaluationEntries, ({ ctx, query }) => rounds.listEntries(ctx, query));
  addRoute(app, api.getEvaluationEntry, ({ ctx, params }) => rounds.getEntry(ctx, params.id));
  addRoute(app, api.saveSelfAssessment, ({ ctx, params, body }) => rounds.saveSelfAssessment(ctx, params.id, body));
  addMultipartRoute(app, api.uploadEvaluationEvidence, {
    beforeFile: ({ params, ctx }) => rounds.assertEvidenceWritable(ctx, params.id, params.pointCode),
    onFile: (stream, filename, ctx) => rounds.storeEvidenceFile(ctx, stream, filename),
    handler: ({ ctx, params, file }) => rounds.addEvidence(ctx, params.id, params.pointCode, file),
  });
  addRoute(app, api.removeEvaluationEvidence, ({ ctx, params }) =>
    rounds.removeEvidence(ctx, params.id, params.itemId),
  );
  addRoute(app, api.downloadEvaluationEvidence, async ({ ctx, params, reply }) => {
    const f = await rounds.openEvidence(ctx, params.id, params.itemId);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', contentDisposition(f.fileName))
      .send(f.stream);
  });
  addRoute(app, api.submitSelfAssessment, ({ ctx, params }) => rounds.submitSelfAssessment(ctx, params.id));
  addRoute(app, api.returnSelfAssessment, ({ ctx, params, body }) => rounds.returnSelfAssessment(ctx, params.id, body));
  addRoute(app, api.reviewerCandidates, ({ ctx, params }) => rounds.reviewerCandidates(ctx, params.id));
  addRoute(app, api.assignReviewer, ({ ctx, params, body }) => rounds.assignReviewer(ctx, params.id, body));
  addRoute(app, api.unassignReviewer, ({ ctx, params }) => rounds.unassignReviewer(ctx, params.id, params.itemId));
  addRoute(app, api.addEvaluationDeduction, ({ ctx, params, body }) => rounds.addDeduction(ctx, params.id, body));
  addRoute(app, api.removeEvaluationDeduction, ({ ctx, params }) =>
    rounds.removeDeduction(ctx, params.id, params.itemId),
  );
  addRoute(app, api.recommendEvaluationEntry, ({ ctx, params, body }) => rounds.recommend(ctx, params.id, body));
  addRoute(app, api.decideEvaluationEntry, ({ ctx, params, body }) => rounds.decide(ctx, params.id, body));
  addRoute(app, api.evaluationEntryReport, async ({ ctx, params, reply }) =>
    send(reply, 'application/pdf', await rounds.entryReport(ctx, params.id)),
  );

  addRoute(app, api.listReviewTasks, ({ ctx, query }) => rounds.listReviewTasks(ctx, query));
  addRoute(app, api.saveReviewScores, ({ ctx, params, body }) => rounds.saveScores(ctx, params.id, body));
  addRoute(app, api.submitReview, ({ ctx, params }) => rounds.submitReview(ctx, params.id));
}

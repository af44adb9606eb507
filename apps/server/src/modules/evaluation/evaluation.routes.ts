import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../../lib/files';
import { addRoute } from '../../lib/routing';
import * as evaluation from './evaluation.service';
import { roundRoutes } from './rounds.routes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function evaluationRoutes(app: FastifyInstance) {
  addRoute(app, api.listIndicatorFrameworks, ({ ctx, query }) => evaluation.listFrameworks(ctx, query));
  addRoute(app, api.getIndicatorFramework, ({ ctx, params }) => evaluation.getFramework(ctx, params.id));
  addRoute(app, api.newIndicatorFrameworkVersion, ({ ctx, params, body }) =>
    evaluation.newVersion(ctx, params.id, body),
  );
  addRoute(app, api.updateIndicatorFramework, ({ ctx, params, body }) =>
    evaluation.updateFramework(ctx, params.id, body),
  );
  addRoute(app, api.putIndicatorPoints, ({ ctx, params, body }) => evaluation.putPoints(ctx, params.id, body));
  addRoute(app, api.publishIndicatorFramework, ({ ctx, params }) => evaluation.publish(ctx, params.id));
  addRoute(app, api.exportIndicatorFramework, async ({ ctx, params, reply }) => {
    const { buffer, fileName } = await evaluation.exportFramework(ctx, params.id);
    return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(fileName)).send(buffer);
  });
  // 评价轮次 (issue 5 item 2)
  await roundRoutes(app);
}

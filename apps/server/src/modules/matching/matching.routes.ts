import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context';
import { addRoute } from '../../lib/routing';
import { stopMatching } from './matching.index';
import * as matching from './matching.service';

/** Recommendation routes; the index these deps hold stops with the app. */
export async function matchingRoutes(app: FastifyInstance, deps: Deps) {
  app.addHook('onClose', () => stopMatching(deps));
  addRoute(app, api.recommendStudents, ({ ctx, params, query }) => matching.recommendStudents(ctx, params.id, query.k));
  addRoute(app, api.myRecommendations, ({ ctx, query }) => matching.myRecommendations(ctx, query.k));
  addRoute(app, api.recommendJobs, ({ ctx, params, query }) => matching.recommendJobs(ctx, params.id, query.k));
}

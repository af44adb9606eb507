import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import * as cockpit from './cockpit.service';
import { returnRoutes } from './returns.routes';

export async function cockpitRoutes(app: FastifyInstance) {
  addRoute(app, api.listKpis, ({ ctx, query }) => cockpit.listKpis(ctx, query));
  addRoute(app, api.getKpi, ({ ctx, params, query }) => cockpit.getKpi(ctx, params.code, query));
  addRoute(app, api.kpiRecords, ({ ctx, params, query }) => cockpit.kpiRecords(ctx, params.code, query));
  addRoute(app, api.cockpitOverview, ({ ctx, query }) => cockpit.overview(ctx, query));
  addRoute(app, api.consortiumDashboard, ({ ctx, params }) => cockpit.consortiumDashboard(ctx, params.id));
  await app.register(returnRoutes);
}

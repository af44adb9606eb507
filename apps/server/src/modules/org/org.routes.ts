import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import * as org from './org.service';

export async function orgRoutes(app: FastifyInstance) {
  addRoute(app, api.listOrgs, ({ ctx, query }) => org.listOrgs(ctx, query));
  addRoute(app, api.getOrg, ({ ctx, params }) => org.getOrg(ctx, params.id));
  addRoute(app, api.updateOrg, ({ ctx, params, body }) => org.updateOrg(ctx, params.id, body));
  addRoute(app, api.listConsortia, ({ ctx, query }) => org.listConsortia(ctx, query));
  addRoute(app, api.getConsortium, ({ ctx, params }) => org.getConsortium(ctx, params.id));
}

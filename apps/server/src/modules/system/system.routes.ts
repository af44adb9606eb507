import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import { health } from './system.service';

export async function systemRoutes(app: FastifyInstance) {
  addRoute(app, api.health, async ({ ctx, reply }) => {
    const h = await health(ctx);
    if (!h.database.reachable) reply.status(503);
    return h;
  });
}

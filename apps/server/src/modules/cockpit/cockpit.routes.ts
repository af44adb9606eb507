import type { FastifyInstance } from 'fastify';

export async function cockpitRoutes(_app: FastifyInstance) {}

import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors';

/** Serves the built web app; unknown non-API paths get index.html (client-side routes). */
async function webPlugin(app: FastifyInstance, opts: { root: string | null }) {
  const root = opts.root && existsSync(opts.root) ? opts.root : null;
  if (root) await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !root) {
      throw new AppError('NOT_FOUND', {
        'zh-CN': `接口不存在：${req.method} ${req.url.split('?')[0]}`,
        'en-US': `No such endpoint: ${req.method} ${req.url.split('?')[0]}`,
      });
    }
    return reply.sendFile('index.html');
  });
}

export default fp(webPlugin, { name: 'chanjiao-web' });

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3 generated from the contract schemas; UI at /api/docs, JSON at /api/docs/json. */
async function docsPlugin(app: FastifyInstance, opts: { version: string }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '产教通 Chanjiao API', version: opts.version, description: '市域产教联合体智慧管理平台接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cj_sid' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}

export default fp(docsPlugin, { name: 'chanjiao-docs' });

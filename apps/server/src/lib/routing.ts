import type { Access, RouteDescriptor } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Ctx } from './context';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

type In<T> = NonNullable<T> extends z.ZodType ? z.infer<NonNullable<T>> : undefined;

export interface RouteInput<D extends RouteDescriptor> {
  params: In<D['params']>;
  query: In<D['query']>;
  body: In<D['body']>;
  ctx: Ctx;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Registers a route from its contract descriptor: path, method, zod schemas (validation,
 * serialization, OpenAPI) and access. The access check runs in the auth plugin before the handler.
 */
export function addRoute<D extends RouteDescriptor>(
  app: FastifyInstance,
  d: D,
  handler: (input: RouteInput<D>) => Promise<z.input<D['response']> | undefined>,
  options: { rateLimit?: { max: number; timeWindow: string } } = {},
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: d.method,
    url: d.path,
    schema: {
      summary: d.summary,
      tags: [d.tag],
      ...(d.params ? { params: d.params } : {}),
      ...(d.query ? { querystring: d.query } : {}),
      ...(d.body ? { body: d.body } : {}),
      ...(d.download ? {} : { response: { 200: d.response } }),
    },
    config: { access: d.access, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) },
    handler: async (req, reply) =>
      handler({
        params: req.params as In<D['params']>,
        query: req.query as In<D['query']>,
        body: req.body as In<D['body']>,
        ctx: req.ctx,
        req,
        reply,
      }),
  });
}

import type { Access, RouteDescriptor } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Ctx } from './context';
import { AppError } from './errors';

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

export interface MultipartInput<D extends RouteDescriptor, F> {
  params: In<D['params']>;
  fields: In<D['body']>;
  /** What `onFile` returned for the part named `file`, or null when none was sent. */
  file: F | null;
  ctx: Ctx;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Registers a multipart/form-data route from its descriptor: access as for `addRoute`, the text
 * fields validated with the descriptor's body schema after the parts are read, and the part named
 * `file` handed to `onFile` as a stream (other file parts are drained). `beforeFile` runs first,
 * so permission and scope are checked before any byte is stored.
 */
export function addMultipartRoute<D extends RouteDescriptor, F>(
  app: FastifyInstance,
  d: D,
  opts: {
    beforeFile?: (input: { params: In<D['params']>; ctx: Ctx }) => Promise<void>;
    /** Largest file accepted (default: the multipart plugin's limit, 20 MB). */
    maxBytes?: number;
    onFile: (stream: NodeJS.ReadableStream & import('node:stream').Readable, filename: string, ctx: Ctx) => Promise<F>;
    handler: (input: MultipartInput<D, F>) => Promise<z.input<D['response']>>;
  },
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: d.method,
    url: d.path,
    schema: {
      summary: d.summary,
      tags: [d.tag],
      consumes: ['multipart/form-data'],
      ...(d.params ? { params: d.params } : {}),
      response: { 200: d.response },
    },
    config: { access: d.access },
    handler: async (req, reply) => {
      const { ctx } = req;
      const params = req.params as In<D['params']>;
      await opts.beforeFile?.({ params, ctx });
      if (!req.isMultipart())
        throw new AppError(
          'VALIDATION',
          { 'zh-CN': '请以 multipart/form-data 上传文件', 'en-US': 'Upload the file as multipart/form-data' },
          [{ path: 'file', message: '请选择要上传的文件' }],
        );
      const raw: Record<string, string> = {};
      let file: F | null = null;
      let seen = false;
      for await (const part of req.parts(opts.maxBytes ? { limits: { fileSize: opts.maxBytes } } : undefined)) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || seen) {
            part.file.resume();
            continue;
          }
          seen = true;
          file = await opts.onFile(part.file, part.filename, ctx);
        } else if (typeof part.value === 'string') raw[part.fieldname] = part.value;
      }
      const parsed = d.body ? d.body.safeParse(raw) : { success: true as const, data: undefined };
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new AppError(
          'VALIDATION',
          { 'zh-CN': `提交的数据不符合要求：${details[0]?.message ?? ''}`, 'en-US': 'The submitted data is not valid' },
          details,
        );
      }
      return opts.handler({ params, fields: parsed.data as In<D['body']>, file, ctx, req, reply });
    },
  });
}

import { type ErrorBody, type ErrorCode, errorMessages, errorStatus } from '@chanjiao/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors';
import { localeOf } from './auth';

function pgCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function send(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, message?: string, details?: unknown) {
  const body: ErrorBody = {
    code,
    message: message ?? errorMessages[localeOf(req)][code],
    requestId: req.id,
    ...(details !== undefined ? { details } : {}),
  };
  return reply.status(errorStatus[code]).type('application/json').send(body);
}

/** One error handler: AppError → its status; validation → 400; unique violation → 409; else 500 logged. */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale = localeOf(req);
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'application error');
      return send(req, reply, err.code, err.messageFor(locale), err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: v.message ?? '',
      }));
      const first = details[0]?.message;
      const base = errorMessages[locale].VALIDATION;
      return send(req, reply, 'VALIDATION', first ? `${base}：${first}` : base, details);
    }
    if (err.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
      req.log.error({ err, issues: (err.cause as { issues?: unknown })?.issues }, 'response does not match its schema');
      return send(req, reply, 'INTERNAL');
    }
    const pg = pgCode(err);
    if (pg === '23505') return send(req, reply, 'CONFLICT');
    if (pg === '23503')
      return send(req, reply, 'CONFLICT', locale === 'zh-CN' ? '数据仍被其他记录引用或引用的记录不存在' : undefined);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413)
      return send(req, reply, 'PAYLOAD_TOO_LARGE');
    if (err.statusCode === 429) return send(req, reply, 'RATE_LIMITED');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return send(req, reply, 'VALIDATION', `${errorMessages[locale].VALIDATION}：${err.message}`);
    req.log.error({ err }, 'unhandled error');
    return send(req, reply, 'INTERNAL');
  });
}

export default fp(errorsPlugin, { name: 'chanjiao-errors' });

import type { Locale } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../env';
import type { Ctx, Deps } from '../lib/context';
import { AppError } from '../lib/errors';
import { resolveSession } from '../modules/identity';

export const SESSION_COOKIE = 'cj_sid';
export const CSRF_HEADER = 'x-csrf-token';

export function sessionCookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.cookieSecure, signed: false };
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
}

export function localeOf(req: FastifyRequest): Locale {
  const h = req.headers['accept-language'];
  return typeof h === 'string' && /^en\b/i.test(h.trim()) ? 'en-US' : 'zh-CN';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie into `req.ctx.actor`, then enforces the route's declared access:
 * 401 without a live session, 403 PASSWORD_CHANGE_REQUIRED until a forced change is done,
 * 403 FORBIDDEN without the permission, 403 CSRF for a cookie-authenticated write without the token.
 */
async function authPlugin(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', (req, _reply, done) => {
    req.ctx = { actor: null, ip: req.ip, requestId: req.id, locale: localeOf(req), deps };
    done();
  });
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config.access;
    if (access === undefined) return;
    const token = req.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const r = await resolveSession(deps, token);
      if ('actor' in r) req.ctx.actor = r.actor;
      else expired = r.error === 'SESSION_EXPIRED';
    }
    if (access === 'public') return;
    const actor = req.ctx.actor;
    if (!actor) throw new AppError(expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== actor.csrfToken) throw new AppError('CSRF');
    if (access === 'session') return;
    if (actor.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (actor.mustEnrollTotp) throw new AppError('TOTP_ENROLLMENT_REQUIRED');
    if (!actor.permissions.has(access)) throw new AppError('FORBIDDEN');
  });
}

export default fp(authPlugin, { name: 'chanjiao-auth' });

import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import { SESSION_COOKIE, sessionCookieOptions } from '../../plugins/auth';
import * as auth from './auth.service';
import * as security from './security.service';
import * as usersService from './users.service';

export async function identityRoutes(app: FastifyInstance) {
  addRoute(
    app,
    api.login,
    async ({ body, ctx, req, reply }) => {
      const { token, me } = await auth.login(ctx, body, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(ctx.deps.config));
      return me;
    },
    { rateLimit: { max: 30, timeWindow: '1 minute' } },
  );
  addRoute(app, api.logout, async ({ ctx, reply }) => {
    await auth.logout(ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  addRoute(app, api.me, async ({ ctx }) => auth.meOf(ctx.deps, ctx.actor!));
  addRoute(app, api.changePassword, async ({ ctx, body }) => {
    await auth.changeOwnPassword(ctx, body);
    return { ok: true as const };
  });

  addRoute(app, api.totpSetup, ({ ctx }) => auth.setupTotp(ctx));
  addRoute(app, api.totpEnable, async ({ ctx, body }) => {
    await auth.enableTotp(ctx, body.code);
    return { ok: true as const };
  });
  addRoute(app, api.resetTotp, async ({ ctx, params }) => {
    await usersService.resetTotp(ctx, params.id);
    return { ok: true as const };
  });

  addRoute(app, api.listUsers, ({ ctx, query }) => usersService.listUsers(ctx, query));
  addRoute(app, api.scopeOptions, ({ ctx, query }) => usersService.scopeOptions(ctx, query.q, query.roles));
  addRoute(app, api.createUser, ({ ctx, body }) => usersService.createUser(ctx, body));
  addRoute(app, api.getUser, ({ ctx, params }) => usersService.getUser(ctx, params.id));
  addRoute(app, api.updateUser, ({ ctx, params, body }) => usersService.updateUser(ctx, params.id, body));
  addRoute(app, api.resetPassword, async ({ ctx, params, body }) => {
    await usersService.resetPassword(ctx, params.id, body.newPassword);
    return { ok: true as const };
  });
  addRoute(app, api.lockUser, ({ ctx, params, body }) => usersService.lockUser(ctx, params.id, body));
  addRoute(app, api.revealPhone, ({ ctx, params }) => usersService.revealPhone(ctx, params.id));

  addRoute(app, api.getSecurityPolicy, ({ ctx }) => security.getPolicy(ctx));
  addRoute(app, api.updateSecurityPolicy, ({ ctx, body }) => security.updatePolicy(ctx, body));
}

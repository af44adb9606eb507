import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Deps } from './lib/context';
import { zodSerializerCompiler } from './lib/serializer';
import { applicationRoutes } from './modules/applications';
import { auditRoutes } from './modules/audit';
import { cockpitRoutes } from './modules/cockpit';
import { consortiumRoutes } from './modules/consortium';
import { evaluationRoutes } from './modules/evaluation';
import { identityRoutes } from './modules/identity';
import { importRoutes } from './modules/imports';
import { jobRoutes } from './modules/jobs';
import { ledgerRoutes } from './modules/ledger';
import { matchingRoutes } from './modules/matching';
import { notificationRoutes } from './modules/notifications';
import { orgRoutes } from './modules/org';
import { referenceRoutes } from './modules/reference';
import { studentRoutes } from './modules/students';
import { systemRoutes } from './modules/system';
import { talentReportRoutes } from './modules/talentReports';
import authPlugin from './plugins/auth';
import docsPlugin from './plugins/docs';
import errorsPlugin from './plugins/errors';
import webPlugin from './plugins/web';
import { VERSION } from './version';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app, or null to serve the API only. */
  webRoot?: string | null;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access, for the authorization matrix test and docs. */
    registeredRoutes: RegisteredRoute[];
  }
}

/** Builds the API: plugins, every module's routes, docs and the web app. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
    bodyLimit: 1_048_576,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  app.decorate('registeredRoutes', [] as RegisteredRoute[]);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      if (m === 'HEAD') continue;
      app.registeredRoutes.push({ method: m, url: r.url, access: r.config?.access });
    }
  });
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers({
      'x-request-id': req.id,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
    });
    done();
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(errorsPlugin);
  await app.register(authPlugin, deps);
  await app.register(docsPlugin, { version: VERSION });
  await app.register(systemRoutes);
  await app.register(identityRoutes);
  await app.register(auditRoutes);
  await app.register(referenceRoutes);
  await app.register(orgRoutes);
  await app.register(consortiumRoutes);
  await app.register(importRoutes);
  // talent (issue 4)
  await app.register(talentReportRoutes);
  await app.register(studentRoutes);
  await app.register(matchingRoutes, deps);
  await app.register(applicationRoutes);
  await app.register(jobRoutes);
  // evaluation (issue 5)
  await app.register(evaluationRoutes);
  await app.register(ledgerRoutes);
  await app.register(notificationRoutes);
  await app.register(cockpitRoutes);
  await app.register(webPlugin, { root: opts.webRoot ?? null });
  await app.ready();
  return app;
}

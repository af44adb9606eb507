import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { api, type PageQuery } from '@chanjiao/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../lib/context';
import { addRoute } from '../../lib/routing';
import { dataDir } from './reference.loader';
import { type RefFilter, referencePage } from './reference.service';

type RefList = Parameters<typeof referencePage>[1];

/** Sends a cached page; answers 304 when the browser already has it. */
async function send(
  ctx: Ctx,
  req: FastifyRequest,
  reply: FastifyReply,
  name: RefList,
  query: PageQuery,
  filters: RefFilter = {},
) {
  const page = await referencePage(ctx, name, query, filters, (p) => reply.serialize(p) as string);
  reply.header('etag', page.etag).header('cache-control', 'private, no-cache');
  if (req.headers['if-none-match'] === page.etag) return reply.code(304).send() as never;
  return reply.type('application/json; charset=utf-8').send(page.body) as never;
}

/** The districts' boundaries for the cockpit map (data/SOURCES.md), read once; 48 kB, cached by etag. */
let districtMap: { body: Buffer; etag: string } | null = null;
function loadDistrictMap() {
  if (!districtMap) {
    const body = readFileSync(`${dataDir()}/chongqing-districts.echarts-geo.json`);
    districtMap = { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
  }
  return districtMap;
}

export async function referenceRoutes(app: FastifyInstance) {
  addRoute(app, api.refDistrictMap, async ({ req, reply }) => {
    const map = loadDistrictMap();
    reply.header('etag', map.etag).header('cache-control', 'private, no-cache');
    if (req.headers['if-none-match'] === map.etag) return reply.code(304).send() as never;
    return reply.type('application/json; charset=utf-8').send(map.body) as never;
  });
  addRoute(app, api.refDistricts, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'districts', query));
  addRoute(app, api.refMajors, ({ ctx, req, reply, query }) =>
    send(ctx, req, reply, 'majors', query, {
      level: query.level,
      categoryCode: query.categoryCode,
      classCode: query.classCode,
    }),
  );
  addRoute(app, api.refIndustries, ({ ctx, req, reply, query }) =>
    send(ctx, req, reply, 'industries', query, { level: query.level, parentCode: query.parentCode }),
  );
  addRoute(app, api.refOccupations, ({ ctx, req, reply, query }) =>
    send(ctx, req, reply, 'occupations', query, { level: query.level, parentCode: query.parentCode }),
  );
  addRoute(app, api.refClusters, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'clusters', query));
  addRoute(app, api.refIndicators, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'indicators', query));
  addRoute(app, api.refReformMeasures, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'reformMeasures', query));
  addRoute(app, api.refPolicyTargets, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'policyTargets', query));
  addRoute(app, api.refPolicyItems, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'policyItems', query));
  addRoute(app, api.refInstitutions, ({ ctx, req, reply, query }) => send(ctx, req, reply, 'institutions', query));
}

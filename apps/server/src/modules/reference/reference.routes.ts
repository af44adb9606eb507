import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import { listReference } from './reference.service';

export async function referenceRoutes(app: FastifyInstance) {
  addRoute(app, api.refDistricts, ({ ctx, query }) => listReference(ctx, 'districts', query));
  addRoute(app, api.refMajors, ({ ctx, query }) =>
    listReference(ctx, 'majors', query, {
      level: query.level,
      categoryCode: query.categoryCode,
      classCode: query.classCode,
    }),
  );
  addRoute(app, api.refIndustries, ({ ctx, query }) =>
    listReference(ctx, 'industries', query, { level: query.level, parentCode: query.parentCode }),
  );
  addRoute(app, api.refOccupations, ({ ctx, query }) =>
    listReference(ctx, 'occupations', query, { level: query.level, parentCode: query.parentCode }),
  );
  addRoute(app, api.refClusters, ({ ctx, query }) => listReference(ctx, 'clusters', query));
  addRoute(app, api.refIndicators, ({ ctx, query }) => listReference(ctx, 'indicators', query));
  addRoute(app, api.refReformMeasures, ({ ctx, query }) => listReference(ctx, 'reformMeasures', query));
  addRoute(app, api.refPolicyTargets, ({ ctx, query }) => listReference(ctx, 'policyTargets', query));
  addRoute(app, api.refPolicyItems, ({ ctx, query }) => listReference(ctx, 'policyItems', query));
  addRoute(app, api.refInstitutions, ({ ctx, query }) => listReference(ctx, 'institutions', query));
}

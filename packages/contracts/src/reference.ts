import { z } from 'zod';
import { paged, pageQuery } from './common';

export const district = z.object({ code: z.string(), name: z.string(), type: z.string() });
export const major = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['secondary', 'associate', 'bachelor']),
  levelName: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  classCode: z.string(),
  className: z.string(),
  nationalControl: z.boolean(),
});
export const industry = z.object({
  code: z.string(),
  level: z.number().int(),
  levelName: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  description: z.string().nullable(),
});
export const occupation = z.object({
  code: z.string(),
  level: z.number().int(),
  levelName: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
});
export const cluster = z.object({
  code: z.string(),
  name: z.string(),
  tier: z.number().int(),
  tierName: z.string(),
  namedInSeeds: z.boolean(),
});
export const indicator = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  pointCode: z.string(),
  observationPoint: z.string(),
  kind: z.string(),
});
export const reformMeasure = z.object({
  no: z.number().int(),
  section: z.string(),
  title: z.string(),
  responsibleUnits: z.array(z.string()),
});
export const policyTarget = z.object({
  id: z.string(),
  year: z.number().int(),
  source: z.string(),
  clause: z.string(),
  scope: z.string(),
  metric: z.string(),
  unit: z.string(),
  comparator: z.enum(['>=', '~', '=', '<=']),
  target: z.number(),
});
export const policyItem = z.object({
  unitNo: z.number().int(),
  leadUnit: z.string(),
  itemNo: z.number().int(),
  content: z.string(),
});
export const institution = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  private: z.boolean(),
  vocational: z.boolean(),
  website: z.string().nullable(),
});

export const refPageQuery = pageQuery;
export const majorQuery = pageQuery.extend({
  level: z.enum(['secondary', 'associate', 'bachelor']).optional(),
  categoryCode: z.string().max(8).optional(),
  classCode: z.string().max(8).optional(),
});
export const industryQuery = pageQuery.extend({
  level: z.coerce.number().int().min(1).max(4).optional(),
  parentCode: z.string().max(8).optional(),
});
export const occupationQuery = industryQuery.extend({ parentCode: z.string().max(16).optional() });

export const referenceLists = {
  districts: paged(district),
  majors: paged(major),
  industries: paged(industry),
  occupations: paged(occupation),
  clusters: paged(cluster),
  indicators: paged(indicator),
  reformMeasures: paged(reformMeasure),
  policyTargets: paged(policyTarget),
  policyItems: paged(policyItem),
  institutions: paged(institution),
};

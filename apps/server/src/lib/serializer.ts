import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/** Drops pattern/format: responses are built by our own code, and branch checks stay cheap. */
function relax(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(relax);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema))
      if (k !== 'pattern' && k !== 'format' && k !== '$schema') out[k] = relax(v);
    return out;
  }
  return schema;
}

/**
 * Serializes responses with fast-json-stringify compiled from the zod response schema, so only
 * the fields in the contract leave the server, without a zod parse on every response.
 */
export function zodSerializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  if (schema instanceof z.ZodType) {
    const json = relax(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-7' }));
    return fastJson(json as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
  }
  return (data) => JSON.stringify(data);
}

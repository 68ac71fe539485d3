import { z } from 'zod/v4';
import { relayRoutes, type RouteSpec } from '../shared';

type Json = Record<string, unknown>;

const toJson = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return json;
};

function parameters(spec: RouteSpec): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = toJson(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = prop as Json & { description?: string };
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  return out;
}

/** Which keys a route takes: none, the admin key or a subscriber key (either scheme), the admin key only, the admin key or the metrics token. */
const SECURITY: Record<RouteSpec['auth'], Json[]> = {
  public: [],
  subscriber: [{ adminKey: [] }, { subscriberKey: [] }],
  admin: [{ adminKey: [] }],
  metrics: [{ adminKey: [] }, { metricsToken: [] }],
};

/** The relay's API as an OpenAPI 3.1 document, generated from the route table's zod schemas. */
export function relayOpenApi(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [name, spec] of Object.entries(relayRoutes) as [string, RouteSpec][]) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses = Object.fromEntries(
      Object.entries(spec.responses).map(([status, r]) => [
        status,
        r.schema
          ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: toJson(r.schema, 'output') } } }
          : r.contentType
            ? { description: r.description, content: { [r.contentType]: {} } }
            : { description: r.description },
      ]),
    );
    const params = parameters(spec);
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      operationId: name,
      summary: spec.summary,
      security: SECURITY[spec.auth],
      'x-hookline-auth': spec.auth,
      ...(params.length ? { parameters: params } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(spec.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hookline relay',
      version: '1',
      description:
        'Verified webhook ingest and REST-hook fan-out signed with Standard Webhooks. Generated from relay routes (shared/relay/api.ts); see docs/relay-api.md.',
    },
    components: {
      securitySchemes: {
        adminKey: {
          type: 'http',
          scheme: 'bearer',
          description: "The relay's admin key (HOOKLINE_API_KEY, the config file's apiKey, or .hookline/api-key): every route",
        },
        subscriberKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A subscriber key (hlsk_…, POST /keys): its own hooks, and events and sources of its scope; other routes answer 403',
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The metrics token (HOOKLINE_METRICS_TOKEN): GET /metrics only, for a Prometheus scraper',
        },
      },
    },
    paths,
  };
}

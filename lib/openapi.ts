import * as z from 'zod';
import type { Route } from './http.js';
import { ROUTES } from './routes.js';

/** Who may call a route, in the contract's roles table. */
const ROLE_TEXT: Record<string, string> = {
  read: 'any role',
  record: 'caseworker, line-manager, statutory-operations-manager, head-of-assurance',
  escalate: 'line-manager',
  'refer-to-police': 'head-of-assurance',
  decide: 'statutory-operations-manager',
  export: 'statutory-operations-manager, auditor',
};

const jsonSchema = (schema: z.ZodType) => {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

const problem = { $ref: '#/components/responses/Problem' };

/**
 * Builds the OpenAPI 3.1 document from the route table and the zod schemas each
 * handler validates with (`handler.routes`), so the document cannot drift from the code.
 */
export function buildOpenApi(modules: Record<string, { routes: Record<string, Route<unknown, unknown>> }>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of ROUTES) {
    const route = modules[spec.fn]?.routes[`${spec.method} ${spec.path}`];
    const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const op: Record<string, unknown> = {
      operationId: `${spec.method.toLowerCase()}${spec.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      tags: [spec.fn],
      'x-lambda': spec.fn,
      responses: {
        [spec.method === 'POST' && !/\/(conclude|submit|decision|review|escalate|police-referral|screen)$/.test(spec.path) ? '201' : '200']: {
          description: 'Success',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
        '409': problem,
        '412': problem,
        '422': problem,
        '428': problem,
      },
    };
    if (spec.auth === false) op.security = [];
    if (route) {
      op.description = `Roles: ${ROLE_TEXT[route.permission] ?? route.permission}.`;
      if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } };
      if (route.query) {
        const q = jsonSchema(route.query) as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, schema] of Object.entries(q.properties ?? {})) {
          params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema: schema as { type: string } });
        }
      }
    }
    const headers = [];
    if (spec.method === 'PATCH') headers.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } });
    if (spec.method === 'POST') headers.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } });
    if (params.length || headers.length) op.parameters = [...params, ...headers];
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'contact-strategy API',
      version: '1.0.0',
      description: 'Managing unreasonably persistent contact and unacceptable behaviour: records, contact strategies, screening, reviews and breaches.',
    },
    security: [{ cognito: [] }],
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito user-pool ID token; roles are its cognito:groups.' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'errors'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
      responses: {
        Problem: { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
    paths,
  };
}

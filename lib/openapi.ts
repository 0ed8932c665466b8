import * as z from 'zod';
import type { Route } from './http.js';
import { ROUTES, statusesOf, type ApiFunction, type RouteSpec } from './routes.js';

/** Who may call a route: the roles table of docs/architecture.md, Roles. */
const ROLE_TEXT: Record<string, string> = {
  read: 'any role',
  record: 'caseworker, line-manager, statutory-operations-manager, head-of-assurance',
  escalate: 'line-manager',
  'refer-to-police': 'head-of-assurance',
  decide: 'statutory-operations-manager',
  'decide-appeal': 'statutory-operations-manager, head-of-assurance (neither having proposed, edited, submitted or decided the strategy)',
  export: 'statutory-operations-manager, auditor',
  'read-access-log': 'statutory-operations-manager, auditor (the read is logged too)',
  'check-unanswered': 'line-manager, statutory-operations-manager (not whoever logged the contact)',
  'read-retention': 'statutory-operations-manager, auditor',
  'legal-hold': 'statutory-operations-manager',
  'propose-disposal': 'statutory-operations-manager',
  'decide-disposal': 'statutory-operations-manager, head-of-assurance (not whoever proposed the disposal)',
  'read-disposals': 'statutory-operations-manager, head-of-assurance, auditor',
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

/** What each failure means, as every route's responses describe it: one shared response per status, under its name. */
const FAILURES: Record<number, string> = {
  400: 'Bad Request: malformed JSON, a value of the wrong type, a malformed If-Match or Idempotency-Key header, or a cursor the API did not issue',
  401: 'Unauthorized: no valid bearer token',
  403: 'Forbidden: the token lacks the role, or a rule about who may act forbids it',
  404: 'Not Found: no record with that id',
  409: 'Conflict: the record is not in a state that allows this (the detail names its state), or a racing change',
  412: 'Precondition Failed: If-Match names a version that is no longer current',
  413: 'Content Too Large: the body is larger than 1 MB',
  422: 'Unprocessable Content: valid JSON that breaks a rule; errors names every offending field',
  428: 'Precondition Required: If-Match is missing',
  429: 'Too Many Requests: API Gateway throttled the request',
  503: 'Service Unavailable: the records store is busy or the workflow did not start; nothing was saved',
};
/** The shared response's name for a failure status: its reason phrase, e.g. `NotFound`. */
const failureName = (status: number) => {
  const description = FAILURES[status];
  if (!description) throw new Error(`No description for status ${status}: add it to FAILURES in lib/openapi.ts.`);
  return description.split(':')[0]!.replace(/[^A-Za-z]/g, '');
};
const problem = (status: number) => ({ $ref: `#/components/responses/${failureName(status)}` });
const FAILURE_RESPONSES = Object.fromEntries(
  Object.entries(FAILURES).map(([status, description]) => [
    failureName(Number(status)),
    { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
  ]),
);

/** One section of the reference per Lambda, in the order of API_FUNCTIONS. */
const TAGS: Record<ApiFunction, { name: string; description: string }> = {
  'service-users': { name: 'Service users', description: 'People on record: their contact details, cases and strategies, and a subject access export.' },
  cases: { name: 'Cases', description: 'Complaints, reviews and correspondence, each with a human reference and a timeline of everything recorded against it.' },
  contacts: { name: 'Contacts', description: 'The contact log: every call, email, letter, visit and online contact, by case and by person.' },
  'screen-contact': {
    name: 'Screening',
    description: 'Asked for every inbound contact before anyone answers it: what the strategy in force allows, recorded with the contact.',
  },
  incidents: {
    name: 'Incidents',
    description: 'Unreasonable persistence and unacceptable behaviour (policy 1.2 and 1.3), escalated to the line manager, the Head of Assurance and the police.',
  },
  strategies: {
    name: 'Contact strategies',
    description:
      'Restrictions on how a person may contact the office (policy 1.4 and 1.5): drafted, submitted, decided by the Statutory Operations Manager and told to the person in writing.',
  },
  reviews: { name: 'Reviews', description: 'Every strategy is reviewed by its review date: extended, varied or ended.' },
  breaches: { name: 'Breaches', description: "Breaches of a strategy in force and the Statutory Operations Manager's decision on each (policy 1.6)." },
  appeals: {
    name: 'Appeals',
    description: 'The person may ask for the decision to restrict their contact to be looked at again by someone who took no part in it: recorded, then upheld, varied or ended.',
  },
  governance: { name: 'Governance', description: 'Monthly figures for oversight of the policy.' },
  letters: { name: 'Letters', description: 'Every letter to a person, kept exactly as it was sent, and the printed copy of a posted letter.' },
  warnings: {
    name: 'Warnings',
    description: 'A warning in writing before any restriction (policy 1.4: told that their behaviour is unacceptable, and why): a WARNING letter by email and post.',
  },
  retention: {
    name: 'Retention and disposal',
    description: 'Records are kept no longer than needed: the people due for disposal, legal holds, and disposals proposed by one person and approved by another.',
  },
  openapi: { name: 'Reference', description: 'This document, which anyone may read.' },
};

/** What a path's `{id}` names, by the segment before it. */
const ID_OF: Record<string, string> = {
  'service-users': "The service user's id.",
  cases: "The case's id.",
  incidents: "The incident's id.",
  strategies: "The strategy's id.",
  breaches: "The breach's id.",
  contacts: "The contact's id.",
  appeals: "The appeal's id.",
  letters: "The letter's id.",
  disposals: "The disposal's id.",
};

const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'The version you read, as its ETag gave it ("<version>"): a stale version answers 412, none 428.',
  schema: { type: 'string' },
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Any string unique to this request: the same key with the same body within 24 hours answers the first response again and writes nothing; with another body, 422.',
  schema: { type: 'string', maxLength: 255 },
};

/**
 * What a success answers, in its media type: a PDF or a CSV file, or JSON with the
 * route table's `response` schema. A JSON route without one is refused here, so no
 * route documents a bare object (test/unit/openapi.test.ts).
 */
function successContent(spec: RouteSpec) {
  if (spec.path.endsWith('/pdf')) return { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };
  if (spec.path.endsWith('.csv')) return { 'text/csv': { schema: { type: 'string' } } };
  if (!spec.response) throw new Error(`${spec.method} ${spec.path} answers JSON but has no response schema: add \`response\` to its entry in lib/routes.ts.`);
  return { 'application/json': { schema: jsonSchema(spec.response, 'output') } };
}

/**
 * Builds the OpenAPI 3.1 document from the route table and the zod schemas each
 * handler validates with (`handler.routes`), so the document cannot drift from the code.
 */
export function buildOpenApi(modules: Record<string, { routes: Record<string, Route<unknown, unknown>> }>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of ROUTES) {
    const route = modules[spec.fn]?.routes[`${spec.method} ${spec.path}`];
    const params: Record<string, unknown>[] = [...spec.path.matchAll(/([\w-]+)\/\{(\w+)\}/g)].map((m) => ({
      name: m[2],
      in: 'path',
      required: true,
      ...(ID_OF[m[1]!] ? { description: ID_OF[m[1]!] } : {}),
      schema: { type: 'string' },
    }));
    const content = successContent(spec);
    const op: Record<string, unknown> = {
      summary: spec.summary,
      operationId: `${spec.method.toLowerCase()}${spec.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      tags: [TAGS[spec.fn].name],
      'x-lambda': spec.fn,
      responses: Object.fromEntries(
        statusesOf(spec).map((status) => [
          String(status),
          status === spec.success
            ? {
                description: status === 201 ? 'Created' : 'Success',
                content,
              }
            : problem(status),
        ]),
      ),
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
    // A PATCH needs If-Match; a transition that may answer 412 accepts it.
    if (spec.method === 'PATCH') headers.push(IF_MATCH);
    else if (spec.errors.includes(412)) headers.push({ ...IF_MATCH, required: false, description: 'The version you read, as its ETag gave it ("<version>"): when given and stale, 412.' });
    if (spec.method === 'POST' && (spec.success === 201 || spec.idempotencyKey)) headers.push(IDEMPOTENCY_KEY);
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
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'The local stack that npm start runs (PORT sets another port)' },
      {
        url: 'https://{consoleDomain}',
        description: "A deployment: the API is served on the staff console's own origin (the stack's ConsoleUrl output)",
        variables: {
          consoleDomain: { default: 'd111111abcdef8.cloudfront.net', description: "The console's custom domain, or else its CloudFront distribution's domain" },
        },
      },
    ],
    security: [{ cognito: [] }],
    tags: Object.values(TAGS),
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito user-pool ID token; roles are its cognito:groups.' } },
      responses: FAILURE_RESPONSES,
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'errors'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string', description: 'A sentence in words, shown to staff as it is: it names no code and no internal id.' },
            errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            state: { type: 'string', description: "A 409 for an action the record's state does not allow: the state's code (e.g. `ACTIVE`). The `detail` says it in words, for people." },
            decision: { type: 'string', description: 'A 409 that turns on how a contact was screened: the screening decision\'s code (e.g. `PROCEED`).' },
          },
        },
      },
    },
    paths,
  };
}

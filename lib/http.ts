import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod';
import { actorOf, parseGroups, requirePermission, type Permission, type Staff } from './auth.js';
import { badRequest, notFound, ProblemError, unauthorized, unprocessable, preconditionRequired, type FieldError } from './errors.js';
import { logger } from './observability.js';
import { asUnavailable } from './unavailable.js';
import type { IdempotencyScope } from './app/idempotency.js';

/** What a route sees: parsed, validated input and the member of staff calling. */
export interface ApiRequest<B = unknown, Q = Record<string, string | undefined>> {
  body: B;
  query: Q;
  params: Record<string, string>;
  headers: Record<string, string | undefined>;
  staff: Staff;
  /** The route key, e.g. `POST /cases`: scopes idempotency keys. */
  route: string;
  /** `If-Match` as a version number, when given. */
  ifMatch?: number;
  idempotencyKey?: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** A binary body (a PDF), sent base64-encoded with the content type in `headers`, instead of JSON. */
  binary?: Uint8Array;
  /** A text body (CSV) sent as it is, with the content type in `headers`, instead of JSON: API Gateway passes text through without a binary media type. */
  text?: string;
  headers?: Record<string, string>;
}

export interface Route<B = unknown, Q = Record<string, string | undefined>> {
  permission: Permission;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  run: (req: ApiRequest<B, Q>) => Promise<ApiResponse>;
}

/** Keeps each route's body type inferred from its schema. */
export const route = <B = undefined, Q = Record<string, string | undefined>>(r: Route<B, Q>): Route<B, Q> => r;

/** Turns zod issues into the problem's `errors` (docs/architecture.md, HTTP conventions), naming every offending field. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || '(body)',
    message: issue.message,
  }));
}

/**
 * 400 for input of the wrong shape (a present value of the wrong type), 422 for
 * well-formed input that breaks a rule (missing, too long, not allowed).
 */
export function validationProblem(error: z.ZodError, where: 'body' | 'query'): ProblemError {
  const wrongType = error.issues.some(
    (i) => i.code === 'invalid_type' && (i as { input?: unknown }).input !== undefined,
  );
  const errors = fieldErrors(error, where === 'query' ? 'query' : '');
  const detail = `Invalid ${where}: ${errors.map((e) => e.path).join(', ')}.`;
  return wrongType ? badRequest(detail, errors) : unprocessable(detail, errors);
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

function lowerHeaders(event: APIGatewayProxyEvent): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) out[k.toLowerCase()] = v ?? undefined;
  return out;
}

/** The caller, from the claims API Gateway's Cognito authorizer verified. */
export function staffFromEvent(event: APIGatewayProxyEvent): Staff {
  const claims = (event.requestContext?.authorizer?.claims ?? undefined) as Record<string, unknown> | undefined;
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') throw unauthorized();
  return {
    sub: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : claims.sub,
    email: typeof claims.email === 'string' ? claims.email : '',
    roles: parseGroups(claims['cognito:groups']),
  };
}

export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(value);
  if (!m) throw badRequest('If-Match must be an ETag of the form "<version>".', [{ path: 'If-Match', message: 'not a version ETag' }]);
  return Number(m[1]);
}

/** For PATCH: `If-Match` is required (428 without it). */
export function requireIfMatch(req: ApiRequest<unknown, unknown>): number {
  if (req.ifMatch === undefined) throw preconditionRequired('This update needs an If-Match header with the version you read.');
  return req.ifMatch;
}

/** Every API answer may carry personal data: no browser or proxy keeps a copy (`Cache-Control: no-store`; docs/data-safety.md). */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', ...NO_STORE };

export function problemResponse(err: ProblemError): APIGatewayProxyResult {
  return {
    statusCode: err.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...NO_STORE },
    body: JSON.stringify({
      type: `https://contact-strategy.opcc/problems/${err.status}`,
      title: err.title,
      status: err.status,
      detail: err.detail,
      errors: err.errors,
      ...err.extensions,
    }),
  };
}

export function toResult(res: ApiResponse): APIGatewayProxyResult {
  if (res.binary) {
    return { statusCode: res.status, headers: { ...JSON_HEADERS, ...res.headers }, body: Buffer.from(res.binary).toString('base64'), isBase64Encoded: true };
  }
  if (res.text !== undefined) return { statusCode: res.status, headers: { ...JSON_HEADERS, ...res.headers, ...NO_STORE }, body: res.text };
  const body = res.body === undefined ? '' : JSON.stringify(res.body);
  const headers: Record<string, string> = { ...JSON_HEADERS, ...res.headers, ...NO_STORE };
  const version = (res.body as { version?: unknown } | undefined)?.version;
  if (typeof version === 'number' && !headers.etag) headers.etag = `"${version}"`;
  return { statusCode: res.status, headers, body };
}

/**
 * The caller and the request as a read of a person's record is logged: the method
 * and the path with its ids (never the query string, which may hold dates or a cursor).
 */
export function readerOf(req: ApiRequest<unknown, unknown>): { actor: { sub: string; name: string }; route: string } {
  const [method, template = ''] = req.route.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => req.params[name] ?? '');
  return { actor: actorOf(req.staff), route: `${method} ${path}` };
}

/**
 * What an `Idempotency-Key` is scoped to, for a creating or deciding use case to run
 * `once` with (lib/app/idempotency.ts): the caller, the route (and its resource), the
 * key and the body, and `success`, the status the route answers, which the record keeps
 * with the result. Undefined without a key: the use case simply runs.
 */
export function scopeOf(req: ApiRequest<unknown, unknown>, success: 200 | 201): IdempotencyScope | undefined {
  return req.idempotencyKey ? { sub: req.staff.sub, route: req.route, resourceId: req.params.id, key: req.idempotencyKey, body: req.body, status: success } : undefined;
}

/** `200` with the resource and its ETag. */
export const ok = (body: unknown): ApiResponse => ({ status: 200, body });
export const created = (body: unknown): ApiResponse => ({ status: 201, body });

/**
 * Builds the Lambda handler for a group of routes, keyed `METHOD /resource/{param}`
 * exactly as API Gateway names them in `event.resource`.
 */
// Each route has its own body and query types; the table holds them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function api(routes: Record<string, Route<any, any>>) {
  const base = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    const key = `${event.httpMethod} ${event.resource}`;
    const r = routes[key];
    if (!r) throw notFound(`No route ${key}.`);
    const staff = staffFromEvent(event);
    requirePermission(staff, r.permission);

    let rawBody: unknown = {};
    if (r.body) {
      const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      if (text && text.trim() !== '') {
        try {
          rawBody = JSON.parse(text);
        } catch {
          throw badRequest('The request body is not valid JSON.', [{ path: '(body)', message: 'malformed JSON' }]);
        }
      }
      if (rawBody === null || typeof rawBody !== 'object' || Array.isArray(rawBody)) {
        throw badRequest('The request body must be a JSON object.', [{ path: '(body)', message: 'expected an object' }]);
      }
    }
    // Ids are ULIDs: anything else in a path parameter cannot name a record, and an
    // over-long one would be refused by DynamoDB's key size limit.
    for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
      if (!value || value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value)) throw notFound(`No record with that ${name}.`);
    }
    const headers = lowerHeaders(event);
    const rawQuery = { ...(event.queryStringParameters ?? {}) };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- validated by the route's own schemas just above
    const req: ApiRequest<any, any> = {
      body: r.body ? parseWith(r.body, rawBody, 'body') : undefined,
      query: r.query ? parseWith(r.query, rawQuery, 'query') : rawQuery,
      params: Object.fromEntries(Object.entries(event.pathParameters ?? {}).map(([k, v]) => [k, v ?? ''])),
      headers,
      staff,
      route: key,
      ifMatch: parseIfMatch(headers['if-match']),
      idempotencyKey: headers['idempotency-key'] || undefined,
    };
    if (req.idempotencyKey && req.idempotencyKey.length > 255) {
      throw badRequest('Idempotency-Key is at most 255 characters.', [{ path: 'Idempotency-Key', message: 'too long' }]);
    }
    const res = await r.run(req);
    logger.info('request served', { route: key, status: res.status });
    return toResult(res);
  };

  const wrapped = middy(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const err = asUnavailable(request.error);
        if (err instanceof ProblemError) {
          logger.info('request refused', { route: `${request.event.httpMethod} ${request.event.resource}`, status: err.status });
          request.response = problemResponse(err);
          return;
        }
        // A defect: log the error type and stack (no request data), answer a bare 500.
        logger.error('unhandled error', { errorName: (err as Error)?.name, stack: (err as Error)?.stack });
        request.response = problemResponse(new ProblemError(500, 'Internal Server Error', 'Something went wrong on our side.'));
      },
    });
  // The route table rides along so the OpenAPI document is generated from the very schemas the handler validates with.
  return Object.assign(wrapped, { routes });
}


import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { matchRoute, type ApiFunction } from '../lib/routes.js';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}
export interface LocalResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string | Buffer;
}
export type LocalRoute = (req: LocalRequest) => Promise<LocalResponse>;

export interface ServerOptions {
  verify: (authorization: string | undefined) => Promise<Record<string, unknown> | undefined>;
  /** Routes only the local stack serves, keyed `METHOD /path`. */
  localRoutes: Record<string, LocalRoute>;
  /** Serves anything else under GET (the staff console), or undefined for 404. */
  staticFiles?: (path: string) => Promise<LocalResponse | undefined>;
  isReady: () => boolean;
}

const MAX_BODY_BYTES = 1024 * 1024;

const handlerCache = new Map<ApiFunction, Promise<ApiHandler>>();
/** Imports the very module CDK bundles for that Lambda. */
function loadHandler(fn: ApiFunction): Promise<ApiHandler> {
  let h = handlerCache.get(fn);
  if (!h) {
    h = import(`../functions/${fn}.ts`).then((m: { handler: ApiHandler }) => m.handler);
    handlerCache.set(fn, h);
  }
  return h;
}

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function problem(res: ServerResponse, status: number, title: string, detail: string) {
  res.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ type: `https://contact-strategy.opcc/problems/${status}`, title, status, detail, errors: [] }));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Turns each HTTP request into the API Gateway (REST, proxy) event that AWS would
 * send, with the claims its Cognito authorizer would add, and calls the handler.
 */
export function createLocalServer(opts: ServerOptions): Server {
  return createServer((req, res) => {
    void handle(req, res).catch((err) => {
      console.error('local server error', err);
      if (!res.headersSent) problem(res, 500, 'Internal Server Error', 'The local server failed.');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (body === undefined) return problem(res, 413, 'Content Too Large', 'The request body is larger than 1 MB.');

    if (method === 'GET' && url.pathname === '/health') {
      const ready = opts.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
    }

    const local = opts.localRoutes[`${method} ${url.pathname}`];
    if (local) {
      const out = await local({ method, path: url.pathname, query: url.searchParams, body });
      res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', ...out.headers, 'cache-control': 'no-store' });
      return res.end(out.raw ?? (out.body === undefined ? '' : JSON.stringify(out.body)));
    }

    const match = matchRoute(method, url.pathname);
    if (!match || 'methodMismatch' in match) {
      if (method === 'GET' && opts.staticFiles) {
        const file = await opts.staticFiles(url.pathname);
        if (file) {
          res.writeHead(file.status, file.headers);
          return res.end(file.raw);
        }
      }
      // As deployed: API Gateway answers an unknown method on a known path like an unknown route (404).
      return problem(res, 404, 'Not Found', `No route ${method} ${url.pathname}.`);
    }

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      const values = Array.isArray(v) ? v : [v];
      headers[k] = values.join(', ');
      multiValueHeaders[k] = values;
    }

    let claims: Record<string, string> | undefined;
    if (match.route.auth !== false) {
      const verified = await opts.verify(headers.authorization);
      if (!verified) return problem(res, 401, 'Unauthorized', 'A valid bearer token is required.');
      // API Gateway hands claims to the Lambda as strings, groups comma-joined.
      claims = Object.fromEntries(
        Object.entries(verified).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
      );
    }

    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) {
      query[k] = v;
      (multiQuery[k] ??= []).push(v);
    }
    const requestId = randomUUID();
    const event: APIGatewayProxyEvent = {
      resource: match.route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: Object.keys(query).length ? query : null,
      multiValueQueryStringParameters: Object.keys(multiQuery).length ? multiQuery : null,
      pathParameters: Object.keys(match.params).length ? match.params : null,
      stageVariables: null,
      body: body === '' ? null : body,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? { claims } : null,
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1' } as never,
        path: url.pathname,
        stage: 'local',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: match.route.path,
      },
    };
    const handler = await loadHandler(match.route.fn);
    const result = await handler(event, lambdaContext(match.route.fn));
    res.writeHead(result.statusCode, { ...(result.headers as Record<string, string>), 'x-request-id': requestId });
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }
}

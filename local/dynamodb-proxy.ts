import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoDbProxy {
  /** The endpoint to use instead of DynamoDB's own. */
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of a DynamoDB (Local), told of every request as it
 * arrives (`onRequest`, with its operation: `PutItem`, `Query`, ...) and of every answer
 * before the caller sees it (`onAnswer`, with DynamoDB's status). The bench counts round
 * trips with it; the integration tests count the writes DynamoDB accepted.
 */
export async function startDynamoDbProxy(
  target: string,
  hooks: { onRequest?: (op: string) => void; onAnswer?: (op: string, status: number) => void; extraRoute?: { path: string; answer: () => unknown } } = {},
): Promise<DynamoDbProxy> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    if (hooks.extraRoute && req.url === hooks.extraRoute.path) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(hooks.extraRoute.answer()));
      return;
    }
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() || '?';
    hooks.onRequest?.(op);
    const up = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      hooks.onAnswer?.(op, r.statusCode ?? 502);
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

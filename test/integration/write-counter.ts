import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** DynamoDB operations that change the table. */
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);
const COUNT_PATH = '/__writes';

export interface WriteCounter {
  /** The endpoint the stack uses instead of DynamoDB's own. */
  endpoint: string;
  /** `GET` it for `{ writes }`: the write requests DynamoDB accepted so far. */
  countUrl: string;
  close: () => Promise<void>;
}

/**
 * A pass-through proxy in front of the integration stack's DynamoDB Local that counts
 * the write requests DynamoDB accepted (HTTP 200). "A refused request writes nothing"
 * then costs two tiny requests instead of two scans of the whole shared table, and it
 * is stricter: an update of an existing item counts too, where an item count would
 * not see it. (PartiQL statements are counted as writes whatever they do: the
 * application never uses them.)
 */
export async function startWriteCounter(target: string): Promise<WriteCounter> {
  const upstream = new URL(target);
  let writes = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === COUNT_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ writes }));
      return;
    }
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const up = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      // Counted when DynamoDB has answered, before the caller can see the answer.
      if (WRITES.has(op) && r.statusCode === 200) writes++;
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: base,
    countUrl: `${base}${COUNT_PATH}`,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

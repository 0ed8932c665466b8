import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkPrecompiledLetter } from '../lib/delivery/precompiled-letter.js';

/**
 * A stand-in for GOV.UK Notify's letter API, for the local stack with
 * `POST_PROVIDER=NOTIFY`, on 127.0.0.1:${NOTIFY_PORT:-4599}. Notify's own client
 * (notifications-node-client) talks to it as to Notify: it accepts a precompiled
 * letter (`POST /v2/notifications/letter`), checks the PDF as Notify does
 * (lib/delivery/precompiled-letter.ts) and reports `validation-failed` when it fails,
 * otherwise `accepted` and, a few seconds later, `received`; it answers
 * `GET /v2/notifications?reference=` and `GET /v2/notifications/{id}`.
 * `POST /local/faults { notify }` makes it answer a failure instead. Its letters
 * are kept in `<data>/notify-letters.json`, so they survive a restart.
 */

export type NotifyFault = 'validation-failed' | 'technical-failure' | null;

export interface StandInLetter {
  id: string;
  reference: string;
  pages: number;
  postage: string;
  status: string;
  createdAt: string;
  /** When it is reported `received` (accepted letters only). */
  receivedAfter?: number;
  problems?: string[];
}

export interface NotifyStandIn {
  url: string;
  letters(): StandInLetter[];
  setFault(fault: NotifyFault): void;
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  let out = '';
  for await (const chunk of req) out += String(chunk);
  return out;
}

export async function startNotifyStandIn(opts: { port: number; dataDir: string; receivedAfterMs?: number }): Promise<NotifyStandIn> {
  const file = join(opts.dataDir, 'notify-letters.json');
  const letters: StandInLetter[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StandInLetter[]) : [];
  const save = () => writeFileSync(file, JSON.stringify(letters, null, 2));
  let fault: NotifyFault = null;
  const receivedAfter = opts.receivedAfterMs ?? 3_000;

  /** A letter as Notify's API shows it, `accepted` turned `received` once its time has come. */
  const shown = (l: StandInLetter) => {
    if (l.status === 'accepted' && l.receivedAfter !== undefined && Date.now() >= l.receivedAfter) {
      l.status = 'received';
      save();
    }
    return { id: l.id, reference: l.reference, type: 'letter', status: l.status, postage: l.postage, created_at: l.createdAt };
  };

  const server: Server = createServer((req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    void (async () => {
      // Notify's client signs a JWT with the key: here a bearer token must be present.
      if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return send(403, { status_code: 403, errors: [{ error: 'AuthError', message: 'Unauthorized: authentication token must be provided' }] });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/v2/notifications/letter') {
        const b = JSON.parse((await body(req)) || '{}') as { reference?: string; content?: string; postage?: string };
        if (typeof b.reference !== 'string' || typeof b.content !== 'string' || !b.content) return send(400, { status_code: 400, errors: [{ error: 'ValidationError', message: 'reference and content are required' }] });
        const verdict = await checkPrecompiledLetter(Buffer.from(b.content, 'base64')).catch(() => ({ pages: 0, problems: [{ problem: 'unable-to-read-the-file', pages: [] }] }));
        const problems = verdict.problems.map((p) => p.problem);
        // Accepted, then checked: a letter that fails is reported with that status, as Notify reports it.
        const failure = fault ?? (problems.length > 0 ? 'validation-failed' : undefined);
        const letter: StandInLetter = {
          id: randomUUID(),
          reference: b.reference,
          pages: verdict.pages,
          postage: b.postage ?? 'second',
          status: failure ?? 'accepted',
          createdAt: new Date().toISOString(),
          ...(failure ? { problems: problems.length ? problems : [`local fault: ${failure}`] } : { receivedAfter: Date.now() + receivedAfter }),
        };
        letters.push(letter);
        save();
        return send(201, { id: letter.id, reference: letter.reference, postage: letter.postage });
      }
      if (req.method === 'GET' && url.pathname === '/v2/notifications') {
        const reference = url.searchParams.get('reference');
        return send(200, { notifications: letters.filter((l) => !reference || l.reference === reference).map(shown), links: { current: req.url } });
      }
      const one = /^\/v2\/notifications\/([\w-]+)$/.exec(url.pathname);
      if (req.method === 'GET' && one) {
        const l = letters.find((x) => x.id === one[1]);
        return l ? send(200, shown(l)) : send(404, { status_code: 404, errors: [{ error: 'NoResultFound', message: 'No result found' }] });
      }
      return send(404, { status_code: 404, errors: [{ error: 'NotFound', message: 'Not found' }] });
    })().catch(() => send(500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] }));
  });
  await new Promise<void>((resolve, fail) => server.once('error', fail).listen(opts.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    letters: () => letters.map((l) => ({ ...l, status: shown(l).status })),
    setFault: (f) => (fault = f),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { startDynamoDbLocal, ensureTable } from './dynamodb.js';
import { createLocalAuth } from './auth.js';
import { createLocalServer, type LocalRoute, type LocalResponse } from './server.js';

const require = createRequire(import.meta.url);

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Where data is kept across restarts. */
  dataDir?: string;
  /** Keep DynamoDB in memory (tests). */
  inMemory?: boolean;
  /** Extra environment for the handlers (settings). */
  env?: Record<string, string>;
  /** The inbound-email SMTP server's port (`SMTP_PORT`, 2525; a free one when `port` is 0); 0 picks a free one. */
  smtpPort?: number;
  /**
   * Puts something between the stack and its DynamoDB (a test's write counter): given
   * DynamoDB's endpoint, answers the endpoint the stack should use instead.
   */
  interposeDynamoDb?: (endpoint: string) => Promise<string>;
}

export interface LocalStack {
  url: string;
  dataDir: string;
  dynamodbEndpoint: string;
  /** Where the DynamoDB Local it started listens (local/dynamodb.ts); undefined with DYNAMODB_ENDPOINT. */
  dynamodbListensOn?: '127.0.0.1' | 'every interface';
  sesEndpoint: string;
  /** The local inbound-email SMTP server (local/smtp.ts), on 127.0.0.1. */
  smtpPort: number;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePort(port));
    });
  });
}

interface SesEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { filename?: string; contentType: string; size: number; content: string }[];
  replyTo?: string[];
  headers?: { name: string; value: string }[];
  at: number;
}

/**
 * Starts the whole local stack: DynamoDB Local (Java), aws-ses-v2-local, and the
 * HTTP server that calls the deployed handler modules. Settings reach the handlers
 * through the environment, as they do in Lambda, so it is set before any handler
 * module is imported; the SDK's own endpoint variables point the real DynamoDB and
 * SES clients at the emulators. The other side effects go to the local adapters,
 * installed below in one place, also before any handler is imported.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const children: ChildProcess[] = [];
  try {
    return await startWith(opts, children);
  } catch (err) {
    // A later step failed (the port taken, ...): stop what had started, so no Java process outlives it.
    const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (exited(c) ? undefined : new Promise((r) => c.once('exit', r)))));
    throw err;
  }
}

async function startWith(opts: LocalStackOptions, children: ChildProcess[]): Promise<LocalStack> {
  const dataDir = resolve(opts.dataDir ?? process.env.DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true });

  // `DYNAMODB_ENDPOINT`: the user's own DynamoDB (Local) instead of starting one.
  let dynamodbEndpoint = process.env.DYNAMODB_ENDPOINT;
  let dynamodbListensOn: LocalStack['dynamodbListensOn'];
  if (!dynamodbEndpoint) {
    const dynamo = await startDynamoDbLocal({ port: await freePort(), dbPath: opts.inMemory ? undefined : join(dataDir, 'dynamodb') });
    dynamodbEndpoint = dynamo.endpoint;
    dynamodbListensOn = dynamo.listensOn;
    children.push(dynamo.process);
  }
  if (opts.interposeDynamoDb) dynamodbEndpoint = await opts.interposeDynamoDb(dynamodbEndpoint);

  // aws-ses-v2-local in this process, on loopback only. Its store lives in memory,
  // so every email is also appended to a file and restored at the next start.
  const sesPort = await freePort();
  const sesModule = require('aws-ses-v2-local') as { default: (c: { port: number; host: string }) => Promise<Server> };
  const sesStore = require('aws-ses-v2-local/dist/store.js') as { saveEmail: (e: SesEmail) => void; getStoreReadonly: () => { emails: SesEmail[] }; clearStore: () => void };
  const outboxFile = join(dataDir, 'outbox-email.jsonl');
  sesStore.clearStore();
  const originalSave = sesStore.saveEmail;
  if (!opts.inMemory && existsSync(outboxFile)) {
    for (const line of readFileSync(outboxFile, 'utf8').split('\n')) if (line.trim()) originalSave(JSON.parse(line) as SesEmail);
  }
  sesStore.saveEmail = (email: SesEmail) => {
    originalSave(email);
    if (!opts.inMemory) appendFileSync(outboxFile, `${JSON.stringify(email)}\n`);
  };
  const sesServer = await sesModule.default({ port: sesPort, host: '127.0.0.1' });
  const sesEndpoint = `http://127.0.0.1:${sesPort}`;

  const tableName = opts.env?.TABLE_NAME ?? process.env.TABLE_NAME ?? 'contact-strategy';
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_SESV2: sesEndpoint,
    FROM_EMAIL: process.env.FROM_EMAIL ?? 'no-reply@opcc.localhost',
    // aws-ses-v2-local accepts and ignores it; in AWS it publishes bounces and complaints.
    SES_CONFIGURATION_SET: 'contact-strategy-local',
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'false',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    ...opts.env,
  });
  await ensureTable(dynamodbEndpoint, tableName);

  // POST_PROVIDER=NOTIFY: a stand-in for GOV.UK Notify's letter API, which the real client is pointed at.
  const notify = process.env.POST_PROVIDER === 'NOTIFY' ? await (await import('./notify.js')).startNotifyStandIn({ port: Number(process.env.NOTIFY_PORT ?? 4599), dataDir }) : undefined;
  if (notify) {
    process.env.NOTIFY_BASE_URL = notify.url;
    // Shaped as Notify's keys are (name, service id, secret): the client signs with it.
    process.env.NOTIFY_API_KEY ??= 'local-00000000-0000-4000-8000-000000000000-00000000-0000-4000-8000-000000000000';
  }

  const auth = await createLocalAuth(join(dataDir, 'local-signing-key.json'));
  // Imported only now: settings are read at import.
  const [{ installAdapters }, { movableClock }, { folderPostPacks, folderPostQueue }, { samplePolicyDocument }, { localServices }, faultsModule, { sesMailer }, disposalModule] = await Promise.all([
    import('../lib/wiring.js'),
    import('./adapters/clock.js'),
    import('./adapters/post.js'),
    import('./adapters/policy.js'),
    import('./services.js'),
    import('./adapters/faults.js'),
    import('../lib/adapters/ses-mailer.js'),
    import('./adapters/disposal.js'),
  ]);
  const clock = movableClock();
  // POST /local/faults sets these; every email and post pack goes through them.
  const faults = faultsModule.deliveryFaults();
  let ses: ReturnType<typeof sesMailer> | undefined;
  const realMailer = () => (ses ??= sesMailer({ from: process.env.FROM_EMAIL as string, configurationSet: process.env.SES_CONFIGURATION_SET as string, region: process.env.AWS_REGION as string }));
  const services = await localServices({ dataDir });
  installAdapters({
    clock,
    mailer: faultsModule.faultyMailer(realMailer, faults),
    postQueue: faultsModule.faultyPostQueue(folderPostQueue(dataDir), faults),
    postPacks: faultsModule.faultyPostPacks(folderPostPacks(dataDir), faults),
    policyDocuments: samplePolicyDocument(),
    workflowEngine: services.workflowEngine,
    disposalQueue: disposalModule.folderDisposalQueue(dataDir),
    disposableObjects: disposalModule.folderDisposableObjects(dataDir),
  });
  const disposals = disposalModule.disposalQueueDrainer(dataDir);

  const json = (status: number, body: unknown): LocalResponse => ({ status, body });
  const parse = (body: string): Record<string, unknown> | undefined => {
    try {
      const v = JSON.parse(body || '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const localProblem = (status: number, detail: string, path: string) =>
    json(status, { type: `https://contact-strategy.opcc/problems/${status}`, title: status === 400 ? 'Bad Request' : 'Unprocessable Content', status, detail, errors: [{ path, message: detail }] });

  const localRoutes: Record<string, LocalRoute> = {
    'POST /local/token': async (req) => {
      const b = parse(req.body);
      if (!b) return localProblem(400, 'The request body is not a JSON object.', '(body)');
      const errors: string[] = [];
      for (const f of ['sub', 'name', 'email'] as const) if (typeof b[f] !== 'string' || b[f] === '') errors.push(f);
      if (!Array.isArray(b.groups) || !b.groups.every((g) => typeof g === 'string')) errors.push('groups');
      if (errors.length) return json(422, { type: 'https://contact-strategy.opcc/problems/422', title: 'Unprocessable Content', status: 422, detail: `Invalid: ${errors.join(', ')}`, errors: errors.map((path) => ({ path, message: 'required' })) });
      const token = await auth.issue({ sub: b.sub as string, name: b.name as string, email: b.email as string, groups: b.groups as string[] });
      return json(200, { token });
    },
    'POST /local/clock': async (req) => {
      const b = parse(req.body);
      const at = typeof b?.now === 'string' ? new Date(b.now) : undefined;
      if (!at || Number.isNaN(at.getTime())) return localProblem(422, 'now must be an ISO-8601 timestamp', 'now');
      clock.set(at);
      return json(200, { now: clock.now().toISOString() });
    },
    // Makes every email (or only those to `emailTo`, or every post pack) fail, as SES (or S3 and SQS) failing would; `{}` clears them.
    'POST /local/faults': async (req) => {
      let body: unknown;
      try {
        body = JSON.parse(req.body || '{}');
      } catch {
        return localProblem(400, 'The request body is not JSON.', '(body)');
      }
      const parsed = faultsModule.parseFaults(body);
      if ('faults' in parsed) notify?.setFault(parsed.faults.notify);
      if ('errors' in parsed) {
        if (parsed.errors[0] === '(body)') return localProblem(400, 'The request body is not a JSON object.', '(body)');
        return json(422, {
          type: 'https://contact-strategy.opcc/problems/422',
          title: 'Unprocessable Content',
          status: 422,
          detail: `Invalid: ${parsed.errors.join(', ')} (email and post true or false; emailTo an email address; notify "validation-failed", "technical-failure" or null)`,
          errors: parsed.errors.map((path) => ({
            path,
            message: path === 'notify' ? 'must be "validation-failed", "technical-failure" or null' : path === 'emailTo' ? 'must be an email address' : 'must be true or false (only email, emailTo, post and notify)',
          })),
        });
      }
      Object.assign(faults, parsed.faults);
      return { status: 204, body: undefined };
    },
    'GET /local/clock': async () => json(200, { now: clock.now().toISOString() }),
    'GET /local/outbox/email': async () => {
      const emails = sesStore.getStoreReadonly().emails;
      return json(200, {
        items: emails.map((e) => ({
          messageId: e.messageId,
          from: e.from,
          to: e.destination.to,
          subject: e.subject,
          text: e.body.text ?? '',
          html: e.body.html,
          attachments: e.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size })),
          headers: Object.fromEntries((e.headers ?? []).map((h) => [h.name, h.value])),
          ...(e.replyTo?.length ? { replyTo: e.replyTo } : {}),
          sentAt: new Date(e.at * 1000).toISOString(),
        })),
      });
    },
    // Runs the daily review trigger now, on the local clock, and answers with what it did.
    'POST /local/scheduled/review-sweep': async () => {
      const { sweep } = await import('../functions/review-sweep.js');
      return json(200, await sweep({}));
    },
    // The letters the stand-in for GOV.UK Notify has been sent, and its follow-up run now.
    'GET /local/notify/letters': async () => json(200, { items: (notify?.letters() ?? []).map((l) => ({ id: l.id, reference: l.reference, pages: l.pages, postage: l.postage, status: l.status })) }),
    'POST /local/scheduled/notify-status': async () => json(200, await (await import('../functions/notify-status.js')).follow()),
    ...services.routes,
    // The switchboard: Amazon Connect's call and contact event, invoking the deployed handlers (local/connect.ts).
    ...(await import('./connect.js')).connectRoutes(() => clock.now()),
  };

  let ready = false;
  const { consoleFiles } = await import('./console.js');
  const server = createLocalServer({ verify: auth.verify, localRoutes, staticFiles: consoleFiles, isReady: () => ready });
  const port = opts.port ?? Number(process.env.PORT ?? 3000);
  await new Promise<void>((r, fail) => server.once('error', fail).listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await services.afterStart?.();
  disposals.start();
  // SMTP_PORT (2525); with PORT=0 (a test's stack) a free one too, so stacks side by side never collide.
  const smtpPort = opts.smtpPort ?? (process.env.SMTP_PORT ? Number(process.env.SMTP_PORT) : port === 0 ? 0 : 2525);
  const smtp = await (await import('./smtp.js')).startSmtpServer(smtpPort);
  // GOV.UK Notify's statuses are followed hourly when deployed; locally every second, so a letter is seen posted seconds after the stand-in reports it.
  const notifyFollow = notify
    ? setInterval(() => {
        void import('../functions/notify-status.js').then((m) => m.follow()).catch(() => undefined);
      }, 1_000)
    : undefined;
  ready = true;

  let stopped = false;
  return {
    url,
    dataDir,
    dynamodbEndpoint,
    ...(dynamodbListensOn ? { dynamodbListensOn } : {}),
    sesEndpoint,
    smtpPort: smtp.port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (notifyFollow) clearInterval(notifyFollow);
      await notify?.stop();
      await smtp.stop();
      await disposals.stop();
      await services.stop?.();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      sesServer.closeAllConnections?.();
      await new Promise((r) => sesServer.close(r));
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    },
  };
}

/**
 * `npm run bench`: what screening costs, and what every bundled Lambda costs to start.
 *
 * 1. Screening against DynamoDB Local (in memory), through a tiny HTTP proxy that
 *    counts every request the handler makes (counted from outside the handler):
 *    round trips per call, p50/p99 latency of `handler` called with API Gateway
 *    events, p50 of the same raw SDK calls made directly, and their ratio.
 * 2. Every handler of lib/functions-manifest.ts bundled as CDK bundles it (esbuild,
 *    ESM, node22, minified, SDK bundled): size, and cold init (a fresh `node`
 *    importing the bundle, median of several) against a bare handler that imports
 *    only the SDK clients the manifest says that function may use.
 *
 * Prints a table; always exits 0 (goals missed are reported, not failed).
 */
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { build, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb.js';

/** Settings for every handler the bench runs, in-process or in a fresh node. */
const BENCH_ENV = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_METRICS_DISABLED: 'true',
  // The handlers log one INFO line per request in AWS; kept off here so the tables are readable.
  POWERTOOLS_LOG_LEVEL: 'WARN',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// This machine runs Node 20 while the Lambdas run Node 22: the SDK's Node-version notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = resolve(import.meta.dirname, '..');
const TABLE = 'contact-strategy-bench';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);

const GOALS = { roundTrips: 2, ratio: 1.2, sizeKB: 300, initRatio: 1.3 };

// --- helpers ------------------------------------------------------------------

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
}
const median = (v: number[]) => quantile(v, 0.5);
const ms = (n: number) => `${n.toFixed(2)} ms`;
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** A pass-through proxy in front of DynamoDB Local that counts requests by operation. */
async function countingProxy(target: string): Promise<{ url: string; server: Server; count: () => number; byOp: Map<string, number> }> {
  const t = new URL(target);
  let n = 0;
  const byOp = new Map<string, number>();
  const server = createServer((req, res) => {
    n++;
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '?';
    byOp.set(op, (byOp.get(op) ?? 0) + 1);
    const up = httpRequest({ hostname: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 500, r.headers);
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, count: () => n, byOp };
}

function apiEvent(body: unknown): APIGatewayProxyEvent {
  return {
    resource: '/contacts/screen',
    path: '/contacts/screen',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    isBase64Encoded: false,
    body: JSON.stringify(body),
    requestContext: { authorizer: { claims: { sub: 'bench-staff', name: 'Bench Caseworker', email: 'bench@opcc.localhost', 'cognito:groups': 'caseworker' } } } as never,
  };
}

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'screen-contact',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:screen-contact',
  memoryLimitInMB: '512',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/screen-contact',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

// --- 1. screening ---------------------------------------------------------------

interface ScreeningRow {
  scenario: string;
  roundTrips: number;
  /** Mean handler round trips per call over the measured loop. */
  perCall: number;
  ops: string;
  p50: number;
  p99: number;
  rawP50: number;
  decision: string;
}

async function benchScreening(): Promise<ScreeningRow[]> {
  const dbPort = await new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => r(p));
    });
  });
  const dynamo = await startDynamoDbLocal({ port: dbPort });
  const proxy = await countingProxy(dynamo.endpoint);
  try {
    Object.assign(process.env, { ...BENCH_ENV, TABLE_NAME: TABLE, AWS_ENDPOINT_URL_DYNAMODB: proxy.url });
    await ensureTable(dynamo.endpoint, TABLE);

    // Imported only now: settings are read at import.
    const { handler } = await import('../functions/screen-contact.js');
    const { commit } = await import('../lib/store/db.js');
    const { createServiceUserWrites, getServiceUserItem } = await import('../lib/store/service-users.js');
    const { setInForceWrites } = await import('../lib/store/person-snapshot.js');
    const { contactWrites } = await import('../lib/store/contacts.js');
    const { createCaseWrites } = await import('../lib/store/cases.js');
    const { doc } = await import('../lib/clients/dynamodb.js');
    const { GetCommand, QueryCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const actor = { sub: 'bench-staff', name: 'Bench Caseworker' };

    // A person under several restrictions, reachable by two emails and two numbers.
    const { user, writes } = createServiceUserWrites(
      { name: 'Bench Person', emails: ['bench.person@example.com', 'other.bench@example.com'], phones: ['+441482000001', '+447700900001'], postalAddress: { lines: ['1 Bench Road'], postcode: 'HU1 1AA' } } as never,
      actor,
    );
    await commit(writes);
    const { kase, writes: caseWrites } = await createCaseWrites({ serviceUserId: user.id, type: 'COMPLAINT', subject: 'Bench case' } as never, actor);
    await commit(caseWrites);
    const profile = (await getServiceUserItem(user.id))!;
    await commit(
      setInForceWrites(profile, [
        {
          strategyId: 'BENCH-STRATEGY',
          status: 'ACTIVE',
          caseIds: [kase.id],
          reviewDate: '2099-01-01',
          restrictions: [
            // Far above what the bench makes, so every call stays under the limit and is counted.
            { type: 'TELEPHONE_LIMIT', maxCalls: 1_000_000, per: 'DAY', maxMinutes: 15 },
            { type: 'RECORD_CALLS' },
            { type: 'BLOCK_ADDRESSES', addresses: ['blocked@example.com'] },
            { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-1', staffName: 'Jo Bloggs' },
          ],
        },
      ]),
    );
    const cpItem = (await doc.send(new QueryCommand({ TableName: TABLE, IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'CP#PHONE#+441482000001' } }))).Items![0]!;

    const scenarios: { scenario: string; body: Record<string, unknown>; raw: () => Promise<unknown> }[] = [];
    const rawWrite = async (c: Parameters<typeof contactWrites>[0], person?: typeof profile, extra: unknown[] = []) => {
      const { writes: ws } = contactWrites(c, person);
      await doc.send(new TransactWriteCommand({ TransactItems: [...ws.map(({ onConditionFailed: _x, ...w }) => {
        const [kind, b] = Object.entries(w)[0] as [string, object];
        return { [kind]: { TableName: TABLE, ...b } };
      }), ...extra] as never }));
    };
    const base = { direction: 'INBOUND' as const, summary: 'Bench contact', recordedAt: new Date().toISOString(), recordedBy: actor };

    scenarios.push({
      scenario: 'email by serviceUserId',
      body: { channel: 'EMAIL', serviceUserId: user.id, summary: 'Bench contact' },
      raw: async () => {
        await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `SU#${user.id}`, sk: 'PROFILE' }, ConsistentRead: true }));
        await rawWrite({ ...base, channel: 'EMAIL', serviceUserId: user.id, occurredAt: new Date().toISOString(), screening: { decision: 'PROCEED_VIA_SPOC', reasons: ['x'], potentialBreach: false, freshMatter: false } });
      },
    });
    scenarios.push({
      scenario: 'phone call by from, counted (5 copies)',
      body: { channel: 'PHONE', from: '01482 000001', summary: 'Bench contact' },
      raw: async () => {
        await doc.send(new QueryCommand({ TableName: TABLE, IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'CP#PHONE#+441482000001' } }));
        await rawWrite({ ...base, channel: 'PHONE', serviceUserId: user.id, from: '+441482000001', occurredAt: new Date().toISOString(), screening: { decision: 'PROCEED_VIA_SPOC', reasons: ['x'], potentialBreach: false, freshMatter: false } }, { ...profile, ...(cpItem as object) } as never);
      },
    });
    scenarios.push({
      scenario: 'phone call about a case (ConditionCheck)',
      body: { channel: 'PHONE', serviceUserId: user.id, caseId: kase.id, summary: 'Bench contact' },
      raw: async () => {
        await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `SU#${user.id}`, sk: 'PROFILE' }, ConsistentRead: true }));
        await rawWrite(
          { ...base, channel: 'PHONE', serviceUserId: user.id, caseId: kase.id, occurredAt: new Date().toISOString(), screening: { decision: 'PROCEED_VIA_SPOC', reasons: ['x'], potentialBreach: false, freshMatter: false } },
          profile,
          [{ ConditionCheck: { TableName: TABLE, Key: { pk: `CASE#${kase.id}`, sk: 'CASE' }, ConditionExpression: 'attribute_exists(pk) AND serviceUserId IN (:su0)', ExpressionAttributeValues: { ':su0': user.id } } }],
        );
      },
    });
    scenarios.push({
      scenario: 'email from nobody on record',
      body: { channel: 'EMAIL', from: 'stranger@example.com', summary: 'Bench contact' },
      raw: async () => {
        await doc.send(new QueryCommand({ TableName: TABLE, IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'CP#EMAIL#stranger@example.com' } }));
        await rawWrite({ ...base, channel: 'EMAIL', from: 'stranger@example.com', occurredAt: new Date().toISOString(), screening: { decision: 'PROCEED', reasons: ['x'], potentialBreach: false, freshMatter: false } });
      },
    });

    const rows: ScreeningRow[] = [];
    for (const s of scenarios) {
      const event = apiEvent(s.body);
      // Round trips of one call, counted at the proxy.
      let before = proxy.count();
      const opsBefore = new Map(proxy.byOp);
      const first = await handler(event, context);
      if (first.statusCode !== 200) throw new Error(`${s.scenario}: ${first.statusCode} ${first.body}`);
      const roundTrips = proxy.count() - before;
      const ops = [...proxy.byOp].filter(([k, v]) => v !== (opsBefore.get(k) ?? 0)).map(([k, v]) => `${k}×${v - (opsBefore.get(k) ?? 0)}`).join(' + ');
      const decision = (JSON.parse(first.body) as { decision: string }).decision;

      // Interleave handler and raw calls so both see the same table and machine state.
      for (let i = 0; i < WARMUP; i++) {
        await handler(event, context);
        await s.raw();
      }
      const viaHandler: number[] = [];
      const raw: number[] = [];
      before = proxy.count();
      for (let i = 0; i < ITERATIONS; i++) {
        let t = performance.now();
        await handler(event, context);
        viaHandler.push(performance.now() - t);
        t = performance.now();
        await s.raw();
        raw.push(performance.now() - t);
      }
      // Over the loop too: every raw iteration makes exactly 2 requests, the rest are the handler's.
      const perCall = (proxy.count() - before - 2 * ITERATIONS) / ITERATIONS;
      rows.push({ scenario: s.scenario, roundTrips, perCall, ops, p50: median(viaHandler), p99: quantile(viaHandler, 0.99), rawP50: median(raw), decision });
    }
    return rows;
  } finally {
    proxy.server.closeAllConnections();
    proxy.server.close();
    dynamo.process.kill('SIGTERM');
  }
}

// --- 2. bundles -----------------------------------------------------------------

const CLIENT_IMPORTS = {
  table: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
  sendEmail: "import { SESv2Client } from '@aws-sdk/client-sesv2';",
  sendPost: "import { SQSClient } from '@aws-sdk/client-sqs';",
  postPacks: "import { S3Client } from '@aws-sdk/client-s3';",
  workflow: "import { SFNClient } from '@aws-sdk/client-sfn';",
};
const CLIENT_INITS = {
  table: 'const d = new DynamoDBClient({}); globalThis.__c.push(DynamoDBDocumentClient.from(d));',
  sendEmail: 'globalThis.__c.push(new SESv2Client({}));',
  sendPost: 'globalThis.__c.push(new SQSClient({}));',
  postPacks: 'globalThis.__c.push(new S3Client({}));',
  workflow: 'globalThis.__c.push(new SFNClient({}));',
};

/** The bundle options CDK's NodejsFunction uses here (infra/constructs/lambda-function.ts). */
async function bundle(entry: string, outfile: string, stdin?: string, plugins: Plugin[] = []): Promise<void> {
  await build({
    plugins,
    ...(stdin ? { stdin: { contents: stdin, resolveDir: ROOT, loader: 'ts', sourcefile: 'bare.ts' } } : { entryPoints: [entry] }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    minify: true,
    external: [],
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
}

/** A deployed function's settings: the wiring settings name resources no cold start reaches. */
const COLD_ENV = {
  ...process.env,
  ...BENCH_ENV,
  TABLE_NAME: 'contact-strategy',
  FROM_EMAIL: 'no-reply@opcc.example.org',
  SES_CONFIGURATION_SET: 'contact-strategy',
  POST_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/post-queue',
  POST_PACK_BUCKET: 'contact-strategy-post-packs',
  POLICY_DOCUMENT_KEY: 'policy/contact-policy.pdf',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:000000000000:stateMachine:strategy-lifecycle',
};

/**
 * Milliseconds to import a module in a fresh `node` (wall clock and CPU time,
 * medians of COLD_RUNS runs after one discarded run that warms the file cache).
 * The ratio against the bare handler uses CPU time, which other work on a shared
 * machine disturbs far less than wall time.
 */
function coldInit(file: string): { wall: number; cpu: number } {
  const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(file)});const u=process.cpuUsage(c);process.stdout.write(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]));`;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = -1; i < COLD_RUNS; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: COLD_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [w, c] = JSON.parse(out) as [number, number];
    if (i >= 0) {
      wall.push(w);
      cpu.push(c);
    }
  }
  return { wall: median(wall), cpu: median(cpu) };
}

interface BundleRow {
  name: string;
  sizeKB: number;
  gzipKB: number;
  init: { wall: number; cpu: number };
  bare: { wall: number; cpu: number };
  bareKB: number;
  note: string;
}
const kb = (file: string) => statSync(file).size / 1024;
const gzKB = (file: string) => gzipSync(readFileSync(file)).length / 1024;

async function benchBundles(): Promise<BundleRow[]> {
  const { FUNCTIONS } = await import('../lib/functions-manifest.js');
  const dir = mkdtempSync(join(tmpdir(), 'contact-strategy-bench-'));
  const rows: BundleRow[] = [];
  const bareCache = new Map<string, { init: { wall: number; cpu: number }; kb: number }>();
  try {
    for (const spec of FUNCTIONS) {
      const entry = join(ROOT, 'functions', `${spec.name}.ts`);
      if (!existsSync(entry)) {
        rows.push({ name: spec.name, sizeKB: NaN, gzipKB: NaN, init: { wall: NaN, cpu: NaN }, bare: { wall: NaN, cpu: NaN }, bareKB: NaN, note: 'no handler file yet' });
        continue;
      }
      const out = join(dir, `${spec.name}.mjs`);
      try {
        await bundle(entry, out);
      } catch (err) {
        rows.push({ name: spec.name, sizeKB: NaN, gzipKB: NaN, init: { wall: NaN, cpu: NaN }, bare: { wall: NaN, cpu: NaN }, bareKB: NaN, note: `bundle failed: ${(err as Error).message.split('\n')[0]}` });
        continue;
      }
      const needs = (['table', 'sendEmail', 'sendPost', 'postPacks', 'workflow'] as const).filter((k) => (k === 'table' ? true : k === 'workflow' ? !!spec.access.workflow?.length : !!spec.access[k]));
      const key = needs.join('+');
      if (!bareCache.has(key)) {
        const bareOut = join(dir, `bare-${key}.mjs`);
        await bundle('', bareOut, `${needs.map((n) => CLIENT_IMPORTS[n]).join('\n')}\nglobalThis.__c = [];\n${needs.map((n) => CLIENT_INITS[n]).join('\n')}\nexport const handler = async () => ({ statusCode: 200, body: '' });\n`);
        bareCache.set(key, { init: coldInit(bareOut), kb: kb(bareOut) });
      }
      const bare = bareCache.get(key)!;
      rows.push({ name: spec.name, sizeKB: kb(out), gzipKB: gzKB(out), init: coldInit(out), bare: bare.init, bareKB: bare.kb, note: key.replace('table', 'dynamodb') });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// --- main -----------------------------------------------------------------------

async function main() {
  process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING = '1';
  console.log(`contact-strategy bench — node ${process.version}, ${ITERATIONS} iterations after ${WARMUP} warm-up, cold init median of ${COLD_RUNS}\n`);

  const screening = await benchScreening();
  console.log('Screening (POST /contacts/screen, handler called in-process against DynamoDB Local through a counting proxy)\n');
  console.log(
    table(
      ['scenario', 'decision', 'round trips (first / mean)', 'requests', 'handler p50', 'handler p99', 'raw SDK p50', 'ratio p50', 'goals'],
      screening.map((r) => {
        const ratio = r.p50 / r.rawP50;
        return [r.scenario, r.decision, `${r.roundTrips} / ${r.perCall.toFixed(2)}`, r.ops, ms(r.p50), ms(r.p99), ms(r.rawP50), ratio.toFixed(2), `${mark(Math.max(r.roundTrips, r.perCall) <= GOALS.roundTrips)} / ${mark(ratio <= GOALS.ratio)}`];
      }),
    ),
  );
  console.log(`\ngoals: at most ${GOALS.roundTrips} round trips per call; handler p50 ≤ ${GOALS.ratio}× raw SDK p50\n`);

  const bundles = await benchBundles();
  console.log('Bundles (esbuild as CDK: ESM, node22, minified, SDK bundled) and cold init (fresh node importing the bundle)\n');
  const r2 = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    table(
      ['function', 'size (gzip)', 'cold init wall / CPU', 'bare SDK clients wall / CPU (size)', 'init ratio (CPU)', 'goals size / init', 'clients'],
      bundles.map((b) =>
        Number.isNaN(b.sizeKB)
          ? [b.name, '-', '-', '-', '-', '-', b.note]
          : [
              b.name,
              `${b.sizeKB.toFixed(0)} KB (${b.gzipKB.toFixed(0)})`,
              `${b.init.wall.toFixed(0)} / ${b.init.cpu.toFixed(0)} ms`,
              `${b.bare.wall.toFixed(0)} / ${b.bare.cpu.toFixed(0)} ms (${b.bareKB.toFixed(0)} KB)`,
              r2(b.init.cpu, b.bare.cpu),
              `${mark(b.sizeKB <= GOALS.sizeKB)} / ${mark(b.init.cpu / b.bare.cpu <= GOALS.initRatio)}`,
              b.note,
            ],
      ),
    ),
  );
  console.log(`\ngoals: each bundle ≤ ${GOALS.sizeKB} KB; cold init ≤ ${GOALS.initRatio}× a bare handler importing the same SDK clients`);
}

main()
  .catch((err) => {
    console.error('bench failed:', err);
  })
  .finally(() => process.exit(0));

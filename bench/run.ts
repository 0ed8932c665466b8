/**
 * `npm run bench`: what screening costs, and what every bundled Lambda costs to start.
 *
 * 1. Screening against DynamoDB Local (in memory), through a tiny HTTP proxy that
 *    counts every request the handler makes (counted from outside the handler):
 *    round trips per call, p50/p99 latency of `handler` called with API Gateway
 *    events, p50 of the same raw SDK calls made directly, and their ratio.
 * 2. Every handler of lib/functions-manifest.ts bundled exactly as CDK bundles it
 *    (the options come from infra/constructs/lambda-function.ts): size, and init CPU
 *    (a fresh `node`, started with the functions' NODE_OPTIONS, importing the bundle;
 *    median of BENCH_COLD_RUNS) against its bare baseline: a handler importing the
 *    same SDK clients, commands and errors, read from the function's own bundle
 *    (bench/cold-start.ts). Where the rest goes: bench/init-profile.ts.
 *
 * Prints a table; always exits 0 (goals missed are reported, not failed).
 */
import { performance } from 'node:perf_hooks';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { gzipSync } from 'node:zlib';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb.js';
import { startDynamoDbProxy } from '../local/dynamodb-proxy.js';
import { bareHandlerSource, bundle, coldInit, describeUsage, NODE_FLAGS, ROOT, sdkUsageOf, splitByGrant, usageKey, type Bundle, type ColdTime } from './cold-start.js';

/** Settings for every handler the bench runs, in-process or in a fresh node. */
const BENCH_ENV = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_METRICS_DISABLED: 'true',
  // The handlers log one INFO line per request in AWS; kept off here so the tables are readable.
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

const TABLE = 'contact-strategy-bench';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);

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

/** A proxy in front of DynamoDB Local that counts requests by operation. */
async function countingProxy(target: string): Promise<{ url: string; close: () => Promise<void>; count: () => number; byOp: Map<string, number> }> {
  let n = 0;
  const byOp = new Map<string, number>();
  const proxy = await startDynamoDbProxy(target, {
    onRequest: (op) => {
      n++;
      byOp.set(op, (byOp.get(op) ?? 0) + 1);
    },
  });
  return { url: proxy.url, close: proxy.close, count: () => n, byOp };
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
      new Date().toISOString(),
    );
    await commit(writes);
    const { kase, writes: caseWrites } = await createCaseWrites({ serviceUserId: user.id, type: 'COMPLAINT', subject: 'Bench case' } as never, actor, new Date().toISOString());
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
      ], new Date()),
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
    await proxy.close();
    dynamo.process.kill('SIGTERM');
  }
}

// --- 2. bundles and cold init ------------------------------------------------------

interface BundleRow {
  name: string;
  kind: string;
  sizeKB: number;
  gzipKB: number;
  init?: ColdTime;
  bare?: ColdTime;
  bareKB: number;
  sdk: string;
  note?: string;
}
const gzKB = (file: string) => gzipSync(readFileSync(file)).length / 1024;

/**
 * Every function bundled as CDK bundles it, and its bare baseline: a handler that
 * imports the same SDK clients, commands and errors, found in the function's own
 * bundle (bench/cold-start.ts). Each function and its baseline are timed in the
 * same rounds, so both see the same load.
 */
async function benchBundles(only: string[]): Promise<BundleRow[]> {
  const { FUNCTIONS: all } = await import('../lib/functions-manifest.js');
  const FUNCTIONS = only.length ? all.filter((f) => only.includes(f.name)) : all;
  const dir = mkdtempSync(join(tmpdir(), 'contact-strategy-bench-'));
  const rows: BundleRow[] = [];
  const bares = new Map<string, Bundle>();
  try {
    for (const spec of FUNCTIONS) {
      const entry = join(ROOT, 'functions', `${spec.name}.ts`);
      const row: BundleRow = { name: spec.name, kind: spec.kind, sizeKB: NaN, gzipKB: NaN, bareKB: NaN, sdk: '' };
      rows.push(row);
      if (!existsSync(entry)) {
        row.note = 'no handler file yet';
        continue;
      }
      let fn: Bundle;
      try {
        fn = await bundle({ entry }, join(dir, `${spec.name}.mjs`));
      } catch (err) {
        row.note = `bundle failed: ${(err as Error).message.split('\n')[0]}`;
        continue;
      }
      const { granted, notGranted } = splitByGrant(sdkUsageOf(fn), spec.access);
      const key = usageKey(granted);
      if (!bares.has(key)) bares.set(key, await bundle({ contents: bareHandlerSource(granted) }, join(dir, `bare-${bares.size}.mjs`)));
      const bare = bares.get(key)!;
      const dead = describeUsage(notGranted);
      Object.assign(row, { sizeKB: fn.bytes / 1024, gzipKB: gzKB(fn.file), bareKB: bare.bytes / 1024, sdk: describeUsage(granted) + (dead ? `; bundled but not granted: ${dead}` : '') });
      try {
        const [init, bareInit] = coldInit([fn.file, bare.file], COLD_RUNS);
        Object.assign(row, { init, bare: bareInit });
        // On a loaded machine the whole table takes minutes: each row is on stderr as soon as it is measured.
        console.error(`${spec.name}: init CPU ${init!.cpu.toFixed(0)} ms, bare ${bareInit!.cpu.toFixed(0)} ms, ratio ${(init!.cpu / bareInit!.cpu).toFixed(2)}, ${row.sizeKB.toFixed(0)} KB (bare ${row.bareKB.toFixed(0)} KB), ${row.sdk}`);
      } catch (err) {
        row.note = `import failed: ${String((err as { stderr?: string }).stderr ?? err).split('\n').find((l) => /Error/.test(l)) ?? 'see stderr'}`;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// --- main -----------------------------------------------------------------------

async function main() {
  console.log(`contact-strategy bench — node ${process.version}, ${ITERATIONS} iterations after ${WARMUP} warm-up, cold init median of ${COLD_RUNS}\n`);

  // `npm run bench -- screening` or `-- cold [function ...]` runs one part only.
  const parts: string[] = process.argv.slice(2).filter((a) => a === 'screening' || a === 'cold');
  const only = process.argv.slice(2).filter((a) => a !== 'screening' && a !== 'cold');
  const runs = (part: string) => parts.length === 0 || parts.includes(part);

  if (runs('screening')) {
    // A screening failure (DynamoDB Local not starting on a loaded machine) is reported; the cold-start part still runs.
    const screening = await benchScreening().catch((err: unknown) => {
      console.error('screening bench failed:', err instanceof Error ? err.message.split('\n')[0] : err);
      return [];
    });
    if (screening.length) {
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
    }
  }

  if (!runs('cold')) return;
  const bundles = await benchBundles(only);
  console.log(
    `Bundles (esbuild with the CDK bundling options; gzip in brackets) and init CPU: a fresh \`node ${NODE_FLAGS.join(' ')}\` importing the bundle, median of ${COLD_RUNS} runs, the function and its bare baseline in the same rounds\n`,
  );
  const cpu = (t: ColdTime) => `${t.cpu.toFixed(0)} ms (±${(t.cpuIqr / 2).toFixed(0)})`;
  console.log(
    table(
      ['function', 'kind', 'size (gzip)', 'init CPU', 'bare baseline (size)', 'bare init CPU', 'ratio', 'goals size / init', 'SDK clients and commands granted (the baseline imports the same)'],
      bundles.map((b) =>
        !b.init || !b.bare
          ? [b.name, b.kind, Number.isNaN(b.sizeKB) ? '-' : `${b.sizeKB.toFixed(0)} KB`, '-', '-', '-', '-', '-', b.note ?? '']
          : [
              b.name,
              b.kind,
              `${b.sizeKB.toFixed(0)} KB (${b.gzipKB.toFixed(0)})`,
              cpu(b.init),
              `${b.bareKB.toFixed(0)} KB`,
              cpu(b.bare),
              (b.init.cpu / b.bare.cpu).toFixed(2),
              `${mark(b.sizeKB <= GOALS.sizeKB)} / ${mark(b.init.cpu / b.bare.cpu <= GOALS.initRatio)}`,
              b.sdk,
            ],
      ),
    ),
  );
  const api = bundles.filter((b) => b.kind === 'api' && b.init && b.bare);
  const ratios = api.map((b) => b.init!.cpu / b.bare!.cpu);
  console.log(`\n(± is half the interquartile range of the runs.) API functions: init ratio ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}, ${ratios.filter((r) => r <= GOALS.initRatio).length} of ${ratios.length} within the goal`);
  console.log(`goals: each bundle ≤ ${GOALS.sizeKB} KB; init CPU ≤ ${GOALS.initRatio}× the bare baseline (same SDK clients, commands and errors)`);
}

main()
  .catch((err) => {
    console.error('bench failed:', err);
  })
  .finally(() => process.exit(0));

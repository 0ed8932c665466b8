import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { startWriteCounter, type WriteCounter } from './write-counter.js';

let stack: LocalStack | undefined;
let counter: WriteCounter | undefined;
let dir: string | undefined;
let restore: (() => void) | undefined;

/**
 * Every structured log line the handlers write (Powertools JSON) goes to a file
 * instead of the terminal, so a test can check that no personal data or task
 * token ever reaches a log.
 */
function captureLogs(file: string): () => void {
  writeFileSync(file, '');
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write.bind(s));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      if (/^\{.*"level":/.test(text.trimStart())) {
        appendFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
        return true;
      }
      return (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  return () => streams.forEach((stream, i) => (stream.write = originals[i] as typeof stream.write));
}

/**
 * A 500 fails its test with nothing but "Something went wrong": the handler's log of
 * it (error type and stack, never request data) is printed when the run ends, so
 * that a failure seen only in CI says where it came from.
 */
function reportDefects(file: string): void {
  if (!existsSync(file)) return;
  const defects = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('"unhandled error"'));
  if (defects.length > 0) console.error(`Handlers answered 500 ${defects.length} time(s):\n${defects.slice(0, 10).join('\n')}`);
}

/** One local stack for the whole integration run (DynamoDB Local starts once). */
export async function setup(project: TestProject) {
  dir = mkdtempSync(join(tmpdir(), 'contact-strategy-test-'));
  const logFile = join(dir, 'handler-logs.jsonl');
  restore = captureLogs(logFile);
  try {
    stack = await startLocalStack({
      port: 0,
      dataDir: dir,
      inMemory: true,
      smtpPort: 0,
      env: { TABLE_NAME: 'contact-strategy-test', POWERTOOLS_LOG_LEVEL: 'INFO', LOCAL_RETRY_INTERVAL_MS: '100' },
      interposeDynamoDb: async (endpoint) => (counter = await startWriteCounter(endpoint)).endpoint,
    });
  } catch (err) {
    // No Java, say: vitest reports the StartupError's one line, as `npm start` prints it.
    await teardown();
    throw err;
  }
  project.provide('apiUrl', stack.url);
  project.provide('dynamodbEndpoint', stack.dynamodbEndpoint);
  project.provide('handlerLogFile', logFile);
  project.provide('smtpPort', stack.smtpPort);
  project.provide('sesEndpoint', stack.sesEndpoint);
  project.provide('dynamodbWritesUrl', counter!.countUrl);
}

export async function teardown() {
  await stack?.stop();
  await counter?.close();
  restore?.();
  if (dir) reportDefects(join(dir, 'handler-logs.jsonl'));
  if (dir) rmSync(dir, { recursive: true, force: true });
  stack = restore = dir = counter = undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamodbEndpoint: string;
    handlerLogFile: string;
    smtpPort: number;
    sesEndpoint: string;
    /** `GET` → `{ writes }`: the write requests DynamoDB Local accepted (write-counter.ts). */
    dynamodbWritesUrl: string;
  }
}

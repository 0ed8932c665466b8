import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../local/stack.js';

let stack: LocalStack | undefined;
let dir: string | undefined;

/** One local stack for the whole integration run (DynamoDB Local starts once). */
export async function setup(project: TestProject) {
  dir = mkdtempSync(join(tmpdir(), 'contact-strategy-test-'));
  stack = await startLocalStack({ port: 0, dataDir: dir, inMemory: true, env: { TABLE_NAME: 'contact-strategy-test' } });
  project.provide('apiUrl', stack.url);
  project.provide('dynamodbEndpoint', stack.dynamodbEndpoint);
}

export async function teardown() {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamodbEndpoint: string;
  }
}

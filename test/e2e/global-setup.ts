import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { buildConsole, sizes } from '../../console/build.js';
import { requireJava, StartupError } from '../../local/dynamodb.js';

/** Debian's chromium (`.ci/run` installs it); flags that keep it off the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

let stack: ChildProcess | undefined;
let browser: BrowserServer | undefined;
let dir: string | undefined;

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the console, starts one local stack as `npm start` does (in its own
 * process, so its handlers, settings and clock are not shared with the integration
 * tier's stack) and launches Chromium once for the whole run. A stack that cannot
 * start fails the run with the one line `npm start` printed.
 */
export async function setup(project: TestProject) {
  // No Java: say so at once, in the words `npm start` uses, before building anything.
  requireJava();
  try {
    await start(project);
  } catch (err) {
    await teardown();
    throw err;
  }
}

async function start(project: TestProject) {
  // Side-by-side e2e runs (scripts/test-tiers.mjs) share console/dist: it is built once
  // before they start, and a run must not delete it under another's stack.
  const built = process.env.E2E_CONSOLE_BUILT === '1' ? sizes() : await buildConsole();
  dir = mkdtempSync(join(tmpdir(), 'contact-strategy-e2e-'));
  // Not through tsx's CLI: on a busy machine it SIGKILLs a child slow to acknowledge
  // the relayed SIGTERM of teardown, and the stack's DynamoDB Local would be orphaned.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: root,
    // Failed deliveries retried at once (POST /local/faults makes them fail), not after the definition's back-off.
    env: { ...process.env, PORT: '0', DATA_DIR: dir, TABLE_NAME: 'contact-strategy-e2e', DYNAMODB_ENDPOINT: '', LOCAL_RETRY_INTERVAL_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stack = child;
  let log = '';
  let errors = '';
  let smtpPort = 0;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local stack did not start:\n${log}`)), 90_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      // The inbound-email SMTP server's port is printed on the line after.
      const smtp = /Inbound email \(SMTP\): 127\.0\.0\.1:(\d+)/.exec(log);
      if (m && smtp) {
        smtpPort = Number(smtp[1]);
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      errors += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      // `npm start` said what is wrong in one line: report that line alone.
      const said = /^StartupError: (.+)$/m.exec(errors)?.[1];
      reject(said ? new StartupError(said) : new Error(`local stack exited (${code}):\n${log}`));
    });
  });
  browser = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  project.provide('apiUrl', url);
  project.provide('consoleUrl', url);
  project.provide('wsEndpoint', browser.wsEndpoint());
  project.provide('consoleGzip', built.totalGzip);
  project.provide('smtpPort', smtpPort);
}

export async function teardown() {
  await browser?.close();
  // SIGTERM: `npm start` stops DynamoDB Local before it exits, even while still starting.
  if (stack && stack.exitCode === null && stack.signalCode === null) {
    const exited = new Promise((r) => stack!.once('exit', r));
    stack.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  stack = browser = dir = undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    consoleUrl: string;
    wsEndpoint: string;
    consoleGzip: number;
  }
}

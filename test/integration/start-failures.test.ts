import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { afterAll, describe, expect, it } from 'vitest';
import { requireJava, startDynamoDbLocal, StartupError } from '../../local/dynamodb.js';
import { startupLine } from '../../local/startup-checks.js';
import { freePort } from './child-stack.js';

/**
 * A newcomer's `npm start` that fails says in one line what is wrong and what to
 * do, exits non-zero, and leaves no Java process behind; `npm test` stops with the
 * same line. Each start runs as `npm start` does (`tsx local/start.ts`) in its own
 * process, on its own data folder, which names any Java it started (`-dbPath`).
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(root, 'node_modules/tsx/dist/cli.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'contact-strategy-start-failures-'));
let n = 0;
const freshDir = () => join(scratch, `run-${n++}`);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** PATH without any folder holding a `java`: a machine with no Java. */
const pathWithoutJava = () =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d && !existsSync(join(d, 'java')))
    .join(delimiter);

/**
 * A folder with a stand-in `java`: `-version` prints `versionLine`; `--list-modules`
 * answers as a JRE would (no compiler, so the jar is run as it is); anything else runs
 * `run` (sh).
 */
function fakeJava(versionLine: string, run: string): string {
  const dir = join(scratch, `java-${n++}`);
  mkdirSync(dir);
  const file = join(dir, 'java');
  writeFileSync(file, `#!/bin/sh\nif [ "$1" = "-version" ]; then echo '${versionLine}' >&2; exit 0; fi\nif [ "$1" = "--list-modules" ]; then echo 'java.base@17'; exit 0; fi\n${run}\n`);
  chmodSync(file, 0o755);
  return dir;
}

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm start` with these settings; `ended` resolves when it has exited. `direct`
 * runs local/start.ts without tsx's CLI in front, so a signal reaches it unrelayed.
 */
function npmStart(env: NodeJS.ProcessEnv, how: 'tsx' | 'direct' = 'tsx'): { proc: ChildProcess; ended: Promise<Ended> } {
  const proc = spawn(process.execPath, how === 'tsx' ? [TSX, 'local/start.ts'] : ['--import', 'tsx', 'local/start.ts'], {
    cwd: root,
    env: { ...process.env, DYNAMODB_ENDPOINT: '', TABLE_NAME: 'contact-strategy', SMTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d) => (stdout += String(d)));
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  const ended = new Promise<Ended>((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
  return { proc, ended };
}

/** The processes whose command line names `text` (a run's data folder). */
async function processesNaming(text: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,args=']);
  return stdout.split('\n').filter((l) => l.includes(text) && !l.includes('ps -eo'));
}

/** Polls until `ok` holds, or the time runs out. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** Exactly one line on stderr, no stack trace, a non-zero exit. */
function expectOneLine(run: Ended, pattern: RegExp): string {
  expect(run.code, run.stdout + run.stderr).not.toBe(0);
  expect(run.code).not.toBeNull();
  expect(run.stderr).not.toMatch(/^\s+at /m);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  return lines[0] as string;
}

/** Runs `fn` with these environment variables (undefined: unset), then puts them back. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** The line a StartupError thrown by `fn` is reported as. */
function lineOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof StartupError) return startupLine(err);
    throw err;
  }
  return '(no StartupError)';
}

const JAVA_MISSING = /^StartupError: Java was not found.*install a Java runtime \(JRE\) 17 or newer, or set DYNAMODB_ENDPOINT/;

describe('npm start that cannot start', () => {
  it('without Java: says to install a JRE 17+ or set DYNAMODB_ENDPOINT, in one line, and exits 1', async () => {
    const dataDir = freshDir();
    const run = await npmStart({ PATH: pathWithoutJava(), PORT: '0', DATA_DIR: dataDir }).ended;
    const line = expectOneLine(run, JAVA_MISSING);
    expect(run.code).toBe(1);
    // The very line the shared check gives (the test set-ups report it too).
    expect(lineOf(() => requireJava({ ...process.env, PATH: pathWithoutJava() }))).toBe(line);
    expect(await processesNaming(dataDir)).toEqual([]);
  });

  it('with a Java older than 17: names the version found and the one needed', async () => {
    const dataDir = freshDir();
    const old = fakeJava('openjdk version "11.0.20" 2023-07-18', 'exit 1');
    const run = await npmStart({ PATH: `${old}${delimiter}${process.env.PATH}`, PORT: '0', DATA_DIR: dataDir }).ended;
    expectOneLine(run, /^StartupError: Java 11 was found, but DynamoDB Local needs Java 17 or newer: install a Java runtime \(JRE\) 17\+, or set DYNAMODB_ENDPOINT/);
    expect(await processesNaming(dataDir)).toEqual([]);
  });

  it('with the port taken: says to choose another PORT, before starting Java', async () => {
    const dataDir = freshDir();
    const port = await freePort();
    const holder = (await import('node:net')).createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      const run = await npmStart({ PORT: String(port), DATA_DIR: dataDir }).ended;
      expectOneLine(run, new RegExp(`^StartupError: Port ${port} is already in use.*choose another port, e\\.g\\. PORT=\\d+ npm start\\.$`));
      expect(await processesNaming(dataDir)).toEqual([]);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it('with the port taken while DynamoDB Local was starting: says so in one line and stops the Java it had started', async () => {
    const dataDir = freshDir();
    const port = await freePort();
    const { ended } = npmStart({ PORT: String(port), DATA_DIR: dataDir });
    // DynamoDB Local is up (so the early port check has passed): another program takes the port now.
    const java = await until(() => processesNaming(`${dataDir}/dynamodb`), (l) => l.length > 0, 120_000);
    expect(java, 'DynamoDB Local started').toHaveLength(1);
    const holder = (await import('node:net')).createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      const run = await ended;
      expectOneLine(run, new RegExp(`^StartupError: Port ${port} is already in use`));
      expect(await processesNaming(dataDir)).toEqual([]);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  }, 240_000);

  it('with a data folder that cannot be written: names it and says to set DATA_DIR', async () => {
    const file = join(scratch, `a-file-${n++}`);
    writeFileSync(file, '');
    const dataDir = join(file, 'data');
    const run = await npmStart({ PORT: '0', DATA_DIR: dataDir }).ended;
    expectOneLine(run, new RegExp(`^StartupError: The data folder ${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be written \\(ENOTDIR\\): set DATA_DIR`));
    expect(await processesNaming(file)).toEqual([]);
  });

  it('stopped (SIGTERM) while DynamoDB Local is starting: stops it too', async () => {
    const dataDir = freshDir();
    // Signalled itself: tsx's CLI would SIGKILL a child slow to acknowledge a relayed signal.
    const { proc, ended } = npmStart({ PORT: '0', DATA_DIR: dataDir }, 'direct');
    const java = await until(() => processesNaming(`${dataDir}/dynamodb`), (l) => l.length > 0, 120_000);
    expect(java, 'DynamoDB Local started').toHaveLength(1);
    proc.kill('SIGTERM');
    const run = await ended;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe('');
    expect(await processesNaming(dataDir)).toEqual([]);
  }, 240_000);
});

describe('DynamoDB Local that does not start', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('that exits at once: says so with its last words, in one line', async () => {
    const java = fakeJava('openjdk version "17.0.9" 2023-10-17', 'echo "Error: Could not find or load main class" >&2; exit 1');
    const port = await freePort();
    const err = await withEnv({ PATH: `${java}${delimiter}${process.env.PATH}` }, () => startDynamoDbLocal({ port }).then(() => undefined, (e: unknown) => e));
    expect(err).toBeInstanceOf(StartupError);
    expect(startupLine(err as StartupError)).toMatch(/^StartupError: DynamoDB Local stopped while starting \(exit code 1\): "Error: Could not find or load main class"\. Check that Java 17\+ is installed, or set DYNAMODB_ENDPOINT/);
    expect((err as Error).stack).toBe(startupLine(err as StartupError));
  });

  it('that never answers: gives up after the time allowed, says so in one line, and stops it', async () => {
    const pidFile = join(scratch, `java-${n++}.pid`);
    const java = fakeJava('openjdk version "21" 2023-09-19', `echo $$ > '${pidFile}'; exec sleep 600`);
    const port = await freePort();
    const err = await withEnv({ PATH: `${java}${delimiter}${process.env.PATH}` }, () => startDynamoDbLocal({ port, startTimeoutMs: 2_000 }).then(() => undefined, (e: unknown) => e));
    expect(err).toBeInstanceOf(StartupError);
    expect(startupLine(err as StartupError)).toMatch(/^StartupError: DynamoDB Local did not answer within 2 seconds .*or set DYNAMODB_ENDPOINT/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid), 'the stand-in Java was stopped').toBe(false);
  });
});

describe('npm test without Java', () => {
  it('stops in the integration and e2e set-ups with the one line npm start prints, and no stack trace', async () => {
    const noJava = pathWithoutJava();
    const expected = lineOf(() => requireJava({ ...process.env, PATH: noJava }));
    expect(expected).toMatch(JAVA_MISSING);
    const project = { provide: () => undefined } as unknown as TestProject;
    // This worker was started pointing at the run's DynamoDB: unset it, as on a fresh machine.
    await withEnv({ PATH: noJava, DYNAMODB_ENDPOINT: undefined }, async () => {
      const setups = { integration: (await import('./global-setup.js')).setup, e2e: (await import('../e2e/global-setup.js')).setup };
      for (const [file, setup] of Object.entries(setups)) {
        const err = await setup(project).then(() => undefined, (e: unknown) => e);
        expect(err, file).toBeInstanceOf(StartupError);
        expect(startupLine(err as StartupError), file).toBe(expected);
        expect((err as Error).stack, file).toBe(expected);
      }
    });
  });
});

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A start-up failure a person can act on: the message is one line saying what is
 * wrong and what to do. It carries no stack trace (where our code noticed would
 * not help them), so a test runner that reports it prints that one line too.
 */
export class StartupError extends Error {
  override name = 'StartupError';

  constructor(message: string, options?: ErrorOptions) {
    super(message.replace(/\s+/g, ' ').trim(), options);
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** The line `npm start` and the test set-ups print for a failed start. */
export const startupLine = (err: StartupError) => `${err.name}: ${err.message}`;

/** PORT as a number (unset: 3000; 0 picks a free port), or a StartupError saying what it may be. */
export function portSetting(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`PORT must be a whole number from 0 to 65535, not "${value}": e.g. PORT=3001 npm start.`);
  return port;
}

export function portProblem(port: number, code: string | undefined): StartupError {
  const other = port === 3000 ? 3001 : 3000;
  if (code === 'EADDRINUSE') return new StartupError(`Port ${port} is already in use (is another npm start running?): stop what is using it, or choose another port, e.g. PORT=${other} npm start.`);
  if (code === 'EACCES') return new StartupError(`Port ${port} needs privileges this user does not have: choose a port above 1023, e.g. PORT=${other} npm start.`);
  return new StartupError(`Port ${port} cannot be listened on (${code ?? 'unknown error'}): choose another port, e.g. PORT=${other} npm start.`);
}

/** Fails when the HTTP port cannot be listened on: checked before anything (Java) is started. */
export async function requireFreePort(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  const code = await new Promise<string | undefined>((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
  if (code !== undefined) throw portProblem(port, code);
}

const cannotWrite = (what: string, path: string, code: string) =>
  new StartupError(`${what} ${path} cannot be written (${code}): set DATA_DIR to a folder you can write to, or fix its permissions.`);

/** Creates `dir` if needed and proves a file can be written in it. */
export function writableFolder(dir: string, what = 'The data folder'): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw cannotWrite(what, dir, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
}

const FILE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR', 'ENOSPC']);

/** Any error from starting the stack, as one line to act on. */
export function startupFailure(err: unknown, port: number): StartupError {
  if (err instanceof StartupError) return err;
  const e = (err ?? {}) as NodeJS.ErrnoException & { port?: number };
  // The HTTP port taken after the early check (another program was quicker).
  if (e.syscall === 'listen' && e.port === port) return portProblem(port, e.code);
  if (e.code && e.path && FILE_ERRORS.has(e.code)) return cannotWrite('The file or folder', e.path, e.code);
  const first = String(e.message ?? err).split('\n')[0];
  return new StartupError(`Unexpected failure while starting (${e.name ?? 'Error'}: ${first}): run again with DEBUG=1 to see the details.`, { cause: err });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * `npm start` run as a user runs it: a separate process with its own settings and
 * data folder (a stack in this process would share the modules' settings, read once
 * at import, with the stack the other tests use).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildStack {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

export async function startChildStack(port: number, dataDir: string, env: Record<string, string> = {}): Promise<ChildStack> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    // SMTP_PORT 0: a free port, so the suite never needs 2525 (another stack or mail server may hold it).
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '', TABLE_NAME: 'contact-strategy', SMTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => (out += String(d)));
  proc.stderr?.on('data', (d) => (out += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`npm start exited: ${out}`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`npm start did not become healthy: ${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { proc, url, output: () => out };
}

/** Ctrl-C, as a user would stop it; resolves with the exit code. */
export async function stopChildStack(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  proc.kill('SIGINT');
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

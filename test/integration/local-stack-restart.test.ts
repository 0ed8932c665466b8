import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startChildStack, stopChildStack } from './child-stack.js';

/**
 * `npm start` as a user runs it: a separate process on its own data folder. Ctrl-C
 * (SIGINT) stops every child process, and a second start on the same data finds
 * everything the first one left.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'contact-strategy-restart-'));
let child: ChildProcess | undefined;

const start = async (port: number) => startChildStack(port, dataDir);
const stop = stopChildStack;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('keeps its data across a restart and stops its children on Ctrl-C', async () => {
    const port = await freePort();
    const first = await start(port);
    child = first.proc;
    const dynamoPort = /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1];
    expect(dynamoPort).toBeDefined();

    const tokenRes = await fetch(`http://127.0.0.1:${port}/local/token`, {
      method: 'POST',
      body: JSON.stringify({ sub: 'restart-test', name: 'Restart Test', email: 'restart@opcc.localhost', groups: ['caseworker'] }),
    });
    const { token } = (await tokenRes.json()) as { token: string };
    const created = await fetch(`http://127.0.0.1:${port}/service-users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Still Here', emails: ['still.here@example.com'] }),
    });
    expect(created.status).toBe(201);
    const person = (await created.json()) as { id: string };

    expect(await stop(first.proc)).toBe(0);
    // DynamoDB Local went with it.
    await expect(fetch(`http://127.0.0.1:${dynamoPort}`)).rejects.toThrow();

    const second = await start(port);
    child = second.proc;
    // The local signing key survived too, so the earlier token still verifies.
    const found = await fetch(`http://127.0.0.1:${port}/service-users/${person.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { name: string }).name).toBe('Still Here');
    expect(await stop(second.proc)).toBe(0);
  }, 200_000);
});

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { FUNCTIONS } from '../../lib/functions-manifest.js';
import { ASL_URL, functionNameOfArn, loadDefinition, LocalTaskTokenBroker, LocalWorkflowEngine, runExecution, taskStates, type AslDefinition, type Invoke } from '../../local/adapters/workflow.js';
import { TaskNotWaiting, type LifecycleInput } from '../../lib/workflow.js';
import { placeholdersIn, substitutionName } from '../../infra/state-machine/substitutions.js';

/**
 * The lifecycle ASL file, as deployed, run under aws-local-stepfunctions with stub
 * task handlers (no AWS, no table): the paths through approval, delivery and timeouts.
 */

// Each test runs the real state-machine library (the first one loads it): seconds, not milliseconds, on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const definition = loadDefinition();
const aslText = readFileSync(ASL_URL, 'utf8');

type Handler = (payload: any) => Promise<unknown> | unknown;

interface Harness {
  calls: Array<{ fn: string; payload: any; at: number; end?: number }>;
  tokens: string[];
  broker: LocalTaskTokenBroker;
  run: (input: Partial<LifecycleInput>) => Promise<{ output: any; error?: any }>;
  callsTo: (fn: string) => Array<{ fn: string; payload: any; at: number; end?: number }>;
}

const timeouts = (s = 30) => ({ reminderSeconds: s, escalationSeconds: s, finalSeconds: s * 2 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stubs for every task function; `overrides` replace some. */
function harness(overrides: Record<string, Handler> = {}, decide?: (token: string, broker: LocalTaskTokenBroker, wait: string) => void): Harness {
  const calls: Harness['calls'] = [];
  const tokens: string[] = [];
  const broker = new LocalTaskTokenBroker();
  const stubs: Record<string, Handler> = {
    'lifecycle-request-decision': () => timeouts(),
    'lifecycle-await-decision': (p) => {
      tokens.push(p.taskToken);
      decide?.(p.taskToken, broker, p.wait);
      return { waiting: true };
    },
    'lifecycle-decision-overdue': (p) => ({ stage: p.stage, recorded: true }),
    'lifecycle-send-email-letter': async () => {
      await sleep(80);
      return { outcome: 'SENT', letterId: 'L-EMAIL' };
    },
    'lifecycle-queue-post-letter': async () => {
      await sleep(80);
      return { outcome: 'QUEUED', letterId: 'L-POST' };
    },
    'lifecycle-record-delivery-failure': (p) => ({ outcome: 'FAILED', letterId: `L-FAILED-${p.channel}` }),
    'lifecycle-complete': () => ({ status: 'ACTIVE' }),
    ...overrides,
  };
  const invoke: Invoke = async (fn, payload) => {
    const call: Harness['calls'][number] = { fn, payload, at: performance.now() };
    calls.push(call);
    try {
      return await stubs[fn]!(payload);
    } finally {
      call.end = performance.now();
    }
  };
  return {
    calls,
    tokens,
    broker,
    callsTo: (fn) => calls.filter((c) => c.fn === fn),
    run: async (input) => {
      const execution = await runExecution(definition, { phase: 'APPROVAL', strategyId: 'S1', requestId: 'r1', ...input }, { name: `test-${Math.random()}`, invoke, broker, retryIntervalMs: 0 });
      try {
        return { output: await execution.result };
      } catch (error) {
        return { output: undefined, error };
      }
    },
  };
}

const approve = (token: string, broker: LocalTaskTokenBroker) =>
  setTimeout(() => broker.send(token, { decision: 'APPROVE', decidedBy: { sub: 'som-1', name: 'Sam Manager' }, comments: 'Agreed' }), 5);
const reject = (token: string, broker: LocalTaskTokenBroker) =>
  setTimeout(() => broker.send(token, { decision: 'REJECT', decidedBy: { sub: 'som-1', name: 'Sam Manager' }, comments: 'Not proportionate' }), 5);

describe('the strategy lifecycle state machine (the deployed ASL, run locally)', () => {
  it('is JSONPath throughout: no state, branch or the machine itself uses JSONata', () => {
    const jsonata: string[] = [];
    const walk = (def: AslDefinition, where: string) => {
      if (def.QueryLanguage !== undefined && def.QueryLanguage !== 'JSONPath') jsonata.push(where);
      for (const [name, s] of Object.entries(def.States)) {
        if (s.QueryLanguage !== undefined && s.QueryLanguage !== 'JSONPath') jsonata.push(name);
        // JSONata-only fields.
        if ('Arguments' in s || 'Output' in s || 'Assign' in s) jsonata.push(`${name} (JSONata fields)`);
        for (const b of (s.Branches as AslDefinition[] | undefined) ?? []) walk(b, `${name} branch`);
      }
    };
    walk(JSON.parse(aslText) as AslDefinition, 'machine');
    expect(jsonata).toEqual([]);
    expect(aslText).not.toMatch(/\{%/);
  });

  it('names every task function by the substitution rule, each a task in the manifest with a handler module', () => {
    const tasks = new Set(FUNCTIONS.filter((f) => f.kind === 'task').map((f) => f.name));
    const used = placeholdersIn(aslText);
    expect(used.length).toBeGreaterThan(0);
    for (const p of used) {
      const fn = FUNCTIONS.find((f) => substitutionName(f.name) === p);
      expect(fn, `\${${p}} names a manifest function`).toBeDefined();
      expect(tasks.has(fn!.name), `${fn!.name} is kind 'task'`).toBe(true);
      expect(existsSync(new URL(`../../functions/${fn!.name}.ts`, import.meta.url)), `functions/${fn!.name}.ts exists`).toBe(true);
    }
    for (const [name, s] of taskStates(definition)) {
      expect(String(s.Resource), name).toMatch(/^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/);
      expect(tasks.has(functionNameOfArn((s.Parameters as { FunctionName: string }).FunctionName)), name).toBe(true);
    }
  });

  it('retries every task, and catches a failed external call (SES, S3, SQS) into a task that records it', () => {
    const tasks = taskStates(definition);
    const fnOf = (s: Record<string, unknown>) => functionNameOfArn((s.Parameters as { FunctionName: string }).FunctionName);
    const external = new Set(FUNCTIONS.filter((f) => f.access.sendEmail || f.access.sendPost || f.access.postPacks === 'RW').map((f) => f.name));
    for (const [name, s] of tasks) {
      const retried = (s.Retry as Array<{ ErrorEquals: string[] }> | undefined)?.flatMap((r) => r.ErrorEquals) ?? [];
      expect(retried, `${name} retries Lambda service errors`).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']));
      const fn = fnOf(s);
      if (external.has(fn) && !String(s.Resource).endsWith('.waitForTaskToken')) {
        expect(retried, `${name} retries a failed task`).toContain('States.TaskFailed');
        const catchAll = (s.Catch as Array<{ ErrorEquals: string[]; Next: string }> | undefined)?.find((c) => c.ErrorEquals.includes('States.ALL'));
        expect(catchAll, `${name} catches States.ALL`).toBeDefined();
      }
    }
    // The letters and the decision request: a failure that outlasts the retries is recorded, never dropped.
    const recorder: Record<string, string> = { SendEmailLetter: 'lifecycle-record-delivery-failure', QueuePostLetter: 'lifecycle-record-delivery-failure', RequestDecision: 'lifecycle-decision-overdue' };
    for (const [state, fn] of Object.entries(recorder)) {
      const catchAll = (tasks.get(state)!.Catch as Array<{ ErrorEquals: string[]; Next: string }>).find((c) => c.ErrorEquals.includes('States.ALL'))!;
      expect(fnOf(tasks.get(catchAll.Next)!), `${state} is caught into ${fn}`).toBe(fn);
    }
  });

  it('bounds every wait for a decision with a timeout and catches States.Timeout', () => {
    const waits = [...taskStates(definition)].filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(waits.length).toBe(3);
    for (const [name, s] of waits) {
      expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, name).toBeDefined();
      expect((s.Catch as Array<{ ErrorEquals: string[] }>)[0]!.ErrorEquals, name).toEqual(['States.Timeout']);
    }
    expect(typeof (JSON.parse(aslText) as { TimeoutSeconds?: number }).TimeoutSeconds).toBe('number');
  });

  it('on APPROVE tells the person by email and by post in parallel, then completes the strategy', async () => {
    const h = harness({}, (token, broker) => approve(token, broker));
    const { output, error } = await h.run({});
    expect(error).toBeUndefined();
    const [email] = h.callsTo('lifecycle-send-email-letter');
    const [post] = h.callsTo('lifecycle-queue-post-letter');
    expect(email!.payload).toEqual({ strategyId: 'S1', letterKind: 'IMPLEMENTED', requestId: 'r1' });
    expect(post!.payload).toEqual({ strategyId: 'S1', letterKind: 'IMPLEMENTED', requestId: 'r1' });
    // Parallel: each started before the other finished.
    expect(email!.at).toBeLessThan(post!.end!);
    expect(post!.at).toBeLessThan(email!.end!);
    const [complete] = h.callsTo('lifecycle-complete');
    expect(complete!.at).toBeGreaterThanOrEqual(Math.max(email!.end!, post!.end!));
    expect(complete!.payload.letterKind).toBe('IMPLEMENTED');
    expect(complete!.payload.delivery).toEqual([
      { channel: 'EMAIL', result: { outcome: 'SENT', letterId: 'L-EMAIL' } },
      { channel: 'POST', result: { outcome: 'QUEUED', letterId: 'L-POST' } },
    ]);
    expect(output.completion.result).toEqual({ status: 'ACTIVE' });
    expect(h.callsTo('lifecycle-decision-overdue')).toHaveLength(0);
  });

  it('passes the task token only to the waiting function, and resumes a token once', async () => {
    let again: unknown;
    const h = harness({}, (token, broker) =>
      setTimeout(() => {
        broker.send(token, { decision: 'REJECT', decidedBy: { sub: 's', name: 'n' }, comments: 'c' });
        try {
          broker.send(token, { decision: 'APPROVE', decidedBy: { sub: 's', name: 'n' }, comments: 'c' });
        } catch (err) {
          again = err;
        }
      }, 5),
    );
    await h.run({});
    expect(h.tokens).toHaveLength(1);
    expect(h.tokens[0]).toMatch(/^local\./);
    expect(again).toBeInstanceOf(TaskNotWaiting);
    const others = h.calls.filter((c) => c.fn !== 'lifecycle-await-decision');
    expect(JSON.stringify(others)).not.toContain(h.tokens[0]);
    expect(() => h.broker.send('no-such-token', {})).toThrow(TaskNotWaiting);
  });

  it('on REJECT ends without writing to the person or completing', async () => {
    const h = harness({}, (token, broker) => reject(token, broker));
    const { output, error } = await h.run({});
    expect(error).toBeUndefined();
    expect(output.decision.decision).toBe('REJECT');
    expect(h.callsTo('lifecycle-send-email-letter')).toHaveLength(0);
    expect(h.callsTo('lifecycle-queue-post-letter')).toHaveLength(0);
    expect(h.callsTo('lifecycle-complete')).toHaveLength(0);
  });

  it('catches a delivery that fails every retry and records it as a failed letter, then still completes', async () => {
    const h = harness(
      {
        'lifecycle-send-email-letter': () => {
          throw Object.assign(new Error('SES is unavailable'), { name: 'MessageRejected' });
        },
      },
      (token, broker) => approve(token, broker),
    );
    const { output, error } = await h.run({});
    expect(error).toBeUndefined();
    // The first attempt and three retries, with backoff (overridden to 0 ms here).
    expect(h.callsTo('lifecycle-send-email-letter')).toHaveLength(4);
    const [failure] = h.callsTo('lifecycle-record-delivery-failure');
    expect(failure!.payload).toMatchObject({ strategyId: 'S1', letterKind: 'IMPLEMENTED', requestId: 'r1', channel: 'EMAIL', failure: { Error: 'MessageRejected' } });
    expect(JSON.parse(failure!.payload.failure.Cause)).toMatchObject({ errorType: 'MessageRejected', errorMessage: 'SES is unavailable' });
    expect(h.callsTo('lifecycle-queue-post-letter')).toHaveLength(1);
    const [complete] = h.callsTo('lifecycle-complete');
    expect(complete!.payload.delivery).toEqual([
      { channel: 'EMAIL', result: { outcome: 'FAILED', letterId: 'L-FAILED-EMAIL' } },
      { channel: 'POST', result: { outcome: 'QUEUED', letterId: 'L-POST' } },
    ]);
    expect(output.completion.result.status).toBe('ACTIVE');
  });

  it('does not complete when a failed delivery cannot even be recorded: the execution fails visibly', async () => {
    const h = harness(
      {
        'lifecycle-queue-post-letter': () => {
          throw new Error('queue down');
        },
        'lifecycle-record-delivery-failure': () => {
          throw new Error('table down');
        },
      },
      (token, broker) => approve(token, broker),
    );
    const { error } = await h.run({});
    expect(error?.cause?.name).toBe('DeliveryNotRecorded');
    expect(h.callsTo('lifecycle-complete')).toHaveLength(0);
  });

  it('NOTIFY sends the letter of the given kind and records completion, without asking for a decision', async () => {
    const h = harness({ 'lifecycle-complete': (p) => ({ status: p.letterKind === 'ENDED' ? 'ENDED' : 'ACTIVE' }) });
    const { output, error } = await h.run({ phase: 'NOTIFY', letterKind: 'ENDED', requestId: 'review-1' });
    expect(error).toBeUndefined();
    expect(h.callsTo('lifecycle-request-decision')).toHaveLength(0);
    expect(h.callsTo('lifecycle-send-email-letter')[0]!.payload).toEqual({ strategyId: 'S1', letterKind: 'ENDED', requestId: 'review-1' });
    expect(output.completion.result.status).toBe('ENDED');
  });

  it('on a decision timeout reminds, then escalates, then records that no decision was made (never silently)', async () => {
    const h = harness({ 'lifecycle-request-decision': () => ({ reminderSeconds: 1, escalationSeconds: 1, finalSeconds: 1 }) });
    const started = Date.now();
    const { error } = await h.run({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(h.callsTo('lifecycle-decision-overdue').map((c) => c.payload.stage)).toEqual(['REMIND', 'ESCALATE', 'EXPIRE']);
    expect(h.callsTo('lifecycle-await-decision').map((c) => c.payload.wait)).toEqual(['FIRST', 'AFTER_REMINDER', 'AFTER_ESCALATION']);
    // A fresh token for each wait; a timed-out token is dead.
    expect(new Set(h.tokens).size).toBe(3);
    expect(() => h.broker.send(h.tokens[0]!, {})).toThrow(TaskNotWaiting);
    expect(error?.cause?.name).toBe('NoDecisionMade');
    expect(h.callsTo('lifecycle-send-email-letter')).toHaveLength(0);
  }, 15_000);

  it('accepts a decision made after the reminder, and then tells the person', async () => {
    const h = harness({ 'lifecycle-request-decision': () => ({ reminderSeconds: 1, escalationSeconds: 10, finalSeconds: 10 }) }, (token, broker, wait) => {
      if (wait === 'AFTER_REMINDER') approve(token, broker);
    });
    const { error } = await h.run({});
    expect(error).toBeUndefined();
    expect(h.callsTo('lifecycle-decision-overdue').map((c) => c.payload.stage)).toEqual(['REMIND']);
    expect(h.callsTo('lifecycle-complete')).toHaveLength(1);
  }, 10_000);

  it('ends quietly when the strategy is no longer pending (decided before the token was stored)', async () => {
    const h = harness({
      'lifecycle-await-decision': () => {
        throw Object.assign(new Error('Strategy S1 is APPROVED, not PENDING_APPROVAL'), { name: 'StrategyNotPending' });
      },
    });
    const { error } = await h.run({});
    expect(error).toBeUndefined();
    expect(h.callsTo('lifecycle-decision-overdue')).toHaveLength(0);
    expect(h.callsTo('lifecycle-send-email-letter')).toHaveLength(0);
  });

  it('the local engine runs executions in the background, by idempotent name, and stop() aborts them', async () => {
    const seen: string[] = [];
    const engine = new LocalWorkflowEngine({
      invoke: async (fn) => {
        seen.push(fn);
        return fn === 'lifecycle-request-decision' ? timeouts(60) : { waiting: true };
      },
    });
    const input: LifecycleInput = { phase: 'APPROVAL', strategyId: 'S9', requestId: 'x' };
    const a = await engine.start(input);
    const b = await engine.start(input);
    expect(a.executionId).toBe(b.executionId);
    // In the background: wait (bounded) until it waits on its token, however busy the machine.
    await vi.waitFor(() => expect(engine.broker.size).toBe(1), { timeout: 10_000, interval: 20 });
    expect(engine.running()).toHaveLength(1);
    expect(engine.broker.size).toBe(1);
    await engine.stop();
    expect(engine.running()).toHaveLength(0);
    expect(engine.broker.size).toBe(0);
    expect(seen).toEqual(['lifecycle-request-decision', 'lifecycle-await-decision']);
  });
});

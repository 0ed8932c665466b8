import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { applySubstitutions, pascalCase, placeholdersIn, substitutionName } from '../../infra/state-machine/substitutions.js';
import { config } from '../../lib/config.js';
import { decisionTimeouts } from '../../lib/domain/approval.js';
import { FUNCTIONS } from '../../lib/functions-manifest.js';
import { logger } from '../../lib/observability.js';
import { TaskNotWaiting, type DecisionOutput, type WorkflowEngine, type WorkflowInput } from '../../lib/ports/workflow-engine.js';

/**
 * The strategy lifecycle state machine in-process, for the local stack and the
 * tests: the SAME ASL file CDK deploys, run by aws-local-stepfunctions, each Task
 * calling its handler module `functions/<name>.ts` directly, with a local
 * task-token broker standing in for SendTaskSuccess.
 *
 * aws-local-stepfunctions 3 runs JSONPath only, has no `$$.Task.Token` of its own
 * and treats a Task with no local override as a Lambda to call in AWS; all three
 * are dealt with here.
 */

// --- the definition ---------------------------------------------------------------

export const ASL_URL = new URL('../../infra/state-machine/strategy-lifecycle.asl.json', import.meta.url);

/** The ARN the local runner gives a function (the region and account are placeholders). */
export const localFunctionArn = (name: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${name}`;

/** `LifecycleRequestDecision` → `lifecycle-request-decision` (for names not in the manifest). */
const kebab = (pascal: string) => pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * The function a `${...FunctionArn}` placeholder names, by the substitution rule
 * (`lifecycle-request-decision` ↔ `${LifecycleRequestDecisionFunctionArn}`):
 * looked up in the manifest, or derived from the PascalCase name.
 */
export function functionNameOfPlaceholder(placeholder: string): string {
  const known = FUNCTIONS.find((f) => substitutionName(f.name) === placeholder);
  if (known) return known.name;
  if (!placeholder.endsWith('FunctionArn')) throw new Error(`Not a function placeholder: \${${placeholder}}`);
  const name = kebab(placeholder.slice(0, -'FunctionArn'.length));
  if (pascalCase(name) !== placeholder.slice(0, -'FunctionArn'.length)) throw new Error(`Cannot name the function of \${${placeholder}}`);
  return name;
}

export function functionNameOfArn(arn: string): string {
  const m = /:function:([^:]+)/.exec(arn);
  if (!m) throw new Error(`Not a Lambda function ARN: ${arn}`);
  return m[1] as string;
}

export type AslState = Record<string, unknown> & { Type: string };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [k: string]: unknown;
}

/** The ASL text with every `${...FunctionArn}` replaced by a local ARN. */
export function substituteLocally(aslText: string): string {
  const subs = Object.fromEntries(placeholdersIn(aslText).map((p) => [p, localFunctionArn(functionNameOfPlaceholder(p))]));
  return applySubstitutions(aslText, subs);
}

/** Loads the deployed ASL file with local function ARNs. */
export function loadDefinition(aslText: string = readFileSync(ASL_URL, 'utf8')): AslDefinition {
  return JSON.parse(substituteLocally(aslText)) as AslDefinition;
}

/** Every Task state, by name, including those inside Parallel branches and Map processors. */
export function taskStates(def: { States: Record<string, AslState> }): Map<string, AslState> {
  const out = new Map<string, AslState>();
  for (const [name, state] of Object.entries(def.States)) {
    if (state.Type === 'Task') out.set(name, state);
    for (const branch of (state.Branches as AslDefinition[] | undefined) ?? []) for (const [n, s] of taskStates(branch)) out.set(n, s);
    const inner = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    if (inner) for (const [n, s] of taskStates(inner)) out.set(n, s);
  }
  return out;
}

// --- the task-token broker ---------------------------------------------------------

interface Waiting {
  execution: string;
  resolve: (output: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Local stand-in for Step Functions' task tokens: a token is issued for each wait,
 * resolved at most once, and dies when its task times out or its execution ends.
 * Tokens are opaque random strings and are never logged.
 */
export class LocalTaskTokenBroker {
  private readonly waiting = new Map<string, Waiting>();

  /** A fresh token for one wait, and the promise that settles with its output. */
  issue(execution: string, ttlMs: number): { token: string; output: Promise<unknown> } {
    const token = `local.${randomBytes(32).toString('base64url')}`;
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const output = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Handled by the waiting task; avoid an unhandled rejection if nobody awaits it.
    output.catch(() => undefined);
    // The task's own timeout fails it with States.Timeout; the token dies with it.
    const timer = setTimeout(() => this.forget(token), ttlMs);
    timer.unref();
    this.waiting.set(token, { execution, resolve, reject, timer });
    return { token, output };
  }

  /** Resumes the wait on `token` with `output`, once. Throws TaskNotWaiting if nothing waits on it. */
  send(token: string, output: unknown): void {
    const w = this.waiting.get(token);
    if (!w) throw new TaskNotWaiting();
    this.forget(token);
    w.resolve(output);
  }

  /** Fails the wait on `token` (the handler that received the token threw). */
  fail(token: string, err: Error): void {
    const w = this.waiting.get(token);
    if (!w) return;
    this.forget(token);
    w.reject(err);
  }

  /** Ends every wait of an execution (it finished or was aborted). */
  cancelExecution(execution: string, err: Error = new Error('Execution ended')): void {
    for (const [token, w] of this.waiting) if (w.execution === execution) this.fail(token, err);
  }

  cancelAll(err: Error = new Error('Stopped')): void {
    for (const token of [...this.waiting.keys()]) this.fail(token, err);
  }

  get size(): number {
    return this.waiting.size;
  }

  private forget(token: string): void {
    const w = this.waiting.get(token);
    if (w) clearTimeout(w.timer);
    this.waiting.delete(token);
  }
}

// --- running one execution -----------------------------------------------------------

/** Calls a task function with its payload; returns what the handler returns. */
export type Invoke = (functionName: string, payload: unknown) => Promise<unknown>;

/** Mirrors a Lambda function error: `Error` is the error's name, `Cause` the JSON Step Functions shows. */
export class LambdaFunctionError extends Error {
  constructor(err: unknown) {
    const e = err instanceof Error ? err : new Error(String(err));
    super(JSON.stringify({ errorType: e.name || 'Error', errorMessage: e.message }));
    this.name = e.name || 'Error';
  }
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

/** A reference path `$.a.b` against a value (what TimeoutSecondsPath uses). */
function referencePath(path: string, value: unknown): unknown {
  if (!path.startsWith('$')) return undefined;
  return path
    .slice(1)
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** The task's timeout in ms, as aws-local-stepfunctions works it out (from the resolved task input). */
function taskTimeoutMs(state: AslState, input: unknown): number {
  if (typeof state.TimeoutSeconds === 'number') return state.TimeoutSeconds * 1000;
  if (typeof state.TimeoutSecondsPath === 'string') {
    const v = referencePath(state.TimeoutSecondsPath, input);
    if (typeof v === 'number') return v * 1000;
  }
  return DEFAULT_TASK_TIMEOUT_SECONDS * 1000;
}

/** Replaces every string equal to `from` inside a JSON value. */
function replaceString(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceString(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceString(v, from, to)]));
  return value;
}

export interface RunOptions {
  /** The execution's name (tokens are scoped to it). */
  name: string;
  invoke: Invoke;
  broker: LocalTaskTokenBroker;
  /** Milliseconds to pause before each retry, instead of the definition's backoff (tests). */
  retryIntervalMs?: number;
  /**
   * Seconds before the first decision reminder, instead of DECISION_REMINDER_HOURS
   * (demos, tests): the request-decision task's result, which the decision waits
   * read their timeouts from, is overridden here, the escalation and the final wait
   * following by the same rule as in AWS.
   */
  decisionTimeoutSeconds?: number;
}

/** The task whose result carries the decision-wait timeouts (the waits' TimeoutSecondsPath). */
const REQUEST_DECISION = 'lifecycle-request-decision';

export type TaskOverride = (input: unknown) => Promise<unknown>;

/**
 * The `taskResourceLocalHandlers` for a definition: every Task state calls its
 * function through `invoke`, with the result shaped as Lambda's invoke
 * integration returns it (`{ Payload, StatusCode }`), or, for
 * `.waitForTaskToken`, with a fresh token per wait and the output of `send`.
 */
export function taskOverrides(def: AslDefinition, opts: RunOptions, contextToken: string): Record<string, TaskOverride> {
  const overrides: Record<string, TaskOverride> = {};
  for (const [stateName, state] of taskStates(def)) {
    const resource = state.Resource as string;
    if (resource === LAMBDA_INVOKE) {
      overrides[stateName] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload?: unknown };
        try {
          const functionName = functionNameOfArn(FunctionName);
          let result = await opts.invoke(functionName, Payload ?? {});
          if (functionName === REQUEST_DECISION && opts.decisionTimeoutSeconds !== undefined) {
            result = { ...(result as object), ...decisionTimeouts(config.DECISION_REMINDER_HOURS, opts.decisionTimeoutSeconds) };
          }
          return { Payload: result ?? null, StatusCode: 200, ExecutedVersion: '$LATEST' };
        } catch (err) {
          throw new LambdaFunctionError(err);
        }
      };
    } else if (resource === LAMBDA_INVOKE_WAIT) {
      overrides[stateName] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload?: unknown };
        // One fresh token per wait, though the context gives one per execution.
        const { token, output } = opts.broker.issue(opts.name, taskTimeoutMs(state, input));
        try {
          await opts.invoke(functionNameOfArn(FunctionName), replaceString(Payload ?? {}, contextToken, token));
        } catch (err) {
          const e = new LambdaFunctionError(err);
          opts.broker.fail(token, e);
          throw e;
        }
        return output;
      };
    } else {
      overrides[stateName] = async () => {
        throw new Error(`The local runner has no stand-in for ${resource} (state ${stateName})`);
      };
    }
  }
  return overrides;
}

interface LocalStateMachine {
  run(
    input: unknown,
    options: {
      overrides?: { taskResourceLocalHandlers?: Record<string, TaskOverride>; retryIntervalOverrides?: Record<string, number> };
      context?: Record<string, unknown>;
      noThrowOnAbort?: boolean;
    },
  ): { result: Promise<unknown>; abort: () => void; eventLogs: AsyncGenerator<Record<string, unknown>> };
}

let stateMachineClass: Promise<new (def: unknown, opts?: unknown) => LocalStateMachine> | undefined;
/** aws-local-stepfunctions, imported once the polyfill is in place. */
function StateMachineClass() {
  stateMachineClass ??= import('aws-local-stepfunctions').then((m) => m.StateMachine as unknown as new (def: unknown, opts?: unknown) => LocalStateMachine);
  return stateMachineClass;
}

const machines = new WeakMap<AslDefinition, Promise<LocalStateMachine>>();
/**
 * One machine per definition, run for every execution: building it validates the whole
 * definition, which took 170-600 ms of a submission's answer when it was done per execution.
 */
function machineFor(def: AslDefinition): Promise<LocalStateMachine> {
  let machine = machines.get(def);
  if (!machine) {
    machine = StateMachineClass().then((StateMachine) => new StateMachine(def));
    machines.set(def, machine);
  }
  return machine;
}

export interface RunningExecution {
  result: Promise<unknown>;
  abort: () => void;
  eventLogs: AsyncGenerator<Record<string, unknown>>;
}

/** Runs one execution of `def` with local task overrides. */
export async function runExecution(def: AslDefinition, input: unknown, opts: RunOptions): Promise<RunningExecution> {
  const machine = await machineFor(def);
  // The context's token is a per-execution placeholder; each wait swaps in a fresh one.
  const contextToken = `local-context-token:${opts.name}:${ulid()}`;
  const overrides = taskOverrides(def, opts, contextToken);
  const retryIntervalOverrides = opts.retryIntervalMs === undefined ? undefined : Object.fromEntries([...taskStates(def).keys()].map((n) => [n, opts.retryIntervalMs as number]));
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: overrides, ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}) },
    context: { Task: { Token: contextToken }, Execution: { Name: opts.name, Id: `arn:aws:states:eu-west-2:000000000000:execution:strategy-lifecycle:${opts.name}` } },
    noThrowOnAbort: true,
  });
  return execution;
}

// --- the engine ------------------------------------------------------------------------

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface ExecutionRecord {
  name: string;
  executionId: string;
  input: WorkflowInput;
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt?: string;
  /** For FAILED: the error name (a Fail state's Error, or the failing task's). */
  error?: string;
  output?: unknown;
}

/** Imports the very handler module CDK bundles for the function, and calls it as Lambda would. */
export const invokeHandlerModule: Invoke = async (functionName, payload) => {
  const [mod, { lambdaContext }] = await Promise.all([
    import(`../../functions/${functionName}.ts`) as Promise<{ handler: (event: unknown, context: unknown) => Promise<unknown> }>,
    import('../server.js'),
  ]);
  // JSON in and out, as across the Lambda boundary.
  const result = await mod.handler(JSON.parse(JSON.stringify(payload ?? {})), lambdaContext(functionName));
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
};

export interface LocalEngineOptions {
  invoke?: Invoke;
  /** The ASL text (defaults to the deployed file). */
  aslText?: string;
  retryIntervalMs?: number;
  /** Seconds before the first decision reminder in every APPROVAL execution (demos, tests); see RunOptions. */
  decisionTimeoutSeconds?: number;
}

/**
 * The WorkflowEngine of the local stack. Executions run in the background (start
 * answers at once, as StartExecution does); names are idempotent as in AWS.
 */
export class LocalWorkflowEngine implements WorkflowEngine {
  readonly broker = new LocalTaskTokenBroker();
  private readonly definition: AslDefinition;
  private readonly invoke: Invoke;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly live = new Map<string, { abort: () => void; done: Promise<void> }>();
  private stopped = false;

  constructor(private readonly opts: LocalEngineOptions = {}) {
    this.definition = loadDefinition(opts.aslText);
    this.invoke = opts.invoke ?? invokeHandlerModule;
    // Built now, so the first submission does not wait for it (a failure shows on the first run).
    machineFor(this.definition).catch(() => undefined);
  }

  async start(input: WorkflowInput): Promise<{ executionId: string }> {
    const name = `${input.strategyId ?? input.warningId}-${input.phase}-${input.requestId}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
    const executionId = `arn:aws:states:eu-west-2:000000000000:execution:strategy-lifecycle:${name}`;
    if (this.executions.has(name)) return { executionId };
    if (this.stopped) throw new Error('The local workflow engine has stopped');
    const record: ExecutionRecord = { name, executionId, input, status: 'RUNNING', startedAt: new Date().toISOString() };
    this.executions.set(name, record);
    const execution = await runExecution(this.definition, input, {
      name,
      invoke: this.invoke,
      broker: this.broker,
      retryIntervalMs: this.opts.retryIntervalMs,
      decisionTimeoutSeconds: this.opts.decisionTimeoutSeconds,
    });
    let aborted = false;
    const done = execution.result.then(
      (output) => {
        record.status = aborted ? 'ABORTED' : 'SUCCEEDED';
        record.output = output;
      },
      (err: unknown) => {
        record.status = 'FAILED';
        const cause = (err as { cause?: { name?: string } })?.cause;
        record.error = cause?.name ?? (err as Error)?.name ?? 'Error';
        // Ids and the error name only: never the input, the output or a token.
        logger.error('local lifecycle execution failed', { execution: name, strategyId: input.strategyId, warningId: input.warningId, phase: input.phase, error: record.error });
      },
    ).finally(() => {
      record.stoppedAt = new Date().toISOString();
      this.broker.cancelExecution(name);
      this.live.delete(name);
    });
    this.live.set(name, {
      abort: () => {
        aborted = true;
        execution.abort();
      },
      done,
    });
    logger.info('local lifecycle execution started', { execution: name, strategyId: input.strategyId, warningId: input.warningId, phase: input.phase });
    return { executionId };
  }

  async sendDecision(taskToken: string, output: DecisionOutput): Promise<void> {
    this.broker.send(taskToken, JSON.parse(JSON.stringify(output)));
  }

  /** Every execution this engine has started, oldest first. */
  list(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  /** The executions still running. */
  running(): ExecutionRecord[] {
    return this.list().filter((e) => e.status === 'RUNNING');
  }

  /** Resolves when no execution is running (or after `timeoutMs`). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.live.size > 0 && Date.now() < until) {
      await Promise.race([Promise.all([...this.live.values()].map((l) => l.done)), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  /** Aborts every running execution and ends every wait. */
  async stop(): Promise<void> {
    this.stopped = true;
    const live = [...this.live.values()];
    for (const l of live) l.abort();
    // Ending the waits lets the aborted executions unwind and clear their timers.
    this.broker.cancelAll(new Error('The local stack is stopping'));
    await Promise.race([Promise.allSettled(live.map((l) => l.done)), new Promise((r) => setTimeout(r, 5_000))]);
    for (const e of this.executions.values()) if (e.status === 'RUNNING') e.status = 'ABORTED';
  }
}

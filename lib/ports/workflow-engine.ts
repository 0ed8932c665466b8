import type { LetterKind } from '../domain/letter.js';

/**
 * The strategy lifecycle state machine, as the rest of the code sees it.
 *
 * Each execution is one bounded phase of a strategy's life (ask for a decision and
 * act on it; or tell the person about a review outcome), never the whole life:
 * a strategy can outlive Step Functions' one-year limit on an execution.
 */
export type LifecyclePhase =
  /** Ask the Statutory Operations Manager, wait for the decision, then (on approval) tell the person and activate. */
  | 'APPROVAL'
  /** Tell the person of a review, breach or appeal outcome (extended, varied, ended, appeal outcome) by email and post. */
  | 'NOTIFY'
  /** Send a warning's letters by email and post (a warning has no strategy: `warningId` instead of `strategyId`). */
  | 'WARN';

/** The letters a phase sends are the domain's (lib/domain/letter.ts), declared there only. */
export type { LetterKind };

/** A WARN execution: the letters of a warning, which has no strategy. */
export interface WarnInput {
  phase: 'WARN';
  warningId: string;
  letterKind: 'WARNING';
  requestId: string;
  strategyId?: undefined;
}

/** What starts an execution: a phase of a strategy's life, or a warning's letters. */
export type WorkflowInput = LifecycleInput | WarnInput;

export interface LifecycleInput {
  phase: Exclude<LifecyclePhase, 'WARN'>;
  strategyId: string;
  warningId?: undefined;
  /** For NOTIFY: which letter to send. */
  letterKind?: LetterKind;
  /** Makes the execution name unique and idempotent (starting one with the same name is a no-op). */
  requestId: string;
}

/**
 * What resumes a waiting execution: the decision only. Step Functions keeps it in the
 * execution history, so no names or comments travel here (the use case reads those
 * from the store); the machine also keeps only `decision` of whatever it is sent.
 */
export interface DecisionOutput {
  decision: 'APPROVE' | 'REJECT';
}

export interface WorkflowEngine {
  start(input: WorkflowInput): Promise<{ executionId: string }>;
  /** Resumes the execution waiting on `taskToken`. Throws TaskNotWaiting if none is. */
  sendDecision(taskToken: string, output: DecisionOutput): Promise<void>;
}

export class TaskNotWaiting extends Error {
  constructor() {
    super('No execution is waiting on that task token');
    this.name = 'TaskNotWaiting';
  }
}

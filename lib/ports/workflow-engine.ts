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
  /** Tell the person of a review or breach outcome (extended, varied, ended) by email and post. */
  | 'NOTIFY';

export type LetterKind = 'IMPLEMENTED' | 'EXTENDED' | 'VARIED' | 'ENDED';

export interface LifecycleInput {
  phase: LifecyclePhase;
  strategyId: string;
  /** For NOTIFY: which letter to send. */
  letterKind?: LetterKind;
  /** Makes the execution name unique and idempotent (starting one with the same name is a no-op). */
  requestId: string;
}

export interface DecisionOutput {
  decision: 'APPROVE' | 'REJECT';
  decidedBy: { sub: string; name: string };
  comments: string;
}

export interface WorkflowEngine {
  start(input: LifecycleInput): Promise<{ executionId: string }>;
  /** Resumes the execution waiting on `taskToken`. Throws TaskNotWaiting if none is. */
  sendDecision(taskToken: string, output: DecisionOutput): Promise<void>;
}

export class TaskNotWaiting extends Error {
  constructor() {
    super('No execution is waiting on that task token');
    this.name = 'TaskNotWaiting';
  }
}

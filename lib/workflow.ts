/**
 * The strategy lifecycle state machine, as the rest of the code sees it. In AWS
 * this is Step Functions (StartExecution, SendTaskSuccess); in the local stack and
 * the tests the very same ASL runs in-process under aws-local-stepfunctions, with a
 * local task-token broker. The implementation is chosen once, at import.
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
  /** Makes the execution name unique and idempotent (StartExecution with the same name is a no-op). */
  requestId: string;
  /**
   * APPROVAL only: the execution re-drives a strategy already PENDING_APPROVAL whose
   * earlier execution was lost (the local stack restarted): the Statutory Operations
   * Manager, already asked, is not emailed again; a fresh task token is stored.
   */
  resume?: boolean;
  /**
   * APPROVAL only: seconds before the first reminder, overriding DECISION_REMINDER_HOURS
   * (the escalation follows as long again, the final wait twice as long). For tests and demos.
   */
  decisionTimeoutSeconds?: number;
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

let engine: WorkflowEngine | undefined;

/** The local stack installs its in-process engine here before serving requests. */
export function useWorkflowEngine(e: WorkflowEngine): void {
  engine = e;
}

export async function workflow(): Promise<WorkflowEngine> {
  if (!engine) {
    const { stepFunctionsEngine } = await import('./workflow-aws.js');
    engine = stepFunctionsEngine();
  }
  return engine;
}

import type { WorkflowEngine } from './ports/workflow-engine.js';
import { workflowEngine } from './wiring.js';

export { TaskNotWaiting, type DecisionOutput, type LetterKind, type LifecycleInput, type LifecyclePhase, type WarnInput, type WorkflowEngine, type WorkflowInput } from './ports/workflow-engine.js';

/** The strategy lifecycle state machine: Step Functions in AWS, whatever lib/wiring.ts has installed otherwise. */
export async function workflow(): Promise<WorkflowEngine> {
  return workflowEngine();
}

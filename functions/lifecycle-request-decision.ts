import { requestDecision } from '../lib/delivery/lifecycle.js';
import { task } from '../lib/delivery/task.js';
import type { LifecycleInput } from '../lib/workflow.js';

/** APPROVAL, first task: asks the Statutory Operations Manager to decide; returns the decision-wait timeouts. */
export const handler = task('lifecycle-request-decision', (event: { execution: LifecycleInput }) => requestDecision(event.execution));

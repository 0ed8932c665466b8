import { requestDecision } from '../lib/app/lifecycle.js';
import { task } from '../lib/task.js';
import type { LifecycleInput } from '../lib/workflow.js';
import { buildAtColdStart, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer);

/** APPROVAL, first task: asks the Statutory Operations Manager to decide; returns the decision-wait timeouts. */
export const handler = task('lifecycle-request-decision', (event: { execution: LifecycleInput }) => requestDecision(event.execution));

import { decisionOverdue, type OverdueStage } from '../lib/app/lifecycle.js';
import { task } from '../lib/task.js';
import { buildAtColdStart, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer);

/** APPROVAL, when a decision wait times out (remind, escalate, record no decision) or cannot be set up. */
export const handler = task('lifecycle-decision-overdue', (event: { strategyId: string; stage: OverdueStage }) => decisionOverdue(event));

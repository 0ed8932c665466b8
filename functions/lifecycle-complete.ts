import { completeNotification, type BranchResult } from '../lib/app/lifecycle.js';
import { task } from '../lib/task.js';
import type { LetterKind } from '../lib/workflow.js';
import { buildAtColdStart, mailer, policyDocuments } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments);

/** NOTIFY, last task: IMPLEMENTED activates the strategy; other kinds record that the person was told. */
export const handler = task('lifecycle-complete', (event: { strategyId: string; letterKind: LetterKind; requestId: string; delivery?: BranchResult[] }) =>
  completeNotification(event),
);

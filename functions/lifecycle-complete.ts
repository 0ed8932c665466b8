import { completeNotification, completeWarningLetters, type BranchResult } from '../lib/app/lifecycle.js';
import { task } from '../lib/task.js';
import type { LetterKind } from '../lib/workflow.js';
import { buildAtColdStart, mailer, policyDocuments } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments);

type CompleteEvent = { strategyId: string; letterKind: LetterKind; requestId: string; delivery?: BranchResult[] } | { warningId: string; letterKind: 'WARNING'; requestId: string; delivery?: BranchResult[] };

/** NOTIFY, last task: IMPLEMENTED activates the strategy; other kinds record that the person was told. WARN, last task: a letter failed on every route is seen. */
export const handler = task('lifecycle-complete', (event: CompleteEvent): Promise<object> => ('warningId' in event ? completeWarningLetters(event) : completeNotification(event)));

import { letterKindSpec } from './spec.js';

/** What was decided on the person's appeal, and why. */
export const APPEAL_OUTCOME = letterKindSpec({
  kind: 'APPEAL_OUTCOME',
  subject: 'The outcome of your appeal',
  label: 'Outcome of their appeal',
  oncePerStrategy: false,
  sendableWhile: 'any',
  body: { of: 'appeal-outcome' },
});

import { letterKindSpec } from './spec.js';

/** Policy 1.4: tells the person, before any restriction, that their behaviour is unacceptable and why. */
export const WARNING = letterKindSpec({
  kind: 'WARNING',
  subject: 'Your contact with us: a warning',
  label: 'Warning about their behaviour',
  oncePerStrategy: false,
  // A warning has no strategy to be in a status.
  sendableWhile: 'any',
  body: { of: 'warning' },
});

import { letterKindSpec } from './spec.js';

/** The single point of contact was handed to someone else between reviews: who it is now, and how to reach them. */
export const SPOC_CHANGED = letterKindSpec({
  kind: 'SPOC_CHANGED',
  subject: 'Your single point of contact has changed',
  label: 'Single point of contact changed',
  oncePerStrategy: false,
  // Only a strategy in force has a single point of contact to write about.
  sendableWhile: ['ACTIVE', 'REVIEW_DUE'],
  body: { of: 'spoc-changed' },
});

import { letterKindSpec } from './spec.js';

/** Tells the person a strategy is in place (policy 1.3, 1.5); it is in force only once they are told. */
export const IMPLEMENTED = letterKindSpec({
  kind: 'IMPLEMENTED',
  subject: 'How you can contact us from now on',
  label: 'Strategy put in place',
  oncePerStrategy: true,
  // About a strategy approved (and so about to be in force) or already in force.
  sendableWhile: ['APPROVED', 'ACTIVE'],
  body: {
    of: 'strategy',
    opening: () => ['We are writing to let you know that we have put a contact strategy in place. It sets out how you can contact us, and how we will contact you, from now on.'],
    restrictions: { whyHeading: 'Why we have done this', meansHeading: 'What this means for you', offersAppeal: true },
  },
});

import { letterKindSpec } from './spec.js';

/** A review or a breach decision changed the restrictions. */
export const VARIED = letterKindSpec({
  kind: 'VARIED',
  subject: 'Changes to how you can contact us',
  label: 'Strategy varied',
  oncePerStrategy: false,
  sendableWhile: 'any',
  body: {
    of: 'strategy',
    opening: () => ['We have reviewed your contact strategy and decided to change it. The arrangements set out below replace the ones we told you about before.'],
    restrictions: { whyHeading: 'Why we have a contact strategy', meansHeading: 'What this means for you from now on', offersAppeal: false },
  },
});

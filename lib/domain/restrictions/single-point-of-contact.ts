import { closesNothing, contradictsNothing, gone, kept, noMinutes, none, restrictionSpec } from './spec.js';

/** Policy 1.5: allocation of a dedicated single point of contact (SPOC). */
export const SINGLE_POINT_OF_CONTACT = restrictionSpec({
  type: 'SINGLE_POINT_OF_CONTACT',
  parameters: (_z, { Id, Name }) => ({ staffId: Id, staffName: Name }),
  title: 'Single point of contact (SPOC)',
  hint: 'Allocation of a dedicated single point of contact for future communication.',
  summary: (r) => `Single point of contact: ${r.staffName}`,
  letter: (r) => ({ text: `${r.staffName} will be your single point of contact. Please send everything for us to ${r.staffName}, who will also be the person who contacts you.` }),
  screening: {
    closes: closesNothing,
    findings: (r) => [
      { decision: 'PROCEED_VIA_SPOC', reason: `The contact strategy names ${r.staffName} as the single point of contact: pass this contact to them.`, spoc: { staffId: r.staffId, staffName: r.staffName } },
    ],
    concludedCases: none,
    recordsCalls: false,
    callMinutes: noMinutes,
  },
  contradicts: contradictsNothing,
  // A different single point of contact is neither stricter nor looser.
  tightening: (current, next) => (next.same ? kept(false) : gone(`${current.type} must stay in force`)),
});

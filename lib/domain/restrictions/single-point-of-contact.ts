import { closesNothing, contradictsNothing, gone, kept, noMinutes, none, restrictionSpec, type Bullet, type LetterOffice } from './spec.js';

/**
 * The SPOC in the letter: who it is and how to reach them, at the office's own
 * address and mailbox marked for their attention (so post and email reach them
 * through the office, and email is still screened).
 */
export function spocBullet(staffName: string, office: LetterOffice | undefined): Bullet {
  const attention = `"For the attention of ${staffName}"`;
  const ways = [
    ...(office?.postalAddress.length ? [`By post: write to ${[office.name, ...office.postalAddress].join(', ')}, marking your letter ${attention}.`] : []),
    ...(office?.email ? [`By email: write to ${office.email}, with ${attention} in the subject line.`] : []),
  ];
  return {
    text: `${staffName} will be your single point of contact. Please send everything for us to ${staffName}, who will also be the person who contacts you.${ways.length ? ` To reach ${staffName}:` : ''}`,
    ...(ways.length ? { items: ways } : {}),
  };
}

/** Policy 1.5: allocation of a dedicated single point of contact (SPOC). */
export const SINGLE_POINT_OF_CONTACT = restrictionSpec({
  type: 'SINGLE_POINT_OF_CONTACT',
  parameters: (_z, { Id, Name }) => ({ staffId: Id, staffName: Name }),
  title: 'Single point of contact (SPOC)',
  hint: 'Allocation of a dedicated single point of contact for future communication.',
  summary: (r) => `Single point of contact: ${r.staffName}`,
  letter: (r, _refOf, office) => spocBullet(r.staffName, office),
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

import { describe, expect, it } from 'vitest';
import {
  allows,
  atLeastOneRestriction,
  casesAreThePersonsOwn,
  factorsCompleteForSubmission,
  FIRST_STATUS,
  IN_FORCE,
  inForceOf,
  logOnlyAndRefuseNameOnlyConcludedCases,
  nextStatus,
  noCaseBothLoggedAndRefused,
  noContradictoryRestrictions,
  normaliseBlockedAddresses,
  noTwoOfTheSameType,
  openCasesKeepAChannel,
  personCanBeToldInWriting,
  proposerEmail,
  rejectionGivesReasons,
  reviewDateWithinLimits,
  strategyContentErrors,
  usableRoutes,
  type CaseFacts,
  type PersonFacts,
} from '../../lib/domain/strategy-rules.js';
import type { Restriction } from '../../lib/schemas/restrictions.js';
import { STATUSES } from '../../lib/schemas/restrictions.js';
import { FACTOR_NAMES, type Factors } from '../../lib/schemas/strategies.js';

const open: CaseFacts = { id: 'c-open', serviceUserId: 'su-1', reference: 'OPCC-2026-000001', status: 'OPEN' };
const concluded: CaseFacts = { id: 'c-done', serviceUserId: 'su-1', reference: 'OPCC-2026-000002', status: 'CONCLUDED' };
const someoneElses: CaseFacts = { id: 'c-other', serviceUserId: 'su-2', reference: 'OPCC-2026-000003', status: 'CONCLUDED' };
const cases = new Map([open, concluded, someoneElses].map((c) => [c.id, c]));

const person: PersonFacts = {
  emails: ['alex@example.com'],
  phones: ['+441482123456'],
  postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' },
};
const emailAndPhoneOnly: PersonFacts = { emails: ['alex@example.com'], phones: ['+441482123456'] };

const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

const allAnswered: Factors = Object.fromEntries(FACTOR_NAMES.map((n) => [n, { answer: 'YES' }])) as Factors;

describe('restrictions on their own', () => {
  it('needs at least one restriction', () => {
    expect(paths(atLeastOneRestriction([]))).toEqual(['restrictions']);
    expect(atLeastOneRestriction([{ type: 'RECORD_CALLS' }])).toEqual([]);
  });

  it('refuses two restrictions of the same type, naming the second', () => {
    const errors = noTwoOfTheSameType([{ type: 'NO_TELEPHONE' }, { type: 'RECORD_CALLS' }, { type: 'NO_TELEPHONE' }]);
    expect(paths(errors)).toEqual(['restrictions.2.type']);
    expect(noTwoOfTheSameType([{ type: 'NO_TELEPHONE' }, { type: 'RECORD_CALLS' }])).toEqual([]);
  });

  it('refuses a telephone limit together with no telephone contact', () => {
    const errors = noContradictoryRestrictions([{ type: 'NO_TELEPHONE' }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }]);
    expect(paths(errors)).toEqual(['restrictions.1']);
    expect(errors[0]!.message).toContain('NO_TELEPHONE');
  });

  it('refuses a telephone limit together with written contact only', () => {
    const errors = noContradictoryRestrictions([{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL'] }]);
    expect(paths(errors)).toEqual(['restrictions.0']);
    expect(errors[0]!.message).toContain('WRITTEN_ONLY');
  });

  it('allows no telephone contact together with written contact only', () => {
    expect(noContradictoryRestrictions([{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['POST'] }])).toEqual([]);
  });

  it('refuses a case that is both logged only and refused', () => {
    const errors = noCaseBothLoggedAndRefused([
      { type: 'LOG_ONLY', caseIds: ['c-done'] },
      { type: 'REFUSE_SAME_MATTER', caseIds: ['c-x', 'c-done'] },
    ]);
    expect(paths(errors)).toEqual(['restrictions.1.caseIds.1']);
  });

  it('stores blocked addresses normalised: emails lower-cased, UK numbers in +44 form, duplicates once', () => {
    const { restrictions, errors } = normaliseBlockedAddresses([
      { type: 'BLOCK_ADDRESSES', addresses: [' Alex@Example.COM ', '(01482) 123-456', '+44 1482 123456'] },
    ]);
    expect(errors).toEqual([]);
    expect(restrictions).toEqual([{ type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com', '+441482123456'] }]);
  });

  it('refuses a blocked address that is neither an email address nor a phone number', () => {
    const { errors } = normaliseBlockedAddresses([{ type: 'RECORD_CALLS' }, { type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com', 'not an address', 'a@b'] }]);
    expect(paths(errors)).toEqual(['restrictions.1.addresses.1', 'restrictions.1.addresses.2']);
  });
});

describe('restrictions against the cases', () => {
  it('refuses an unknown case and a case of someone else', () => {
    const errors = casesAreThePersonsOwn(['c-open', 'nope', 'c-other'], 'su-1', cases);
    expect(paths(errors)).toEqual(['caseIds.1', 'caseIds.2']);
  });

  it('refuses LOG_ONLY on a case that is still open', () => {
    const errors = logOnlyAndRefuseNameOnlyConcludedCases([{ type: 'LOG_ONLY', caseIds: ['c-open'] }], ['c-open'], cases);
    expect(paths(errors)).toEqual(['restrictions.0.caseIds.0']);
    expect(errors[0]!.message).toContain('OPCC-2026-000001');
  });

  it('refuses REFUSE_SAME_MATTER on a case that is still open', () => {
    const errors = logOnlyAndRefuseNameOnlyConcludedCases([{ type: 'REFUSE_SAME_MATTER', caseIds: ['c-done', 'c-open'] }], ['c-open', 'c-done'], cases);
    expect(paths(errors)).toEqual(['restrictions.0.caseIds.1']);
  });

  it("refuses LOG_ONLY on a concluded case that is not one of the strategy's cases", () => {
    const errors = logOnlyAndRefuseNameOnlyConcludedCases([{ type: 'LOG_ONLY', caseIds: ['c-done'] }], ['c-open'], cases);
    expect(paths(errors)).toEqual(['restrictions.0.caseIds.0']);
  });

  it('allows LOG_ONLY and REFUSE_SAME_MATTER on concluded cases of the strategy', () => {
    expect(logOnlyAndRefuseNameOnlyConcludedCases([{ type: 'LOG_ONLY', caseIds: ['c-done'] }], ['c-open', 'c-done'], cases)).toEqual([]);
  });
});

describe('an ongoing case keeps a channel (policy 1.5: continuing contact)', () => {
  const keeps = (restrictions: Restriction[], who: PersonFacts = person) => openCasesKeepAChannel(restrictions, who, [open]);

  it('allows no telephone contact together with written contact only, since written channels remain', () => {
    expect(keeps([{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }])).toEqual([]);
  });

  it('allows a telephone limit, recorded calls and a single point of contact: each leaves the route open', () => {
    expect(usableRoutes([{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }, { type: 'RECORD_CALLS' }, { type: 'SINGLE_POINT_OF_CONTACT', staffId: 's', staffName: 'Jo' }], person)).toEqual(['PHONE', 'EMAIL', 'POST']);
  });

  it('refuses blocking every email and phone of the person with email-only written contact and no postal address', () => {
    const errors = keeps(
      [
        { type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com', '+441482123456'] },
        { type: 'WRITTEN_ONLY', channels: ['EMAIL'] },
      ],
      emailAndPhoneOnly,
    );
    expect(paths(errors)).toEqual(['restrictions']);
    expect(errors[0]!.message).toContain('OPCC-2026-000001');
  });

  it('refuses post-only written contact for a person with no postal address', () => {
    expect(paths(keeps([{ type: 'WRITTEN_ONLY', channels: ['POST'] }], emailAndPhoneOnly))).toEqual(['restrictions']);
  });

  it('allows blocking every email and phone when the person can still be written to by post', () => {
    expect(keeps([{ type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com', '+441482123456'] }])).toEqual([]);
  });

  it('matches blocked addresses however they were written', () => {
    expect(usableRoutes([{ type: 'BLOCK_ADDRESSES', addresses: ['ALEX@example.com', '01482 123456'] }], emailAndPhoneOnly)).toEqual([]);
  });

  it('does not apply once every case of the strategy is concluded', () => {
    expect(openCasesKeepAChannel([{ type: 'WRITTEN_ONLY', channels: ['POST'] }], emailAndPhoneOnly, [concluded])).toEqual([]);
  });
});

describe('the person and the review date', () => {
  it('refuses a strategy for a person with neither an email address nor a postal address', () => {
    expect(paths(personCanBeToldInWriting({ emails: [], phones: ['+441482123456'] }))).toEqual(['serviceUserId']);
    expect(personCanBeToldInWriting({ emails: [], phones: [], postalAddress: person.postalAddress })).toEqual([]);
    expect(personCanBeToldInWriting({ emails: ['a@b.com'], phones: [] })).toEqual([]);
  });

  it('refuses a review date of today or earlier (UK today)', () => {
    expect(paths(reviewDateWithinLimits('2026-11-28', '2026-11-28', 12))).toEqual(['reviewDate']);
    expect(paths(reviewDateWithinLimits('2026-01-01', '2026-11-28', 12))).toEqual(['reviewDate']);
    expect(reviewDateWithinLimits('2026-11-29', '2026-11-28', 12)).toEqual([]);
  });

  it('refuses a review date more than the maximum number of months ahead', () => {
    expect(reviewDateWithinLimits('2027-11-28', '2026-11-28', 12)).toEqual([]);
    const errors = reviewDateWithinLimits('2027-11-29', '2026-11-28', 12);
    expect(paths(errors)).toEqual(['reviewDate']);
    expect(errors[0]!.message).toContain('12 months');
    expect(reviewDateWithinLimits('2027-05-29', '2026-11-28', 6)[0]!.path).toBe('reviewDate');
  });
});

describe('factors (policy 1.4), checked on submit', () => {
  it('needs every factor answered, naming each one that is not', () => {
    const { additionalNeeds: _a, freshMattersAccessible: _f, ...some } = allAnswered;
    expect(paths(factorsCompleteForSubmission(some))).toEqual(['factors.additionalNeeds', 'factors.freshMattersAccessible']);
    expect(factorsCompleteForSubmission(undefined)).toHaveLength(7);
    expect(factorsCompleteForSubmission(allAnswered)).toEqual([]);
  });

  it('needs notes saying why when the person has not been told their behaviour is unacceptable', () => {
    const notTold = { ...allAnswered, informedBehaviourUnacceptable: { answer: 'NO' as const, notes: '  ' } };
    expect(paths(factorsCompleteForSubmission(notTold))).toEqual(['factors.informedBehaviourUnacceptable.notes']);
    const explained = { ...allAnswered, informedBehaviourUnacceptable: { answer: 'NO' as const, notes: 'Telling them would put staff at risk.' } };
    expect(factorsCompleteForSubmission(explained)).toEqual([]);
  });
});

describe('the decision', () => {
  it('needs comments saying why a strategy is rejected', () => {
    expect(paths(rejectionGivesReasons({ decision: 'REJECT', comments: ' ' }))).toEqual(['comments']);
    expect(rejectionGivesReasons({ decision: 'APPROVE', comments: '' })).toEqual([]);
  });
});

describe('every content rule together', () => {
  it('reports every broken rule at once, with blocked addresses normalised', () => {
    const { errors, restrictions } = strategyContentErrors(
      {
        serviceUserId: 'su-1',
        caseIds: ['c-open', 'missing'],
        reviewDate: '2026-11-01',
        restrictions: [
          { type: 'LOG_ONLY', caseIds: ['c-open'] },
          { type: 'NO_TELEPHONE' },
          { type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' },
          { type: 'BLOCK_ADDRESSES', addresses: ['ALEX@EXAMPLE.COM'] },
        ],
      },
      { person, cases, today: '2026-11-28', maxReviewMonths: 12 },
    );
    expect(paths(errors).sort()).toEqual(['caseIds.1', 'restrictions.0.caseIds.0', 'restrictions.2', 'reviewDate']);
    expect(restrictions[3]).toEqual({ type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com'] });
  });
});

describe('which status allows which action', () => {
  it('edits and submits only a DRAFT', () => {
    expect(STATUSES.filter((s) => allows(s, 'edit'))).toEqual(['DRAFT']);
    expect(STATUSES.filter((s) => allows(s, 'submit'))).toEqual(['DRAFT']);
    expect(nextStatus('DRAFT', 'submit')).toBe('PENDING_APPROVAL');
  });

  it('decides only a strategy PENDING_APPROVAL: approve → APPROVED, reject → REJECTED', () => {
    expect(STATUSES.filter((s) => allows(s, 'decide'))).toEqual(['PENDING_APPROVAL']);
    expect(nextStatus('PENDING_APPROVAL', 'decide', 'APPROVE')).toBe('APPROVED');
    expect(nextStatus('PENDING_APPROVAL', 'decide', 'REJECT')).toBe('REJECTED');
    expect(nextStatus('DRAFT', 'decide', 'APPROVE')).toBeUndefined();
  });

  it('activates only an APPROVED strategy, and reviews one ACTIVE or REVIEW_DUE', () => {
    expect(STATUSES.filter((s) => allows(s, 'activate'))).toEqual(['APPROVED']);
    expect(STATUSES.filter((s) => allows(s, 'review'))).toEqual(['ACTIVE', 'REVIEW_DUE']);
    expect(nextStatus('APPROVED', 'activate')).toBe('ACTIVE');
  });

  it('in force only once told (policy 1.3, 1.5): APPROVED → ACTIVE when a letter was accepted, → NOT_NOTIFIED when none was; NOT_NOTIFIED → ACTIVE once told another way', () => {
    expect(STATUSES.filter((s) => allows(s, 'mark-not-notified'))).toEqual(['APPROVED']);
    expect(nextStatus('APPROVED', 'mark-not-notified')).toBe('NOT_NOTIFIED');
    expect(STATUSES.filter((s) => allows(s, 'record-notified'))).toEqual(['NOT_NOTIFIED']);
    expect(nextStatus('NOT_NOTIFIED', 'record-notified')).toBe('ACTIVE');
    // Not in force: no screening, no review, no breach.
    expect(IN_FORCE).not.toContain('NOT_NOTIFIED');
    for (const action of ['review', 'report-breach', 'mark-review-due', 'activate'] as const) expect(allows('NOT_NOTIFIED', action)).toBe(false);
  });

  it('treats REJECTED and ENDED as final', () => {
    for (const action of ['edit', 'submit', 'decide', 'activate', 'review', 'mark-review-due', 'report-breach'] as const) {
      expect(allows('REJECTED', action)).toBe(false);
      expect(allows('ENDED', action)).toBe(false);
    }
  });
});

describe('the status machine: every status change', () => {
  it('starts every strategy as a DRAFT', () => {
    expect(FIRST_STATUS).toBe('DRAFT');
  });

  it('returns a PENDING_APPROVAL strategy to DRAFT when its decision request could not be sent, and nothing else', () => {
    expect(STATUSES.filter((s) => allows(s, 'return-to-draft'))).toEqual(['PENDING_APPROVAL']);
    expect(nextStatus('PENDING_APPROVAL', 'return-to-draft')).toBe('DRAFT');
    expect(nextStatus('APPROVED', 'return-to-draft')).toBeUndefined();
  });

  it('marks only an ACTIVE strategy REVIEW_DUE', () => {
    expect(STATUSES.filter((s) => allows(s, 'mark-review-due'))).toEqual(['ACTIVE']);
    expect(nextStatus('ACTIVE', 'mark-review-due')).toBe('REVIEW_DUE');
    expect(nextStatus('REVIEW_DUE', 'mark-review-due')).toBeUndefined();
  });

  it('a review (or a breach adjustment, a VARY) keeps a strategy in force ACTIVE, or ends it', () => {
    for (const from of ['ACTIVE', 'REVIEW_DUE'] as const) {
      expect(nextStatus(from, 'review', 'EXTEND')).toBe('ACTIVE');
      expect(nextStatus(from, 'review', 'VARY')).toBe('ACTIVE');
      expect(nextStatus(from, 'review', 'END')).toBe('ENDED');
    }
    expect(nextStatus('APPROVED', 'review', 'EXTEND')).toBeUndefined();
    expect(nextStatus('ENDED', 'review', 'END')).toBeUndefined();
  });

  it('needs the choice that fits the action', () => {
    expect(nextStatus('PENDING_APPROVAL', 'decide')).toBeUndefined();
    expect(nextStatus('PENDING_APPROVAL', 'decide', 'END')).toBeUndefined();
    expect(nextStatus('ACTIVE', 'review')).toBeUndefined();
    expect(nextStatus('ACTIVE', 'review', 'APPROVE')).toBeUndefined();
  });

  it('reaches every status by some action from some status (no status is left out of the machine)', () => {
    const reached = new Set<string>();
    for (const from of STATUSES) {
      for (const [action, choices] of [
        ['submit', [undefined]],
        ['return-to-draft', [undefined]],
        ['decide', ['APPROVE', 'REJECT']],
        ['activate', [undefined]],
        ['mark-not-notified', [undefined]],
        ['record-notified', [undefined]],
        ['mark-review-due', [undefined]],
        ['review', ['EXTEND', 'VARY', 'END']],
      ] as const) {
        for (const choice of choices) {
          const to = nextStatus(from, action, choice);
          if (to) reached.add(to);
        }
      }
    }
    expect([...reached].sort()).toEqual([...STATUSES].sort());
  });
});

describe('inForceOf: what screening keeps of a strategy in force', () => {
  const s = { id: 'S1', caseIds: ['C1'], restrictions: [{ type: 'NO_TELEPHONE' } as const], reviewDate: '2027-06-01' };

  it('keeps the id, cases, restrictions and review date, and whether the review is due', () => {
    expect(inForceOf({ ...s, status: 'ACTIVE' })).toEqual({ strategyId: 'S1', status: 'ACTIVE', caseIds: ['C1'], restrictions: [{ type: 'NO_TELEPHONE' }], reviewDate: '2027-06-01' });
    expect(inForceOf({ ...s, status: 'REVIEW_DUE' }).status).toBe('REVIEW_DUE');
  });

  it('is for the statuses in force', () => {
    expect(IN_FORCE).toEqual(['ACTIVE', 'REVIEW_DUE']);
  });
});

describe("proposerEmail: the proposer's mailbox for the emails that chase a decision or a review", () => {
  it('is the address recorded from their token when they drafted it', () => {
    expect(proposerEmail({ proposedByEmail: 'casey@opcc.example', proposedBy: { sub: 'cw' } })).toBe('casey@opcc.example');
  });

  it('falls back to an address on the proposer (older strategies)', () => {
    expect(proposerEmail({ proposedBy: { sub: 'cw', email: 'old@opcc.example' } })).toBe('old@opcc.example');
  });

  it('is undefined when none is recorded, or what is recorded is not an address', () => {
    expect(proposerEmail({ proposedBy: { sub: 'cw' } })).toBeUndefined();
    expect(proposerEmail({ proposedByEmail: 'casey', proposedBy: { sub: 'cw' } })).toBeUndefined();
    expect(proposerEmail({ proposedByEmail: '', proposedBy: { sub: 'cw' } })).toBeUndefined();
  });
});

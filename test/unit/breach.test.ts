import { describe, expect, it } from 'vitest';
import { adjustedReviewDate, breachDecisionErrors, canDecide, canReportBreachOf, FIRST_BREACH_STATUS, legalAdviceErrors, linkedRecords, linkErrors, occurredAtErrors, statusAfterDecision, statusAfterLegalAdvice } from '../../lib/domain/breach.js';

const paths = (input: Parameters<typeof breachDecisionErrors>[0]) => breachDecisionErrors(input).map((e) => e.path);

describe('breach of a contact strategy (policy 1.6)', () => {
  it('can be reported only against a strategy in force (ACTIVE or REVIEW_DUE)', () => {
    expect(canReportBreachOf('ACTIVE')).toBe(true);
    expect(canReportBreachOf('REVIEW_DUE')).toBe(true);
    for (const s of ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'ENDED'] as const) expect(canReportBreachOf(s)).toBe(false);
  });

  it('is decided once: only a REPORTED breach can be decided', () => {
    expect(canDecide('REPORTED')).toBe(true);
    expect(canDecide('DECIDED')).toBe(false);
  });

  it('a police referral records the police reference and when it was reported', () => {
    expect(paths({ actions: ['POLICE_REFERRAL'] })).toEqual(['policeReference', 'reportedAt']);
    expect(paths({ actions: ['POLICE_REFERRAL'], policeReference: 'HP-1', reportedAt: '2026-01-01T10:00:00Z' })).toEqual([]);
    expect(paths({ actions: ['LEGAL_ADVICE'], policeReference: 'HP-1' })).toEqual(['policeReference']);
  });

  it('needs at least one action', () => {
    expect(paths({ actions: [] })).toEqual(['actions']);
  });

  it('refuses the same action twice, naming the repeat', () => {
    expect(paths({ actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL', 'LEGAL_ADVICE'], policeReference: 'HP-1', reportedAt: '2026-01-01T10:00:00Z' })).toEqual(['actions.2']);
  });

  it('NO_FURTHER_ACTION stands alone', () => {
    expect(paths({ actions: ['NO_FURTHER_ACTION'] })).toEqual([]);
    expect(paths({ actions: ['NO_FURTHER_ACTION', 'LEGAL_ADVICE'] })).toEqual(['actions']);
  });

  it('ADJUST_STRATEGY needs the new restrictions', () => {
    expect(paths({ actions: ['ADJUST_STRATEGY'] })).toEqual(['restrictions']);
    expect(paths({ actions: ['ADJUST_STRATEGY', 'POLICE_REFERRAL'], restrictions: [{ type: 'NO_TELEPHONE' }], nextReviewDate: '2027-06-01', policeReference: 'HP-1', reportedAt: '2026-01-01T10:00:00Z' })).toEqual([]);
  });

  it('refuses restrictions or a review date that only an adjustment would use', () => {
    expect(paths({ actions: ['LEGAL_ADVICE'], restrictions: [{ type: 'NO_TELEPHONE' }], nextReviewDate: '2027-06-01' })).toEqual(['restrictions', 'nextReviewDate']);
  });

  it('LEGAL_ADVICE and POLICE_REFERRAL may be taken together', () => {
    expect(paths({ actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL'], policeReference: 'HP-1', reportedAt: '2026-01-01T10:00:00Z' })).toEqual([]);
  });

  it('an adjustment keeps the current review date while it is still ahead, and needs a new one once it is not', () => {
    expect(adjustedReviewDate('2027-08-01', '2027-06-01', '2027-05-01')).toBe('2027-08-01');
    expect(adjustedReviewDate(undefined, '2027-06-01', '2027-05-01')).toBe('2027-06-01');
    expect(adjustedReviewDate(undefined, '2027-05-01', '2027-05-01')).toBeUndefined();
  });

  it('a breach cannot be dated in the future', () => {
    const now = new Date('2027-05-01T12:00:00Z');
    expect(occurredAtErrors('2027-05-01T11:00:00Z', now)).toEqual([]);
    expect(occurredAtErrors('2027-05-01T13:00:00+01:00', now)).toEqual([]);
    expect(occurredAtErrors('2027-05-02T09:00:00Z', now).map((e) => e.path)).toEqual(['occurredAt']);
  });
});

describe('a breach is reported, then decided once', () => {
  it('starts REPORTED and a decision makes it DECIDED; a DECIDED breach is not decided again', () => {
    expect(FIRST_BREACH_STATUS).toBe('REPORTED');
    expect(statusAfterDecision('REPORTED', ['NO_FURTHER_ACTION'])).toBe('DECIDED');
    expect(statusAfterDecision('DECIDED', ['NO_FURTHER_ACTION'])).toBeUndefined();
  });

  it('a decision to seek legal advice waits for it; its outcome, recorded once, decides the breach', () => {
    expect(statusAfterDecision('REPORTED', ['LEGAL_ADVICE', 'POLICE_REFERRAL'])).toBe('AWAITING_LEGAL_ADVICE');
    expect(statusAfterDecision('AWAITING_LEGAL_ADVICE', ['NO_FURTHER_ACTION'])).toBeUndefined();
    expect(statusAfterLegalAdvice('AWAITING_LEGAL_ADVICE')).toBe('DECIDED');
    expect(statusAfterLegalAdvice('REPORTED')).toBeUndefined();
    expect(statusAfterLegalAdvice('DECIDED')).toBeUndefined();
  });
});

describe("legal advice's outcome follows a decision's rules", () => {
  const now = new Date('2027-05-01T12:00:00Z');
  const sought = '2027-04-01T10:00:00Z';
  const advice = (extra: Partial<Parameters<typeof legalAdviceErrors>[0]>) =>
    legalAdviceErrors({ outcome: 'NO_FURTHER_ACTION', receivedAt: '2027-04-20T10:00:00Z', ...extra }, sought, now).map((e) => e.path);
  it('each outcome needs what the same action needs in a decision, and nothing else', () => {
    expect(advice({})).toEqual([]);
    expect(advice({ outcome: 'ADJUST_STRATEGY' })).toEqual(['restrictions']);
    expect(advice({ outcome: 'POLICE_REFERRAL' })).toEqual(['policeReference', 'reportedAt']);
    expect(advice({ outcome: 'POLICE_REFERRAL', policeReference: 'HP-1', reportedAt: '2027-04-21T10:00:00Z' })).toEqual([]);
    expect(advice({ policeReference: 'HP-1' })).toEqual(['policeReference']);
    expect(advice({ restrictions: [] })).toEqual(['restrictions']);
  });
  it('the advice is received after it was sought and not in the future', () => {
    expect(advice({ receivedAt: '2027-03-31T10:00:00Z' })).toEqual(['receivedAt']);
    expect(advice({ receivedAt: '2027-05-02T10:00:00Z' })).toEqual(['receivedAt']);
  });
});

describe('what a breach report links to', () => {
  it('lists each linked contact and incident with the path of its place in the request', () => {
    expect(linkedRecords({ contactIds: ['K1', 'K2'], incidentIds: ['I1'] })).toEqual([
      { kind: 'contact', id: 'K1', path: 'contactIds.0' },
      { kind: 'contact', id: 'K2', path: 'contactIds.1' },
      { kind: 'incident', id: 'I1', path: 'incidentIds.0' },
    ]);
    expect(linkedRecords({})).toEqual([]);
  });

  it("refuses a record that does not exist, or that is not about the strategy's person (an unmatched contact is about nobody)", () => {
    const linked = linkedRecords({ contactIds: ['mine', 'missing', 'theirs', 'unmatched'], incidentIds: ['I1'] });
    const owners: Record<string, string | undefined | null> = { mine: 'P1', missing: null, theirs: 'P2', unmatched: undefined, I1: 'P1' };
    expect(linkErrors(linked, (r) => owners[r.id] as string | undefined | null, 'P1')).toEqual([
      { path: 'contactIds.1', message: 'there is no such contact' },
      { path: 'contactIds.2', message: 'this contact is not about the person this strategy covers' },
      { path: 'contactIds.3', message: 'this contact is not about the person this strategy covers' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  appealBy,
  appealIdOfLetterRequest,
  appealLetterRequestId,
  appealOutcomeShapeErrors,
  appealReceivedEmail,
  decidedLate,
  decisionDueBy,
  involvedIn,
  isOverdue,
  mayDecideAppeal,
  receiptErrors,
  receivedLate,
  toldAt,
} from '../../lib/domain/appeals.js';
import { renderLetter, type LetterInput } from '../../lib/domain/letter.js';

const by = (sub: string) => ({ sub, name: sub });
const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

describe('the time limit for an appeal: APPEAL_DAYS after the implementation letter, in UK calendar dates', () => {
  it('runs to the 28th UK day after the letter across the spring clock change: 17 April is on time, 18 April (UK) is late', () => {
    // Sent on 20 March 2026 (GMT); the clocks go forward on 29 March.
    const letterAt = '2026-03-20T10:00:00.000Z';
    expect(appealBy(letterAt, 28)).toBe('2026-04-17');
    // 22:30Z on 17 April is 23:30 BST, still 17 April in the UK.
    expect(receivedLate('2026-04-17T22:30:00.000Z', letterAt, 28)).toBe(false);
    // 23:30Z on 17 April is 00:30 BST on 18 April: one day too late, though it is still the 17th in UTC.
    expect(receivedLate('2026-04-17T23:30:00.000Z', letterAt, 28)).toBe(true);
  });

  it('counts the letter by its UK date: sent at 23:30Z on a summer evening it is dated the next day', () => {
    // 23:30Z on 24 October 2026 is 00:30 BST on 25 October, the day the clocks go back.
    const letterAt = '2026-10-24T23:30:00.000Z';
    expect(appealBy(letterAt, 28)).toBe('2026-11-22');
    expect(receivedLate('2026-11-22T23:59:00.000Z', letterAt, 28)).toBe(false);
    expect(receivedLate('2026-11-23T00:00:00.000Z', letterAt, 28)).toBe(true);
  });

  it('needs a reason for a late appeal (lateReason), and none for one on time', () => {
    const facts = { letterAt: '2026-03-20T10:00:00.000Z', appealDays: 28, now: new Date('2026-05-01T12:00:00.000Z') };
    expect(receiptErrors({ receivedAt: '2026-04-17T22:30:00.000Z' }, facts)).toEqual([]);
    const late = receiptErrors({ receivedAt: '2026-04-17T23:30:00.000Z' }, facts);
    expect(paths(late)).toEqual(['lateReason']);
    expect(late[0]!.message).toContain('2026-04-17');
    expect(receiptErrors({ receivedAt: '2026-04-17T23:30:00.000Z', lateReason: '   ' }, facts).map((e) => e.path)).toEqual(['lateReason']);
    expect(receiptErrors({ receivedAt: '2026-04-17T23:30:00.000Z', lateReason: 'In hospital until 16 April.' }, facts)).toEqual([]);
  });

  it('refuses an appeal received in the future or before the person was told, naming receivedAt; every broken rule at once', () => {
    const facts = { letterAt: '2026-03-20T10:00:00.000Z', appealDays: 28, now: new Date('2026-05-01T12:00:00.000Z') };
    expect(paths(receiptErrors({ receivedAt: '2026-05-02T12:00:00.000Z', lateReason: 'x' }, facts))).toEqual(['receivedAt']);
    expect(paths(receiptErrors({ receivedAt: '2026-03-19T12:00:00.000Z' }, facts))).toEqual(['receivedAt']);
    // Earlier on the letter's own day is fine.
    expect(receiptErrors({ receivedAt: '2026-03-20T08:00:00.000Z' }, facts)).toEqual([]);
    expect(paths(receiptErrors({ receivedAt: '2026-05-02T12:00:00.000Z' }, facts))).toEqual(['receivedAt', 'lateReason']);
  });

  it('starts from the first implementation letter not recorded as failed; else when the person was told another way; else activation', () => {
    const letters = [
      { kind: 'IMPLEMENTED', status: 'FAILED', createdAt: '2026-03-01T09:00:00.000Z' },
      { kind: 'VARIED', status: 'SENT', createdAt: '2026-02-01T09:00:00.000Z', sentAt: '2026-02-01T09:00:00.000Z' },
      { kind: 'IMPLEMENTED', status: 'DISPATCHED', createdAt: '2026-03-02T09:00:00.000Z' },
      { kind: 'IMPLEMENTED', status: 'SENT', createdAt: '2026-03-02T08:00:00.000Z', sentAt: '2026-03-02T08:00:01.000Z' },
    ];
    expect(toldAt({ letters })).toBe('2026-03-02T08:00:01.000Z');
    expect(toldAt({ letters: [letters[0]!], notified: { at: '2026-03-05T10:00:00.000Z' }, activatedAt: '2026-03-06T10:00:00.000Z' })).toBe('2026-03-05T10:00:00.000Z');
    expect(toldAt({ letters: [], activatedAt: '2026-03-06T10:00:00.000Z' })).toBe('2026-03-06T10:00:00.000Z');
    expect(toldAt({ letters: [] })).toBeUndefined();
  });
});

describe('who may decide an appeal: someone who took no part in the decision', () => {
  const strategy = {
    proposedBy: by('cw-1'),
    decidedBy: by('som-1'),
    history: [
      { event: 'DRAFTED', actor: by('cw-1') },
      { event: 'UPDATED', actor: by('cw-2') },
      { event: 'SUBMITTED', actor: by('cw-3') },
      { event: 'APPROVED', actor: by('som-1') },
      { event: 'ACTIVATED', actor: by('system') },
      { event: 'VARIED', actor: by('som-2') },
      { event: 'APPEAL_RECEIVED', actor: by('hoa-2') },
    ],
  };

  it('not who proposed, edited or submitted the strategy', () => {
    for (const sub of ['cw-1', 'cw-2', 'cw-3']) expect(mayDecideAppeal(strategy, by(sub)), sub).toBe(false);
  });

  it('not who decided it: approved it, or reviewed or adjusted it since', () => {
    expect(mayDecideAppeal(strategy, by('som-1'))).toBe(false);
    expect(mayDecideAppeal(strategy, by('som-2'))).toBe(false);
    expect(mayDecideAppeal({ proposedBy: by('cw-1'), decidedBy: by('som-9') }, by('som-9'))).toBe(false);
  });

  it('anyone else, including whoever recorded the appeal', () => {
    expect(mayDecideAppeal(strategy, by('hoa-1'))).toBe(true);
    expect(mayDecideAppeal(strategy, by('hoa-2'))).toBe(true);
    expect(involvedIn(strategy).sort()).toEqual(['cw-1', 'cw-2', 'cw-3', 'som-1', 'som-2']);
  });
});

describe('what each outcome needs', () => {
  it('UPHELD keeps the strategy as it is: no restrictions, no review date', () => {
    expect(appealOutcomeShapeErrors({ outcome: 'UPHELD' })).toEqual([]);
    expect(paths(appealOutcomeShapeErrors({ outcome: 'UPHELD', restrictions: [], nextReviewDate: '2027-01-01' }))).toEqual(['restrictions', 'nextReviewDate']);
  });

  it('VARIED needs restrictions and a next review date, as a review VARY does', () => {
    expect(paths(appealOutcomeShapeErrors({ outcome: 'VARIED' }))).toEqual(['nextReviewDate', 'restrictions']);
    expect(appealOutcomeShapeErrors({ outcome: 'VARIED', restrictions: [{}], nextReviewDate: '2027-01-01' })).toEqual([]);
  });

  it('ENDED lifts everything and sets no date, as a review END does', () => {
    expect(appealOutcomeShapeErrors({ outcome: 'ENDED' })).toEqual([]);
    expect(paths(appealOutcomeShapeErrors({ outcome: 'ENDED', restrictions: [], nextReviewDate: '2027-01-01' }))).toEqual(['nextReviewDate', 'restrictions']);
  });
});

describe('an appeal undecided after APPEAL_DECISION_DAYS is overdue', () => {
  // Received at 23:30Z on 28 March 2026: still 28 March in the UK (GMT until 01:00Z on the 29th).
  const receivedAt = '2026-03-28T23:30:00.000Z';

  it('is due by the 20th UK day after it was received, across the clock change', () => {
    expect(decisionDueBy(receivedAt, 20)).toBe('2026-04-17');
    // 23:30Z on 29 March is 00:30 BST on the 30th: its own day is the 30th.
    expect(decisionDueBy('2026-03-29T23:30:00.000Z', 20)).toBe('2026-04-19');
  });

  it('is overdue from the day after, only while undecided', () => {
    expect(isOverdue({ status: 'RECEIVED', receivedAt }, '2026-04-17', 20)).toBe(false);
    expect(isOverdue({ status: 'RECEIVED', receivedAt }, '2026-04-18', 20)).toBe(true);
    expect(isOverdue({ status: 'DECIDED', receivedAt }, '2026-05-18', 20)).toBe(false);
  });

  it('a decision after the last UK day is late', () => {
    expect(decidedLate(receivedAt, '2026-04-17T22:59:00.000Z', 20)).toBe(false);
    // 23:00Z on 17 April is midnight BST: 18 April.
    expect(decidedLate(receivedAt, '2026-04-17T23:00:00.000Z', 20)).toBe(true);
  });
});

describe('the email to the managers and the letters', () => {
  it('names the service user and the cases, the grounds, the lateness and where to decide, in words', () => {
    const email = appealReceivedEmail(
      { receivedAt: '2026-04-18T09:00:00.000Z', grounds: 'I was never warned.', lateReason: 'In hospital.', late: true, decisionDueBy: '2026-05-08', recordedBy: { name: 'Casey Worker' } },
      'Alex Example',
      ['OPCC-2026-000001'],
    );
    expect(email.subject).toBe('Appeal received: contact strategy for Alex Example');
    for (const words of ['Alex Example', 'OPCC-2026-000001', 'Received: 18 Apr 2026, 10:00am', 'I was never warned.', 'In hospital.', 'Friday 8 May 2026', 'in the console (Manager inbox, Appeals awaiting decision)', 'Casey Worker']) expect(email.text).toContain(words);
  });

  it('an outcome letter is requested once per appeal', () => {
    expect(appealLetterRequestId('AP1')).toBe('appeal-AP1');
    expect(appealIdOfLetterRequest('appeal-AP1')).toBe('AP1');
    expect(appealIdOfLetterRequest('review-v3')).toBeUndefined();
  });

  const input: LetterInput = {
    kind: 'IMPLEMENTED',
    strategy: { id: 'ST1', reason: 'Many calls a day.', reviewDate: '2027-06-01', caseIds: ['c1'], restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] },
    person: { name: 'Alex Example' },
    cases: [{ id: 'c1', reference: 'OPCC-2026-000001', subject: 'A complaint', status: 'OPEN' }],
    issuedOn: '2026-03-20',
    policyTitle: 'Our policy',
    office: { name: 'The Office', postalAddress: [] },
  };

  it('the implementation letter says how to appeal and by when: APPEAL_DAYS after its date', () => {
    const { text, html } = renderLetter({ ...input, appealDays: 28 });
    expect(text).toContain('If you disagree with our decision');
    expect(text).toContain('by Friday 17 April 2026 (28 days from the date of this letter)');
    expect(text).toContain('Someone who took no part in the decision will look at it');
    expect(text).toContain('please tell us why you could not write sooner');
    expect(html).toContain('<h2>If you disagree with our decision</h2>');
    // Other letters do not repeat it.
    expect(renderLetter({ ...input, kind: 'EXTENDED', appealDays: 28 }).text).not.toContain('If you disagree with our decision');
  });

  it('the APPEAL_OUTCOME letter gives the outcome and the reasons, escaped in HTML', () => {
    const upheld = renderLetter({ ...input, kind: 'APPEAL_OUTCOME', appeal: { outcome: 'UPHELD', reasons: 'The calls <continued> daily.\n\nThe limit is proportionate.', receivedOn: '2026-04-10' } });
    expect(upheld.subject).toBe('The outcome of your appeal');
    expect(upheld.text).toContain('which we received on Friday 10 April 2026');
    expect(upheld.text).toContain('We have decided to keep our decision');
    expect(upheld.text).toContain('Why we decided this\n\nThe calls <continued> daily.\n\nThe limit is proportionate.');
    expect(upheld.text).toContain('You can telephone us up to twice each week');
    expect(upheld.html).toContain('The calls &lt;continued&gt; daily.');

    const varied = renderLetter({ ...input, kind: 'APPEAL_OUTCOME', nextReviewDate: '2026-12-01', appeal: { outcome: 'VARIED', reasons: 'Fewer calls now.', receivedOn: '2026-04-10' } });
    expect(varied.text).toContain('We have decided to change your contact arrangements');
    expect(varied.text).toContain('What this means for you from now on');
    expect(varied.text).toContain('We will review these arrangements by Tuesday 1 December 2026');

    const ended = renderLetter({ ...input, kind: 'APPEAL_OUTCOME', appeal: { outcome: 'ENDED', reasons: 'Not proportionate.', receivedOn: '2026-04-10' } });
    expect(ended.text).toContain('We have decided to end your contact strategy');
    expect(ended.text).not.toContain('You can telephone us up to twice');
    expect(ended.text).toContain('Not proportionate.');
  });
});

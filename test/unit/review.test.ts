import { describe, expect, it } from 'vitest';
import { EMAIL_ACTION_APPLIES_WHILE, planReview, reviewEmailRecipients, reviewOutcomeShapeErrors, sweepHorizon, type ReviewAction } from '../../lib/domain/review.js';
import { addDays } from '../../lib/domain/calendar.js';

const settings = { reminderDays: 14, escalationDays: 7 };
const reviewDate = '2027-03-15';
const plan = (today: string, status: 'ACTIVE' | 'REVIEW_DUE' | 'ENDED' | 'DRAFT' = 'ACTIVE', done: ReviewAction[] = []) =>
  planReview({ status: status as never, reviewDate, done }, today, settings);

/** Walks the calendar as the daily sweep would, applying each plan, and returns what happened on which day. */
function walk(from: string, to: string, skip: (day: string) => boolean = () => false) {
  let status: 'ACTIVE' | 'REVIEW_DUE' = 'ACTIVE';
  const done: ReviewAction[] = [];
  const log: { day: string; actions: ReviewAction[] }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (skip(day)) continue;
    const actions = planReview({ status, reviewDate, done }, day, settings);
    for (const a of actions) {
      if (a === 'MARK_DUE') status = 'REVIEW_DUE';
      else done.push(a);
    }
    if (actions.length) log.push({ day, actions });
  }
  return log;
}

describe('the review sweep planner', () => {
  it('does nothing while the review date is more than REVIEW_REMINDER_DAYS away', () => {
    expect(plan('2027-02-28')).toEqual([]);
  });

  it('reminds the proposer and the SOM once the review date is REVIEW_REMINDER_DAYS away or less', () => {
    expect(plan('2027-03-01')).toEqual(['REMIND']);
    expect(plan('2027-03-10')).toEqual(['REMIND']);
  });

  it('reminds once per review date: a reminder already sent is not sent again', () => {
    expect(plan('2027-03-02', 'ACTIVE', ['REMIND'])).toEqual([]);
  });

  it('marks the strategy REVIEW_DUE on the review date, and not before', () => {
    expect(plan('2027-03-14', 'ACTIVE', ['REMIND'])).toEqual([]);
    expect(plan('2027-03-15', 'ACTIVE', ['REMIND'])).toEqual(['MARK_DUE']);
    expect(plan('2027-03-16', 'REVIEW_DUE', ['REMIND'])).toEqual([]);
  });

  it('escalates to the SOM a review still undecided REVIEW_ESCALATION_DAYS after the date, once', () => {
    expect(plan('2027-03-21', 'REVIEW_DUE', ['REMIND'])).toEqual([]);
    expect(plan('2027-03-22', 'REVIEW_DUE', ['REMIND'])).toEqual(['ESCALATE']);
    expect(plan('2027-03-23', 'REVIEW_DUE', ['REMIND', 'ESCALATE'])).toEqual([]);
    expect(plan('2027-06-01', 'REVIEW_DUE', ['REMIND', 'ESCALATE'])).toEqual([]);
  });

  it('over a strategy\'s life, day by day: one reminder, due on the date, one escalation', () => {
    expect(walk('2027-01-01', '2027-05-01')).toEqual([
      { day: '2027-03-01', actions: ['REMIND'] },
      { day: '2027-03-15', actions: ['MARK_DUE'] },
      { day: '2027-03-22', actions: ['ESCALATE'] },
    ]);
  });

  it('catches up after a missed day: the review date falling on a day with no sweep is marked due the next day', () => {
    expect(walk('2027-01-01', '2027-05-01', (d) => d === '2027-03-01' || d === '2027-03-15')).toEqual([
      { day: '2027-03-02', actions: ['REMIND'] },
      { day: '2027-03-16', actions: ['MARK_DUE'] },
      { day: '2027-03-22', actions: ['ESCALATE'] },
    ]);
  });

  it('catches up everything due, in order, after weeks without a sweep', () => {
    expect(plan('2027-04-01')).toEqual(['REMIND', 'MARK_DUE', 'ESCALATE']);
    expect(walk('2027-01-01', '2027-05-01', (d) => d >= '2027-02-20' && d < '2027-03-17')).toEqual([
      { day: '2027-03-17', actions: ['REMIND', 'MARK_DUE'] },
      { day: '2027-03-22', actions: ['ESCALATE'] },
    ]);
  });

  it('starts afresh for a new review date (an extension is reminded and escalated again)', () => {
    // `done` is kept per review date: the store passes only the actions claimed for the current one.
    expect(planReview({ status: 'ACTIVE', reviewDate: '2027-09-15', done: [] }, '2027-09-01', settings)).toEqual(['REMIND']);
  });

  it('leaves strategies that are not in force alone', () => {
    expect(plan('2027-04-01', 'ENDED')).toEqual([]);
    expect(plan('2027-04-01', 'DRAFT')).toEqual([]);
  });

  it('honours other settings (a reminder 3 days ahead, escalation the day after)', () => {
    const s = { reminderDays: 3, escalationDays: 1 };
    expect(planReview({ status: 'ACTIVE', reviewDate, done: [] }, '2027-03-11', s)).toEqual([]);
    expect(planReview({ status: 'ACTIVE', reviewDate, done: [] }, '2027-03-12', s)).toEqual(['REMIND']);
    expect(planReview({ status: 'REVIEW_DUE', reviewDate, done: ['REMIND'] }, '2027-03-16', s)).toEqual(['ESCALATE']);
  });

  it('looks REVIEW_REMINDER_DAYS ahead for candidates', () => {
    expect(sweepHorizon('2027-02-20', settings)).toBe('2027-03-06');
  });
});

describe('review outcomes', () => {
  it('EXTEND needs nextReviewDate and keeps the restrictions as they are', () => {
    expect(reviewOutcomeShapeErrors({ outcome: 'EXTEND' }).map((e) => e.path)).toEqual(['nextReviewDate']);
    expect(reviewOutcomeShapeErrors({ outcome: 'EXTEND', nextReviewDate: '2027-09-01' })).toEqual([]);
    expect(reviewOutcomeShapeErrors({ outcome: 'EXTEND', nextReviewDate: '2027-09-01', restrictions: [] }).map((e) => e.path)).toEqual(['restrictions']);
  });

  it('VARY needs restrictions and nextReviewDate, naming each missing field', () => {
    expect(reviewOutcomeShapeErrors({ outcome: 'VARY' }).map((e) => e.path)).toEqual(['nextReviewDate', 'restrictions']);
    expect(reviewOutcomeShapeErrors({ outcome: 'VARY', nextReviewDate: '2027-09-01', restrictions: [{ type: 'NO_TELEPHONE' }] })).toEqual([]);
  });

  it('END lifts the restrictions and sets no review date', () => {
    expect(reviewOutcomeShapeErrors({ outcome: 'END' })).toEqual([]);
    expect(reviewOutcomeShapeErrors({ outcome: 'END', nextReviewDate: '2027-09-01' }).map((e) => e.path)).toEqual(['nextReviewDate']);
  });
});

describe('who gets a review email', () => {
  const som = 'som@opcc.example';

  it('a reminder goes to the proposer and the SOM, named so for the timeline', () => {
    expect(reviewEmailRecipients('REMIND', som, 'casey@opcc.example')).toEqual({ to: ['casey@opcc.example', som], named: ['the proposer', 'the Statutory Operations Manager'] });
  });

  it('a reminder goes to the SOM alone when the proposer has no mailbox on record, and once when the proposer is the SOM', () => {
    expect(reviewEmailRecipients('REMIND', som, undefined)).toEqual({ to: [som], named: ['the Statutory Operations Manager'] });
    expect(reviewEmailRecipients('REMIND', som, som).to).toEqual([som]);
  });

  it('an escalation goes to the SOM alone', () => {
    expect(reviewEmailRecipients('ESCALATE', som, 'casey@opcc.example')).toEqual({ to: [som], named: ['the Statutory Operations Manager'] });
  });

  it('a reminder still applies while the strategy is in force; an escalation only once it is REVIEW_DUE', () => {
    expect(EMAIL_ACTION_APPLIES_WHILE.REMIND).toEqual(['ACTIVE', 'REVIEW_DUE']);
    expect(EMAIL_ACTION_APPLIES_WHILE.ESCALATE).toEqual(['REVIEW_DUE']);
  });
});

/**
 * The governance figures (docs/governance.md): per UK month, what was put in
 * force, what was in force at the month's end, reviews, warnings, appeals,
 * incidents, police referrals, contacts logged without a reply and strategies not
 * notified. Counted from tallies added in each event's own transaction
 * (lib/store/figures.ts), so reading them costs one item set per month, never the
 * people on record. Pure: no store, no clock.
 *
 * What each event adds, and to which month, is decided here too (`*Tally`), so the
 * use cases that write the counters and the rule that reads them share one wording.
 */
import { RESTRICTION_TYPES } from '../schemas/vocabulary.js';
import { BEHAVIOURS } from './behaviours.js';
import { ukDateOf } from './calendar.js';
import type { FieldError } from './field-error.js';

/** A month's counters as the store sums them: counter name (`figure` or `figure:breakdown`) → number. */
export type Tally = Record<string, number>;

/** The longest range of months one request may ask for. */
export const MAX_FIGURES_MONTHS = 36;

/** The default range: this many months, ending with the current one. */
export const DEFAULT_FIGURES_MONTHS = 12;

const APPEAL_OUTCOMES = ['UPHELD', 'VARIED', 'ENDED'] as const;

/** One UK month of the governance figures (docs/governance.md). */
export interface GovernanceMonth {
  month: string;
  /** Strategies that came into force in the month, by restriction type (a strategy counts once under each type it uses). */
  strategiesPutInForce: Record<string, number>;
  /** Strategies in force (ACTIVE or REVIEW_DUE) at the end of the month. */
  inForceAtMonthEnd: number;
  /** Reviews decided in the month (breach adjustments are not reviews). */
  reviewsDecided: number;
  /** Of those, decided on or before the review date. */
  reviewsOnTime: number;
  warningsSent: number;
  strategiesAfterWarning: number;
  appealsReceived: number;
  appealOutcomes: { UPHELD: number; VARIED: number; ENDED: number };
  /** Appeals received in the month that were (or are still not) decided within APPEAL_DECISION_DAYS. */
  appealsOverdue: number;
  /** Incidents that happened in the month, by behaviour code. */
  incidentsByBehaviour: Record<string, number>;
  policeReferrals: number;
  /** Contacts logged without a reply in the month, and how many of them were checked within UNANSWERED_CHECK_DAYS. */
  unansweredLogged: number;
  unansweredCheckedInTime: number;
  /** Strategies approved in the month but not in force: no letter reached the person. */
  notNotified: number;
  /** Contacts about something outside the office's remit (policy 1.1), signposted elsewhere. */
  outsideRemit: number;
  /** People whose records were disposed of in the month (retention: docs/records.md). */
  disposals: number;
  /** Posted letters recorded in the month as having come back undelivered. */
  lettersReturned: number;
  /** Letters (of any kind, by any route) that failed in the month: never sent, or refused by the print provider. */
  lettersFailed: number;
}

/** `GET /governance/figures`: the figures a commissioner asks for (shared with the staff console). */
export interface GovernanceFigures {
  months: GovernanceMonth[];
}

// --- months --------------------------------------------------------------------------

/** A calendar month written YYYY-MM. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The months figures may be asked for: nothing was recorded before 2000, and a month
 * past 2099 is a mistake (it would also run past what the month arithmetic can write
 * as YYYY-MM).
 */
export const FIRST_MONTH = '2000-01';
export const LAST_MONTH = '2099-12';
export const MONTH_MESSAGE = `must be a month written YYYY-MM, from ${FIRST_MONTH} to ${LAST_MONTH}`;

/** Is `s` a calendar month written YYYY-MM, from FIRST_MONTH to LAST_MONTH? */
export const isMonth = (s: string) => MONTH_PATTERN.test(s) && s >= FIRST_MONTH && s <= LAST_MONTH;

/** The month `n` months after (before, when negative) `month` (YYYY-MM). */
export function addToMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** Every month from `from` to `to` (YYYY-MM, inclusive), oldest first; none when `from` is after `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addToMonth(m, 1)) out.push(m);
  return out;
}

/**
 * The range a request asks for, its gaps filled: `to` defaults to the current UK
 * month, `from` to the DEFAULT_FIGURES_MONTHS months ending with `to`. Refused
 * (naming the parameter: `to` for a range too long, or `from` when `to` was not given) when a month is not YYYY-MM, `from` is after `to`, or the
 * range is longer than `maxMonths`.
 */
export function figuresRange(query: { from?: string; to?: string }, currentMonth: string, maxMonths = MAX_FIGURES_MONTHS): { from: string; to: string } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const name of ['from', 'to'] as const) {
    const v = query[name];
    if (v !== undefined && !isMonth(v)) errors.push({ path: `query.${name}`, message: MONTH_MESSAGE });
  }
  if (errors.length > 0) return { errors };
  const to = query.to ?? currentMonth;
  const from = query.from ?? addToMonth(to, -(DEFAULT_FIGURES_MONTHS - 1));
  if (from > to) return { errors: [{ path: 'query.from', message: `must not be after to (${to})` }] };
  const length = monthsBetween(from, to).length;
  if (length > maxMonths) {
    return { errors: [{ path: query.to === undefined ? 'query.from' : 'query.to', message: `the range from ${from} to ${to} is ${length} months; at most ${maxMonths} may be asked for at once` }] };
  }
  return { from, to };
}

// --- what each event counts ----------------------------------------------------------

/**
 * A strategy comes into force (APPROVED → ACTIVE once the person is told, or
 * NOT_NOTIFIED → ACTIVE once staff record how they were told): one for each
 * restriction type it carries (a type used twice, for two cases, counts once),
 * and one more in force.
 */
export function putInForceTally(restrictionTypes: readonly string[]): Tally {
  const tally: Tally = { inForceChange: 1 };
  for (const type of new Set(restrictionTypes)) tally[`strategiesPutInForce:${type}`] = 1;
  return tally;
}

/**
 * A review decided (EXTEND, VARY or END by the Statutory Operations Manager). On
 * time when decided on or before the review date (UK date of the decision). An END
 * takes the strategy out of force. An EXTEND or a VARY keeps it in force and is not
 * counted as putting it in force: the strategy was already counted when it came
 * into force. A breach decision that adjusts a strategy is not a review: it counts nothing here.
 */
export function reviewTally(review: { outcome: 'EXTEND' | 'VARY' | 'END'; decidedAt: string; reviewDate: string; breachAdjustment: boolean; appeal?: boolean }): Tally {
  if (review.breachAdjustment) return {};
  // An appeal that varies or ends a strategy is counted as an appeal outcome, not a review; ending it still takes it out of force.
  if (review.appeal) return { inForceChange: review.outcome === 'END' ? -1 : 0 };
  return {
    reviewsDecided: 1,
    reviewsOnTime: ukDateOf(new Date(review.decidedAt)) <= review.reviewDate ? 1 : 0,
    inForceChange: review.outcome === 'END' ? -1 : 0,
  };
}

/** An incident recorded: one for each behaviour named, in the month it happened (UK). */
export function incidentTally(behaviours: readonly string[]): Tally {
  return Object.fromEntries([...new Set(behaviours)].map((code) => [`incidentsByBehaviour:${code}`, 1]));
}

/** A referral to the police: an incident by the Head of Assurance, or a breach decision naming POLICE_REFERRAL. */
export const POLICE_REFERRAL_TALLY: Tally = { policeReferrals: 1 };

/** A strategy approved but not in force because no letter reached the person. */
export const NOT_NOTIFIED_TALLY: Tally = { notNotified: 1 };

/** One person's records disposed of at the end of their retention. */
export const DISPOSAL_TALLY: Tally = { disposals: 1 };
/** A posted letter came back undelivered (counted in the month it was recorded). */
export const LETTER_RETURNED_TALLY: Tally = { lettersReturned: 1 };

/** A letter failed: its delivery failed every retry, or the print provider refused it (counted in the month it failed). */
export const LETTER_FAILED_TALLY: Tally = { lettersFailed: 1 };

// --- the figures ---------------------------------------------------------------------

/** What the figures are counted from. */
export interface FiguresInput {
  /** The first and last month asked for (YYYY-MM, UK time). */
  from: string;
  to: string;
  /**
   * The tallies of every month up to `to` that has any (from the first month ever):
   * the months before `from` are read only for the running number in force.
   */
  tallies: ReadonlyMap<string, Tally>;
  /** Appeals received in each month, still undecided now and past APPEAL_DECISION_DAYS (none until appeals are recorded). */
  undecidedOverdueAppeals?: Readonly<Record<string, number>>;
}

/** The counters of a breakdown (`name:key`), every `keys` present, zero when nothing happened. */
function breakdown(t: Tally, name: string, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  const prefix = `${name}:`;
  for (const [k, v] of Object.entries(t)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = (out[k.slice(prefix.length)] ?? 0) + v;
  return out;
}

/**
 * The UK months from `from` to `to`, each present (zero-filled when
 * nothing happened in it). In force at a month's end is the running sum of
 * `inForceChange` over every month up to and including it. Appeals overdue are
 * those decided late (counted in the month received) and those received that
 * month that are still undecided past the limit.
 */
export function governanceFigures(input: FiguresInput): GovernanceFigures {
  let inForce = 0;
  for (const [month, t] of input.tallies) if (month < input.from) inForce += t.inForceChange ?? 0;
  const behaviourCodes = BEHAVIOURS.map((b) => b.code);
  const months = monthsBetween(input.from, input.to).map((month): GovernanceMonth => {
    const t = input.tallies.get(month) ?? {};
    const n = (name: string) => t[name] ?? 0;
    inForce += n('inForceChange');
    const outcomes = breakdown(t, 'appealOutcomes', APPEAL_OUTCOMES);
    return {
      month,
      strategiesPutInForce: breakdown(t, 'strategiesPutInForce', RESTRICTION_TYPES),
      inForceAtMonthEnd: inForce,
      reviewsDecided: n('reviewsDecided'),
      reviewsOnTime: n('reviewsOnTime'),
      warningsSent: n('warningsSent'),
      strategiesAfterWarning: n('strategiesAfterWarning'),
      appealsReceived: n('appealsReceived'),
      appealOutcomes: { UPHELD: outcomes.UPHELD ?? 0, VARIED: outcomes.VARIED ?? 0, ENDED: outcomes.ENDED ?? 0 },
      appealsOverdue: n('appealsDecidedLate') + (input.undecidedOverdueAppeals?.[month] ?? 0),
      incidentsByBehaviour: breakdown(t, 'incidentsByBehaviour', behaviourCodes),
      policeReferrals: n('policeReferrals'),
      unansweredLogged: n('unansweredLogged'),
      unansweredCheckedInTime: n('unansweredCheckedInTime'),
      notNotified: n('notNotified'),
      outsideRemit: n('outsideRemit'),
      disposals: n('disposals'),
      lettersReturned: n('lettersReturned'),
      lettersFailed: n('lettersFailed'),
    };
  });
  return { months };
}

/**
 * The rules a contact strategy must keep (policy 1.4 and 1.5;
 * docs/lifecycle.md, The rules), and which status allows which action. Pure functions over
 * plain data: no AWS, no clock (the caller passes `today`). Each rule returns the
 * fields it finds wrong, so that every broken rule is reported in one 422.
 */
import * as z from 'zod';
import { addMonths } from './calendar.js';
import type { FieldError } from './field-error.js';
import type { Restriction, StrategyInForce, StrategyStatus } from '../schemas/restrictions.js';
import { FACTOR_NAMES, type Factors } from '../schemas/strategies.js';
import { isValidPhone, normaliseEmail, normalisePhone } from './contact-points.js';
import { RESTRICTION_SPEC_LIST, specOf } from './restrictions/index.js';
import type { SpocCover } from './spoc.js';

/** What the rules need to know of the person. */
export interface PersonFacts {
  emails: string[];
  phones: string[];
  postalAddress?: { lines: string[]; postcode: string } | undefined;
  /** Reasonable adjustments (Equality Act 2010): the channels the person needs. */
  adjustments?: { channels?: readonly string[] | undefined } | undefined;
}

/** What the rules need to know of a case. */
export interface CaseFacts {
  id: string;
  serviceUserId: string;
  reference: string;
  status: 'OPEN' | 'CONCLUDED';
}

export type RestrictionOf<T extends Restriction['type']> = Extract<Restriction, { type: T }>;

function ofType<T extends Restriction['type']>(restrictions: readonly Restriction[], type: T): { r: RestrictionOf<T>; index: number }[] {
  return restrictions.flatMap((r, index) => (r.type === type ? [{ r: r as RestrictionOf<T>, index }] : []));
}

// --- restrictions on their own ------------------------------------------------

/** A strategy restricts something: at least one restriction. */
export function atLeastOneRestriction(restrictions: readonly Restriction[]): FieldError[] {
  return restrictions.length === 0 ? [{ path: 'restrictions', message: 'must contain at least one restriction' }] : [];
}

/** No two restrictions of the same type (each type says all there is to say about its subject). */
export function noTwoOfTheSameType(restrictions: readonly Restriction[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  restrictions.forEach((r, i) => {
    if (seen.has(r.type)) errors.push({ path: `restrictions.${i}.type`, message: `${r.type} is already set: give each type of restriction once` });
    seen.add(r.type);
  });
  return errors;
}

/**
 * Types that cannot stand together, as each type's spec names them: a telephone
 * limit contradicts a ban on telephoning (NO_TELEPHONE) and a restriction to written
 * contact only (WRITTEN_ONLY), both of which forbid the calls it would allow.
 */
export function noContradictoryRestrictions(restrictions: readonly Restriction[]): FieldError[] {
  const present = new Set<string>(restrictions.map((r) => r.type));
  const errors: FieldError[] = [];
  for (const spec of RESTRICTION_SPEC_LIST) {
    const own = ofType(restrictions, spec.type);
    if (own.length === 0) continue;
    for (const other of spec.contradicts.types) {
      if (!present.has(other)) continue;
      for (const { index } of own) errors.push({ path: `restrictions.${index}`, message: `${spec.type} contradicts ${other}: ${spec.contradicts.why}` });
    }
  }
  return errors;
}

/**
 * A case is either logged without reply (LOG_ONLY) or refused (REFUSE_SAME_MATTER),
 * not both: the two tell staff to do different things with the same letter.
 */
export function noCaseBothLoggedAndRefused(restrictions: readonly Restriction[]): FieldError[] {
  const logged = new Set(ofType(restrictions, 'LOG_ONLY').flatMap(({ r }) => r.caseIds));
  const errors: FieldError[] = [];
  for (const { r, index } of ofType(restrictions, 'REFUSE_SAME_MATTER')) {
    r.caseIds.forEach((id, j) => {
      if (logged.has(id)) errors.push({ path: `restrictions.${index}.caseIds.${j}`, message: `this case is already under LOG_ONLY: a case is either logged only or refused, not both` });
    });
  }
  return errors;
}

/**
 * BLOCK_ADDRESSES: each address is an email address or a phone number, stored
 * normalised (emails lower-cased, phones in +44 form) so that screening matches
 * however it is written. Returns the restrictions with addresses normalised and
 * de-duplicated, and an error for each address that is neither.
 */
export function normaliseBlockedAddresses(restrictions: readonly Restriction[]): { restrictions: Restriction[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out = restrictions.map((r, i) => {
    if (r.type !== 'BLOCK_ADDRESSES') return r;
    const addresses = r.addresses.map((raw, j) => {
      const value = normaliseAddress(raw);
      if (!value) errors.push({ path: `restrictions.${i}.addresses.${j}`, message: 'must be an email address or a phone number' });
      return value ?? raw;
    });
    return { ...r, addresses: [...new Set(addresses)] };
  });
  return { restrictions: out, errors };
}

const emailShape = z.email();

/** An email address or phone number in its normalised form, or undefined if it is neither. */
export function normaliseAddress(raw: string): string | undefined {
  if (raw.includes('@')) {
    const email = normaliseEmail(raw);
    return emailShape.safeParse(email).success ? email : undefined;
  }
  const phone = normalisePhone(raw);
  return isValidPhone(phone) ? phone : undefined;
}

// --- restrictions against the cases -------------------------------------------

/** The strategy's cases are the person's own (an unknown id or another person's case is refused). */
export function casesAreThePersonsOwn(caseIds: readonly string[], serviceUserId: string, cases: ReadonlyMap<string, CaseFacts>): FieldError[] {
  const errors: FieldError[] = [];
  caseIds.forEach((id, i) => {
    const c = cases.get(id);
    if (!c) errors.push({ path: `caseIds.${i}`, message: 'there is no such case' });
    else if (c.serviceUserId !== serviceUserId) errors.push({ path: `caseIds.${i}`, message: `case ${c.reference} is not a case of this service user` });
  });
  return errors;
}

/**
 * LOG_ONLY and REFUSE_SAME_MATTER are about matters that are over: they name only
 * cases of the strategy that are CONCLUDED (policy 1.5: a case that remains
 * ongoing needs continuing contact).
 */
export function logOnlyAndRefuseNameOnlyConcludedCases(restrictions: readonly Restriction[], caseIds: readonly string[], cases: ReadonlyMap<string, CaseFacts>): FieldError[] {
  const inStrategy = new Set(caseIds);
  const errors: FieldError[] = [];
  for (const type of ['LOG_ONLY', 'REFUSE_SAME_MATTER'] as const) {
    for (const { r, index } of ofType(restrictions, type)) {
      r.caseIds.forEach((id, j) => {
        const path = `restrictions.${index}.caseIds.${j}`;
        const c = cases.get(id);
        if (!inStrategy.has(id)) errors.push({ path, message: `${c ? `case ${c.reference}` : 'this case'} is not one of the strategy's cases` });
        else if (c && c.status !== 'CONCLUDED') errors.push({ path, message: `case ${c.reference} is still ${c.status}: ${type} applies only to concluded cases` });
      });
    }
  }
  return errors;
}

// --- channels -----------------------------------------------------------------

export type ContactRoute = 'PHONE' | 'EMAIL' | 'POST';

/**
 * The routes by which the person and we can still reach each other under these
 * restrictions (a channel is closed as screening closes it, by each type's spec). A
 * route is usable only if it works both ways, since an ongoing case needs continuing
 * contact, not just a way in:
 * - EMAIL: WRITTEN_ONLY (if set) allows EMAIL, and the person has an email address not blocked;
 * - POST: WRITTEN_ONLY (if set) allows POST, and the person has a postal address;
 * - PHONE: neither NO_TELEPHONE nor WRITTEN_ONLY, and the person has a number not blocked
 *   (TELEPHONE_LIMIT, RECORD_CALLS and a SPOC restrict a route but leave it open).
 */
export function usableRoutes(restrictions: readonly Restriction[], person: PersonFacts): ContactRoute[] {
  const blocked = new Set(ofType(restrictions, 'BLOCK_ADDRESSES').flatMap(({ r }) => r.addresses.map((a) => normaliseAddress(a) ?? a)));
  // A channel a restriction's spec closes (screening's rule) is no route either way.
  const open = (channel: ContactRoute) => !restrictions.some((r) => specOf(r).screening.closes(r, channel));
  const routes: ContactRoute[] = [];
  if (open('PHONE') && person.phones.some((p) => !blocked.has(p))) routes.push('PHONE');
  if (open('EMAIL') && person.emails.some((e) => !blocked.has(e))) routes.push('EMAIL');
  if (open('POST') && person.postalAddress) routes.push('POST');
  return routes;
}

/**
 * While any case of the strategy is OPEN, at least one route stays usable for it
 * (policy 1.5: where a case remains ongoing, there needs to be continuing contact).
 */
export function openCasesKeepAChannel(restrictions: readonly Restriction[], person: PersonFacts, strategyCases: readonly CaseFacts[]): FieldError[] {
  const open = strategyCases.filter((c) => c.status === 'OPEN');
  if (open.length === 0 || usableRoutes(restrictions, person).length > 0) return [];
  const refs = open.map((c) => c.reference).join(', ');
  return [{ path: 'restrictions', message: `leave no way to stay in contact about ${refs}, which ${open.length === 1 ? 'is' : 'are'} still open: keep at least one channel (telephone, an email address or post) usable` }];
}

/** The adjustment's words, for the 422 that names it. */
const NEEDED_CHANNEL_WORDS: Readonly<Record<string, string>> = { PHONE: 'telephone', EMAIL: 'email', POST: 'post' };

/**
 * Reasonable adjustments hold (Equality Act 2010; docs/safeguards.md): a
 * strategy may not take away a channel the person needs. Where the person's
 * adjustments name PHONE, neither NO_TELEPHONE nor WRITTEN_ONLY (a TELEPHONE_LIMIT or
 * a single point of contact may be used instead); where they name EMAIL or POST, a
 * WRITTEN_ONLY keeps that channel, and BLOCK_ADDRESSES does not block every email
 * address the person has. Each broken adjustment is reported on `restrictions`, named.
 */
export function reasonableAdjustmentsHold(restrictions: readonly Restriction[], person: PersonFacts): FieldError[] {
  const needed = new Set(person.adjustments?.channels ?? []);
  if (needed.size === 0) return [];
  const errors: FieldError[] = [];
  const refuse = (channel: string, type: Restriction['type'], why: string) =>
    errors.push({
      path: 'restrictions',
      message: `the person's reasonable adjustments say they need contact by ${NEEDED_CHANNEL_WORDS[channel]} (adjustments.channels ${channel}): ${type} ${why}`,
    });
  const written = ofType(restrictions, 'WRITTEN_ONLY')[0]?.r;
  if (needed.has('PHONE')) {
    if (restrictions.some((r) => r.type === 'NO_TELEPHONE')) refuse('PHONE', 'NO_TELEPHONE', 'would take it away; use a TELEPHONE_LIMIT or a single point of contact instead');
    if (written) refuse('PHONE', 'WRITTEN_ONLY', 'would take it away; use a TELEPHONE_LIMIT or a single point of contact instead');
  }
  for (const channel of ['EMAIL', 'POST'] as const) {
    if (needed.has(channel) && written && !written.channels.includes(channel)) refuse(channel, 'WRITTEN_ONLY', `must keep ${channel}`);
  }
  if (needed.has('EMAIL') && person.emails.length > 0) {
    const blocked = new Set(ofType(restrictions, 'BLOCK_ADDRESSES').flatMap(({ r }) => r.addresses.map((a) => normaliseAddress(a) ?? a)));
    if (person.emails.every((e) => blocked.has(e))) refuse('EMAIL', 'BLOCK_ADDRESSES', 'must leave at least one of their email addresses open');
  }
  return errors;
}

/** The person must be told in writing (policy 1.3 and 1.5): they need an email address or a postal address. */
export function personCanBeToldInWriting(person: PersonFacts): FieldError[] {
  return person.emails.length === 0 && !person.postalAddress
    ? [{ path: 'serviceUserId', message: 'the service user has neither an email address nor a postal address, so cannot be told of the strategy in writing: add one first' }]
    : [];
}

// --- review date ----------------------------------------------------------------

/** The latest review date allowed when today is `today`. */
export const latestReviewDate = (today: string, maxMonths: number) => addMonths(today, maxMonths);

/** The review date is after today (UK) and at most `maxMonths` ahead (policy 1.4: will the strategy need to be reviewed, and when?). */
export function reviewDateWithinLimits(reviewDate: string, today: string, maxMonths: number, path = 'reviewDate'): FieldError[] {
  if (reviewDate <= today) return [{ path, message: `must be after today (${today})` }];
  const latest = latestReviewDate(today, maxMonths);
  if (reviewDate > latest) return [{ path, message: `must be at most ${maxMonths} months ahead (on or before ${latest})` }];
  return [];
}

// --- factors (checked on submit) -----------------------------------------------

/**
 * Policy 1.4: before restricting contact, staff consider every factor. A draft may
 * leave them open; submitting needs each answered, and if the person has not been
 * told their behaviour is unacceptable, the notes must say why.
 */
export function factorsCompleteForSubmission(factors: Factors | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of FACTOR_NAMES) {
    if (!factors?.[name]?.answer) errors.push({ path: `factors.${name}`, message: 'must be answered before the strategy is submitted' });
  }
  const informed = factors?.informedBehaviourUnacceptable;
  if (informed?.answer === 'NO' && !informed.notes?.trim()) {
    errors.push({ path: 'factors.informedBehaviourUnacceptable.notes', message: 'must say why the person has not been told that their behaviour is unacceptable' });
  }
  return errors;
}

/**
 * Policy 1.4, with the warnings safeguard: a strategy that says the person was told
 * their behaviour is unacceptable (`informedBehaviourUnacceptable: YES`) while no
 * warning letter was sent and no incident records a warning given needs notes
 * saying how they were told. Checked on submit and again on approval.
 */
export function toldHowWithoutAWarning(factors: Factors | undefined, warned: boolean): FieldError[] {
  const informed = factors?.informedBehaviourUnacceptable;
  if (warned || informed?.answer !== 'YES' || informed.notes?.trim()) return [];
  return [
    {
      path: 'factors.informedBehaviourUnacceptable.notes',
      message: 'must say how the person was told that their behaviour is unacceptable: no warning letter was sent to them and no incident records a warning given',
    },
  ];
}

/** A rejection tells the proposer why. */
export function rejectionGivesReasons(decision: { decision: 'APPROVE' | 'REJECT'; comments: string }): FieldError[] {
  return decision.decision === 'REJECT' && decision.comments.trim() === '' ? [{ path: 'comments', message: 'must say why the strategy is rejected' }] : [];
}

// --- all together ---------------------------------------------------------------

export interface StrategyContentFacts {
  serviceUserId: string;
  caseIds: string[];
  reviewDate: string;
  restrictions: Restriction[];
}

export interface RuleContext {
  person: PersonFacts;
  /** Every case the strategy names (in caseIds or a restriction), found by id. */
  cases: ReadonlyMap<string, CaseFacts>;
  today: string;
  maxReviewMonths: number;
}

/**
 * Every content rule of a strategy (the ones a draft must already keep), together.
 * Returns the restrictions normalised for storing and every broken rule.
 */
export function strategyContentErrors(s: StrategyContentFacts, ctx: RuleContext): { restrictions: Restriction[]; errors: FieldError[] } {
  const { restrictions, errors: addressErrors } = normaliseBlockedAddresses(s.restrictions);
  const ownCases = s.caseIds.flatMap((id) => {
    const c = ctx.cases.get(id);
    return c && c.serviceUserId === s.serviceUserId ? [c] : [];
  });
  const errors = [
    ...personCanBeToldInWriting(ctx.person),
    ...casesAreThePersonsOwn(s.caseIds, s.serviceUserId, ctx.cases),
    ...reviewDateWithinLimits(s.reviewDate, ctx.today, ctx.maxReviewMonths),
    ...atLeastOneRestriction(restrictions),
    ...noTwoOfTheSameType(restrictions),
    ...noContradictoryRestrictions(restrictions),
    ...noCaseBothLoggedAndRefused(restrictions),
    ...addressErrors,
    ...logOnlyAndRefuseNameOnlyConcludedCases(restrictions, s.caseIds, ctx.cases),
    ...openCasesKeepAChannel(restrictions, ctx.person, ownCases),
    ...reasonableAdjustmentsHold(restrictions, ctx.person),
  ];
  return { restrictions, errors };
}

// --- the lifecycle ---------------------------------------------------------------

/** Every strategy starts as a draft. */
export const FIRST_STATUS = 'DRAFT' satisfies StrategyStatus;

export type StrategyAction = 'edit' | 'submit' | 'return-to-draft' | 'decide' | 'activate' | 'mark-not-notified' | 'record-notified' | 'review' | 'mark-review-due' | 'report-breach' | 'hand-over-spoc' | 'cover-spoc';

/**
 * Which status allows which action. REJECTED and ENDED are final: a new strategy
 * is drafted instead. An APPROVED strategy is in force only once the person has been
 * told (policy 1.3, 1.5): `activate` when at least one letter was accepted for
 * delivery, `mark-not-notified` when every route failed; a NOT_NOTIFIED strategy is
 * not in force until someone records how the person was told (`record-notified`).
 */
export const ALLOWED_FROM: Readonly<Record<StrategyAction, readonly StrategyStatus[]>> = {
  edit: ['DRAFT'],
  submit: ['DRAFT'],
  // The compensation of a submission whose decision request could not be sent.
  'return-to-draft': ['PENDING_APPROVAL'],
  decide: ['PENDING_APPROVAL'],
  activate: ['APPROVED'],
  'mark-not-notified': ['APPROVED'],
  'record-notified': ['NOT_NOTIFIED'],
  'mark-review-due': ['ACTIVE'],
  review: ['ACTIVE', 'REVIEW_DUE'],
  'report-breach': ['ACTIVE', 'REVIEW_DUE'],
  // The single point of contact changes hands, or is covered, only while the strategy is in force.
  'hand-over-spoc': ['ACTIVE', 'REVIEW_DUE'],
  'cover-spoc': ['ACTIVE', 'REVIEW_DUE'],
};

/** The past participle used in a 409's detail ("it cannot be submitted in that state"). */
export const ACTION_WORDS: Readonly<Record<StrategyAction, string>> = {
  edit: 'edited',
  submit: 'submitted',
  'return-to-draft': 'returned to draft',
  decide: 'decided',
  activate: 'activated',
  'mark-not-notified': 'marked as not notified',
  'record-notified': 'recorded as notified',
  'mark-review-due': 'marked due for review',
  review: 'reviewed',
  'report-breach': 'breached',
  'hand-over-spoc': 'handed to another single point of contact',
  'cover-spoc': 'given cover for its single point of contact',
};

export function allows(status: StrategyStatus, action: StrategyAction): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/** The actions that move a strategy to another status. */
export type StatusChange = 'submit' | 'return-to-draft' | 'decide' | 'activate' | 'mark-not-notified' | 'record-notified' | 'mark-review-due' | 'review';

/**
 * What was chosen, where a change has more than one end: the Statutory Operations
 * Manager's decision on a submission, or the outcome of a review (a breach decision
 * that adjusts the strategy is a VARY).
 */
export type StatusChoice = 'APPROVE' | 'REJECT' | 'EXTEND' | 'VARY' | 'END';

/**
 * The status machine: where an action leads from `status`, or undefined when the
 * status does not allow it (or the choice does not fit the action). Every status
 * change of a strategy is decided here.
 */
export function nextStatus(status: StrategyStatus, action: StatusChange, choice?: StatusChoice): StrategyStatus | undefined {
  if (!allows(status, action)) return undefined;
  switch (action) {
    case 'submit':
      return 'PENDING_APPROVAL';
    case 'return-to-draft':
      return 'DRAFT';
    case 'decide':
      return choice === 'REJECT' ? 'REJECTED' : choice === 'APPROVE' ? 'APPROVED' : undefined;
    case 'activate':
    case 'record-notified':
      return 'ACTIVE';
    case 'mark-not-notified':
      return 'NOT_NOTIFIED';
    case 'mark-review-due':
      return 'REVIEW_DUE';
    case 'review':
      // Restrictions go on (as they were, or varied) until the next review, or are lifted.
      return choice === 'END' ? 'ENDED' : choice === 'EXTEND' || choice === 'VARY' ? 'ACTIVE' : undefined;
  }
}

/** How a delivery task ended (lib/app/delivery-failure.ts). */
export type DeliveryOutcome = 'SENT' | 'QUEUED' | 'ALREADY' | 'NO_ROUTE' | 'FAILED';

/** Strategies in these states restrict the person's contact (screening reads them). */
export const IN_FORCE: readonly StrategyStatus[] = ['ACTIVE', 'REVIEW_DUE'];

/** What screening needs of a strategy in force (kept on the person's snapshot). */
export function inForceOf(s: { id: string; status: StrategyStatus; caseIds: string[]; restrictions: Restriction[]; reviewDate: string; spocCover?: SpocCover | undefined }): StrategyInForce {
  return {
    strategyId: s.id,
    status: s.status === 'REVIEW_DUE' ? 'REVIEW_DUE' : 'ACTIVE',
    caseIds: s.caseIds,
    restrictions: s.restrictions,
    reviewDate: s.reviewDate,
    ...(s.spocCover ? { spocCover: s.spocCover } : {}),
  };
}

// --- who is written to ---------------------------------------------------------------

/**
 * The proposer's mailbox, for the emails that chase a decision or a review: the one
 * recorded from their token when they drafted it (`proposedByEmail`), or on older
 * strategies on the proposer; only if it looks like an address. Undefined when
 * there is none, and then only the Statutory Operations Manager is written to.
 */
export function proposerEmail(s: { proposedByEmail?: string | undefined; proposedBy: { sub: string; email?: string | undefined } }): string | undefined {
  const recorded = s.proposedByEmail ?? s.proposedBy.email;
  return recorded && recorded.includes('@') ? recorded : undefined;
}

/**
 * Screening an inbound contact against the contact strategies in force (policy 1.5,
 * docs/screening.md). One pure function over plain data: no AWS, no clock
 * (the caller passes the instant the contact was received).
 *
 * Precedence, when several rules (or several strategies) apply, most restrictive first:
 *
 *   1. CHANNEL_BLOCKED  the channel or the address is disallowed (NO_TELEPHONE,
 *                       WRITTEN_ONLY, BLOCK_ADDRESSES). Nothing else matters: the
 *                       contact should not be taken through this route at all.
 *   2. LIMIT_REACHED    a telephone call over a TELEPHONE_LIMIT for the UK day,
 *                       ISO week (from Monday) or calendar month.
 *   3. REFUSE           about a concluded case under REFUSE_SAME_MATTER.
 *   4. LOG_ONLY         about a concluded case under LOG_ONLY.
 *   5. PROCEED_VIA_SPOC a single point of contact is set.
 *   6. PROCEED          otherwise.
 *
 * Blocked channel and limit come before the matter rules because they are about how
 * the person gets in touch, whatever it is about: a fresh matter is never refused,
 * but it must come through a usable channel (the reasons name the usable ones).
 * A fresh matter (`freshMatter: true`, no case named, or a case the strategy's
 * LOG_ONLY/REFUSE_SAME_MATTER do not list) is never answered REFUSE or LOG_ONLY.
 *
 * `potentialBreach` is true exactly when the decision is CHANNEL_BLOCKED or
 * LIMIT_REACHED, or a call already lasted longer than a TELEPHONE_LIMIT's
 * `maxMinutes` (`durationMinutes` given).
 */
import type { CallCounts, Restriction, StrategyInForce } from '../schemas/restrictions.js';
import { isoWeekOf, ukDateOf } from './calendar.js';
import { normalisedAddress } from './restrictions/block-addresses.js';
import { specOf, type ScreenFacts } from './restrictions/index.js';
import { spocOn, type SpocToRouteTo } from './spoc.js';
import { CHANNEL_WORDS, list, plural } from './restrictions/words.js';

export const CHANNELS = ['PHONE', 'EMAIL', 'POST', 'VISIT', 'ONLINE'] as const;
export type ScreenChannel = (typeof CHANNELS)[number];

export const DECISIONS = ['PROCEED', 'PROCEED_VIA_SPOC', 'LOG_ONLY', 'REFUSE', 'LIMIT_REACHED', 'CHANNEL_BLOCKED'] as const;
/** In increasing order of restriction: the index is the precedence. */
export type Decision = (typeof DECISIONS)[number];

export interface ScreenInput {
  channel: ScreenChannel;
  /** The email address or phone number the contact came from, as written (normalised here). */
  from?: string;
  caseId?: string;
  freshMatter?: boolean;
  /** How long a call already lasted, when screened after the fact. */
  durationMinutes?: number;
}

/** What screening needs of the person: the snapshot on their profile or contact point. */
export interface ScreenSnapshot {
  inForce: StrategyInForce[];
  callCounts: CallCounts;
}

export interface ScreenOutcome {
  decision: Decision;
  reasons: string[];
  strategyId?: string;
  spoc?: SpocToRouteTo;
  recordCall?: boolean;
  callMinutesLimit?: number;
  potentialBreach: boolean;
}

const rank = (d: Decision) => DECISIONS.indexOf(d);

/**
 * The UK day, ISO week and calendar month keys of `callCounts` a call at `at`
 * falls in: the store counts each inbound call under these very keys.
 */
export function periodKeysOf(at: Date): { day: string; week: string; month: string } {
  const date = ukDateOf(at);
  return { day: `D#${date}`, week: `W#${isoWeekOf(date)}`, month: `M#${date.slice(0, 7)}` };
}

const listWords = (items: string[]) => list(items, 'or');

/** The channels a strategy leaves open (ignoring blocked addresses, which are per address). */
export function usableChannels(restrictions: Restriction[]): ScreenChannel[] {
  return CHANNELS.filter((c) => !restrictions.some((r) => channelBlockedBy(r, c)));
}

function channelBlockedBy(r: Restriction, channel: ScreenChannel): boolean {
  return specOf(r).screening.closes(r, channel);
}

interface Finding {
  decision: Decision;
  strategyId: string;
  reason: string;
  spoc?: SpocToRouteTo;
}

/** Evaluates one strategy: every finding it yields (possibly none). */
function findingsOf(s: StrategyInForce, input: ScreenInput, counts: CallCounts, at: Date, from: string | undefined): Finding[] {
  const out: Finding[] = [];
  const add = (decision: Decision, reason: string, spoc?: Finding['spoc']) => out.push({ decision, strategyId: s.strategyId, reason, ...(spoc ? { spoc } : {}) });
  // While cover lasts (UK days), the contact goes to the cover, who is told whom they stand in for.
  const routeTo = (spoc: { staffId: string; staffName: string }) => spocOn(spoc, s.spocCover, ukDateOf(at));
  const rs = s.restrictions;
  const channel = input.channel;
  const usable = usableChannels(rs);
  const usableText = usable.length ? ` It may be made by ${listWords(usable.map((c) => CHANNEL_WORDS[c]))}.` : '';

  const facts: ScreenFacts = {
    channel,
    from,
    caseId: input.caseId,
    // A contact staff judge to be a fresh matter is never refused or only logged.
    freshMatter: input.freshMatter === true,
    periodKeys: periodKeysOf(at),
    callCounts: counts,
    usableText,
  };
  // Each restriction's spec says what it makes of the contact; screening ranks the findings.
  for (const r of rs) {
    for (const f of specOf(r).screening.findings(r, facts)) {
      const spoc = f.spoc ? routeTo(f.spoc) : undefined;
      add(f.decision, spoc?.coverFor ? `${f.reason} ${spoc.coverFor.staffName} is away: ${spoc.staffName} is covering, so pass it to ${spoc.staffName}.` : f.reason, spoc);
    }
  }
  return out;
}

/** The reason that closes every outcome flagged as a potential breach. */
export const POTENTIAL_BREACH_REASON = 'This may be a breach of the contact strategy: report it to the Statutory Operations Manager if it persists (policy 1.6).';

/**
 * Screens one inbound contact. `snapshot` is undefined when nobody on record
 * matches; `at` is when the contact was received (it picks the UK day, week and
 * month the telephone limits count in).
 */
export function screenContact(input: ScreenInput, snapshot: ScreenSnapshot | undefined, at: Date): ScreenOutcome {
  if (!snapshot) {
    return { decision: 'PROCEED', reasons: ['Nobody on record matches this contact, so no contact strategy applies. It has been logged.'], potentialBreach: false };
  }
  const inForce = snapshot.inForce.filter((s) => s.status === 'ACTIVE' || s.status === 'REVIEW_DUE');
  if (inForce.length === 0) {
    return { decision: 'PROCEED', reasons: ['No contact strategy is in force for this person.'], potentialBreach: false };
  }

  const from = input.from !== undefined ? normalisedAddress(input.from) : undefined;
  const findings = inForce.flatMap((s) => findingsOf(s, input, snapshot.callCounts ?? {}, at, from));
  const top = findings.reduce<Decision>((d, f) => (rank(f.decision) > rank(d) ? f.decision : d), 'PROCEED');
  const decisive = findings.filter((f) => f.decision === top);

  const reasons = decisive.map((f) => f.reason);
  const outcome: ScreenOutcome = {
    decision: top,
    reasons,
    strategyId: decisive[0]?.strategyId ?? inForce[0]!.strategyId,
    potentialBreach: top === 'CHANNEL_BLOCKED' || top === 'LIMIT_REACHED',
  };

  if (top === 'PROCEED_VIA_SPOC') outcome.spoc = decisive[0]!.spoc;

  const all = inForce.flatMap((s) => s.restrictions.map((r) => ({ r, strategyId: s.strategyId })));
  const matterRules = all.flatMap(({ r, strategyId }) => {
    const caseIds = specOf(r).screening.concludedCases(r);
    return caseIds.length > 0 ? [{ r: { caseIds }, strategyId }] : [];
  });

  if (top === 'PROCEED' || top === 'PROCEED_VIA_SPOC') {
    const fresh = input.freshMatter === true || (input.caseId !== undefined && !matterRules.some(({ r }) => r.caseIds.includes(input.caseId!)));
    if (fresh) {
      reasons.push('This is a fresh matter: it is handled as normal. The contact strategy does not stop new matters being raised.');
    } else if (input.caseId === undefined && matterRules.length > 0) {
      const cases = [...new Set(matterRules.flatMap(({ r }) => r.caseIds))];
      reasons.push(`If this contact is about concluded case ${listWords(cases)}, screen it again naming the case: the contact strategy limits contact about ${cases.length === 1 ? 'it' : 'them'}.`);
    } else {
      reasons.push(`A contact strategy is in force, but nothing in it stops this contact.`);
    }
  }

  if (input.channel === 'PHONE') {
    if (all.some(({ r }) => specOf(r).screening.recordsCalls)) {
      outcome.recordCall = true;
      reasons.push('Record this call: the contact strategy says telephone calls are recorded.');
    }
    const minutes = all.flatMap(({ r }) => specOf(r).screening.callMinutes(r) ?? []);
    if (minutes.length > 0) {
      const limit = Math.min(...minutes);
      if (top !== 'CHANNEL_BLOCKED' && top !== 'LIMIT_REACHED') {
        outcome.callMinutesLimit = limit;
        reasons.push(`A call may last at most ${plural(limit, 'minute')}: end it politely by then.`);
      }
      if (input.durationMinutes !== undefined && input.durationMinutes > limit) {
        outcome.potentialBreach = true;
        reasons.push(`The call lasted ${plural(input.durationMinutes, 'minute')}, longer than the ${plural(limit, 'minute')} the contact strategy allows: this may be a breach.`);
      }
    }
  }
  if (outcome.potentialBreach) {
    reasons.push(POTENTIAL_BREACH_REASON);
  }
  return outcome;
}

/** The most restrictive of several outcomes (a contact point shared by several people). */
export function mostRestrictive<T extends { decision: Decision }>(outcomes: T[]): T {
  return outcomes.reduce((a, b) => (rank(b.decision) > rank(a.decision) ? b : a));
}

/**
 * Screens a contact for everyone its address or number is on record for. A contact
 * point shared by several people (a household email or landline) cannot tell us who
 * is getting in touch, so the most restrictive outcome is answered (no restriction is
 * side-stepped by using someone else's address) and staff are asked to confirm who
 * it is and screen again naming them.
 */
export function screenForEveryone(input: ScreenInput, snapshots: ScreenSnapshot[], at: Date, fromKind?: 'EMAIL' | 'PHONE'): ScreenOutcome {
  if (snapshots.length <= 1) return screenContact(input, snapshots[0], at);
  const outcome = mostRestrictive(snapshots.map((s) => screenContact(input, s, at)));
  return {
    ...outcome,
    reasons: [
      `This ${fromKind === 'PHONE' ? 'number' : 'address'} is on record for ${snapshots.length} people, so the most restrictive outcome among them is shown. Confirm who is getting in touch and screen again naming them.`,
      ...outcome.reasons,
    ],
  };
}

/**
 * The approval of a contact strategy (policy 1.5: the Statutory Operations Manager
 * is consulted before a strategy is put in place): who may decide, how long each
 * wait for the decision lasts, and who is chased when it does not come. Pure.
 */

/** What of a strategy's history the four-eyes rule reads: who did what. */
export interface Participation {
  proposedBy: { sub: string };
  history?: ReadonlyArray<{ event: string; actor: { sub: string } }>;
  /** On a copy: everyone who drafted, edited, submitted or decided the strategy it was copied from (and its own originals). */
  originalParticipants?: ReadonlyArray<{ sub: string }>;
}

/** The history events that make someone a participant in a strategy's drafting. */
export const DRAFTING_EVENTS: readonly string[] = ['DRAFTED', 'UPDATED', 'SUBMITTED'];

/**
 * Who drafted, edited or submitted the strategy (their subs), the proposer first, and,
 * on a copy, everyone who took part in the original: copying a rejected strategy
 * must not give its author a fresh strategy they may approve themselves.
 */
export function participantsOf(s: Participation): string[] {
  const subs = [
    s.proposedBy.sub,
    ...(s.history ?? []).filter((h) => DRAFTING_EVENTS.includes(h.event)).map((h) => h.actor.sub),
    ...(s.originalParticipants ?? []).map((p) => p.sub),
  ];
  return [...new Set(subs)];
}

/**
 * Four eyes, fully: nobody who drafted, edited or submitted a strategy decides on
 * it. (Given only `{ sub }` of the proposer, it is the proposer rule alone.)
 */
export function mayDecide(s: Participation, decider: { sub: string }): boolean {
  return !participantsOf(s).includes(decider.sub);
}

/** Nobody decides a review or a breach of a strategy they proposed. */
export function mayDecideAbout(s: { proposedBy: { sub: string } }, decider: { sub: string }): boolean {
  return s.proposedBy.sub !== decider.sub;
}

/**
 * Nobody decides a breach they reported, nor one of a strategy they proposed: the
 * reporter's account is what the decision weighs, and a decision may impose a
 * tighter restriction, so the same person may not be both witness and judge.
 */
export function mayDecideBreach(s: { proposedBy: { sub: string } }, breach: { reportedBy: { sub: string } }, decider: { sub: string }): boolean {
  return mayDecideAbout(s, decider) && breach.reportedBy.sub !== decider.sub;
}

/**
 * Who took part in a strategy, as a copy of it remembers them: who drafted, edited,
 * submitted or decided it (and, for a copy of a copy, the original's participants),
 * each once, by `{ sub, name }`.
 */
export function originalParticipantsOf<A extends { sub: string }>(s: {
  proposedBy: A;
  decidedBy?: A | undefined;
  history?: ReadonlyArray<{ event: string; actor: A }>;
  originalParticipants?: ReadonlyArray<A>;
}): A[] {
  const all = [
    s.proposedBy,
    ...(s.history ?? []).filter((h) => DRAFTING_EVENTS.includes(h.event) || DECIDING_EVENTS.includes(h.event)).map((h) => h.actor),
    ...(s.decidedBy ? [s.decidedBy] : []),
    ...(s.originalParticipants ?? []),
  ];
  const seen = new Set<string>();
  return all.filter((a) => (seen.has(a.sub) ? false : (seen.add(a.sub), true)));
}

// --- appeals: looked at again by someone uninvolved ---------------------------------------

/** The history events that make someone a decider of the strategy: its approval, its reviews and adjustments. */
export const DECIDING_EVENTS: readonly string[] = ['APPROVED', 'REJECTED', 'EXTENDED', 'VARIED', 'ENDED'];

/** Who took part in the decision appealed against: who proposed, edited or submitted the strategy, and who decided it. */
export function involvedIn(s: Participation & { decidedBy?: { sub: string } | undefined }): string[] {
  const deciders = [...(s.decidedBy ? [s.decidedBy.sub] : []), ...(s.history ?? []).filter((h) => DECIDING_EVENTS.includes(h.event)).map((h) => h.actor.sub)];
  return [...new Set([...participantsOf(s), ...deciders])];
}

/**
 * The decision is looked at again by someone uninvolved: a Statutory Operations
 * Manager or the Head of Assurance (the route's roles) who did not propose, edit,
 * submit or decide the strategy.
 */
export function mayDecideAppeal(s: Participation & { decidedBy?: { sub: string } | undefined }, decider: { sub: string }): boolean {
  return !involvedIn(s).includes(decider.sub);
}

/** How long each decision wait lasts, in seconds. */
export interface DecisionTimeouts {
  /** Until the reminder. */
  reminderSeconds: number;
  /** From the reminder until the escalation. */
  escalationSeconds: number;
  /** From the escalation until "no decision was made" (longer, still bounded). */
  finalSeconds: number;
}

/**
 * Each wait is capped at six days, so the three together (at most 18 days) stay
 * inside the execution's own 20-day bound (the ASL's TimeoutSeconds) and inside
 * what a JavaScript timer can hold (24.8 days) when the definition runs locally.
 * With the default 72 hours: remind after 3 days, escalate 3 days later, and record
 * that no decision was made 6 days after that.
 */
export const MAX_WAIT_SECONDS = 6 * 24 * 3600;

export function decisionTimeouts(reminderHours: number, overrideSeconds?: number): DecisionTimeouts {
  const base = overrideSeconds !== undefined && Number.isInteger(overrideSeconds) && overrideSeconds >= 1 ? overrideSeconds : reminderHours * 3600;
  const cap = (s: number) => Math.max(1, Math.min(MAX_WAIT_SECONDS, Math.round(s)));
  return { reminderSeconds: cap(base), escalationSeconds: cap(base), finalSeconds: cap(base * 2) };
}

/**
 * Who is written to when a decision is overdue: the reminder goes to the Statutory
 * Operations Manager; the escalation and the "no decision was made" notice also to
 * the proposer, when their mailbox is known (see `proposerEmail`).
 */
export function decisionChaseRecipients(stage: 'REMIND' | 'ESCALATE' | 'EXPIRE', somEmail: string, proposer: string | undefined): string[] {
  if (stage === 'REMIND') return [somEmail];
  return [somEmail, ...(proposer && proposer !== somEmail ? [proposer] : [])];
}

/**
 * To the Statutory Operations Manager, when an approved strategy could not be put in
 * force because no letter reached the person by any route (policy 1.3, 1.5).
 */
export function notNotifiedAlert(s: { personName: string; caseRefs: string[]; outcomes: string }): { subject: string; text: string } {
  return {
    subject: `Not in force: the person was not told of the contact strategy for ${s.personName}`,
    text: [
      `The contact strategy for ${s.personName} was approved, but no letter reached them (${s.outcomes}). It is not in force: contacts from ${s.personName} are not screened against it.`,
      `Service user: ${s.personName}\nCases: ${s.caseRefs.join(', ')}`,
      `Please arrange for the person to be told (by email, by post or by hand), then record how and when in the console (Manager inbox, Strategies not in force); the strategy comes into force then. It is listed in your inbox until then.`,
    ].join('\n\n'),
  };
}

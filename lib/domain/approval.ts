/**
 * The approval of a contact strategy (policy 1.5: the Statutory Operations Manager
 * is consulted before a strategy is put in place): who may decide, how long each
 * wait for the decision lasts, and who is chased when it does not come. Pure.
 */

/** Four eyes: nobody decides on a strategy they proposed. */
export function mayDecide(proposedBy: { sub: string }, decider: { sub: string }): boolean {
  return proposedBy.sub !== decider.sub;
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

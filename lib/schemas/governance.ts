import * as z from 'zod';

/** `GET /governance/figures?from=YYYY-MM&to=YYYY-MM`: the range of UK months asked for (both optional; see `figuresRange`). */
export const FiguresQuery = z.object({
  from: z.string().optional().describe('The first month (YYYY-MM, UK time); by default the 12 months ending with `to`.'),
  to: z.string().optional().describe('The last month (YYYY-MM, UK time); by default the current month. At most 36 months from `from`.'),
});

/** One UK month of the governance figures (contract: *Governance*). */
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
}

/** `GET /governance/figures`: the figures a commissioner asks for (shared with the staff console). */
export interface GovernanceFigures {
  months: GovernanceMonth[];
}

import * as z from 'zod';
import { MONTH_MESSAGE, MONTH_PATTERN, isMonth } from '../domain/governance.js';
import { singleLineString } from './common.js';

// The range is checked only on a month written YYYY-MM, so that each bad month is named once.
const Month = singleLineString().regex(MONTH_PATTERN, MONTH_MESSAGE).refine((s) => !MONTH_PATTERN.test(s) || isMonth(s), MONTH_MESSAGE);

/** `GET /governance/figures?from=YYYY-MM&to=YYYY-MM`: the range of UK months asked for (both optional; see `figuresRange`). */
export const FiguresQuery = z.object({
  from: Month.optional().describe('The first month (YYYY-MM, UK time); by default the 12 months ending with `to`.'),
  to: Month.optional().describe('The last month (YYYY-MM, UK time); by default the current month. At most 36 months from `from`.'),
});

export type { GovernanceFigures, GovernanceMonth } from '../domain/governance.js';

const count = (what: string) => z.number().int().min(0).describe(what);
const counts = (by: string) => z.record(z.string(), z.number().int().min(0)).describe(by);

/** `GET /governance/figures`: one entry per UK month asked for, oldest first (docs/governance.md says what each counts). */
export const GovernanceFiguresResource = z.object({
  months: z.array(
    z.looseObject({
      month: z.string().describe('YYYY-MM, UK time.'),
      strategiesPutInForce: counts('Strategies that came into force in the month, by restriction type (a strategy counts under each type it uses).'),
      inForceAtMonthEnd: count('Strategies in force (ACTIVE or REVIEW_DUE) at the end of the month.'),
      reviewsDecided: count('Reviews decided in the month (breach adjustments are not reviews).'),
      reviewsOnTime: count('Of those, decided on or before the review date.'),
      warningsSent: count('Warnings sent in the month.'),
      strategiesAfterWarning: count('Strategies that came into force in the month for a person warned before.'),
      appealsReceived: count('Appeals received in the month.'),
      appealOutcomes: z.object({ UPHELD: z.number().int(), VARIED: z.number().int(), ENDED: z.number().int() }).describe('Appeals decided in the month, by outcome.'),
      appealsOverdue: count('Appeals received in the month that were (or are still not) decided in time.'),
      incidentsByBehaviour: counts('Incidents that happened in the month, by behaviour code.'),
      policeReferrals: count('Incidents and breaches reported to the police in the month (the referral recorded in the month).'),
      unansweredLogged: count('Contacts logged without a reply in the month.'),
      unansweredCheckedInTime: count('Of those, read a second time in time.'),
      notNotified: count('Strategies approved in the month but not in force: no letter reached the person.'),
      outsideRemit: count("Contacts about something outside the office's remit, signposted elsewhere."),
      disposals: count('People whose records were disposed of in the month.'),
      lettersReturned: count('Posted letters recorded in the month as having come back undelivered.'),
      lettersFailed: count('Letters that failed in the month: never sent, or refused by the print provider.'),
    }),
  ),
});

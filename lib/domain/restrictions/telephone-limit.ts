import { plural } from './words.js';
import { closesNothing, gone, kept, none, restrictionSpec } from './spec.js';

/** A longer period allows the same number of calls less often: DAY < WEEK < MONTH. */
const PERIOD_LENGTH = { DAY: 1, WEEK: 2, MONTH: 3 } as const;

/** The letter's words for the period. */
const LETTER_PERIOD = { DAY: 'each day', WEEK: 'each week (Monday to Sunday)', MONTH: 'each calendar month' } as const;

/** Screening's words for the period the calls were made in. */
const SCREEN_PERIOD = { DAY: 'today', WEEK: 'this week (from Monday)', MONTH: 'this calendar month' } as const;

/** Staff's words for the period (the console's one-line summary). */
const STAFF_PERIOD = { DAY: 'a day', WEEK: 'a week', MONTH: 'a month' } as const;

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** Policy 1.5: restricting the frequency and duration of telephone calls. */
export const TELEPHONE_LIMIT = restrictionSpec({
  type: 'TELEPHONE_LIMIT',
  parameters: (z) => ({
    maxCalls: z.number().int().min(1, 'must be at least 1').max(1000),
    per: z.enum(['DAY', 'WEEK', 'MONTH']),
    maxMinutes: z.number().int().min(1, 'must be at least 1').max(600).optional(),
  }),
  title: 'Limit telephone calls',
  hint: 'Restricting the frequency and duration of telephone calls.',
  summary: (r) => `At most ${r.maxCalls} ${r.maxCalls === 1 ? 'call' : 'calls'} ${STAFF_PERIOD[r.per]}${r.maxMinutes ? `, each no longer than ${r.maxMinutes} minutes` : ''}`,
  letter: (r) => {
    const minutes = r.maxMinutes ? ` Each call can last up to ${r.maxMinutes} minute${r.maxMinutes === 1 ? '' : 's'}; after that, the member of staff will end the call.` : '';
    return { text: `You can telephone us up to ${times(r.maxCalls)} ${LETTER_PERIOD[r.per]}.${minutes}` };
  },
  screening: {
    closes: closesNothing,
    findings: (r, facts) => {
      if (facts.channel !== 'PHONE') return [];
      const key = r.per === 'DAY' ? facts.periodKeys.day : r.per === 'WEEK' ? facts.periodKeys.week : facts.periodKeys.month;
      const made = facts.callCounts[key] ?? 0;
      if (made < r.maxCalls) return [];
      return [
        {
          decision: 'LIMIT_REACHED',
          reason: `The telephone limit of ${plural(r.maxCalls, 'call')} ${r.per === 'DAY' ? 'a day' : r.per === 'WEEK' ? 'a week' : 'a month'} under the contact strategy has been reached: ${plural(made, 'call')} already ${made === 1 ? 'was' : 'were'} made ${SCREEN_PERIOD[r.per]}. End the call politely; the person may write instead.`,
        },
      ];
    },
    concludedCases: none,
    recordsCalls: false,
    callMinutes: (r) => r.maxMinutes,
  },
  // Both forbid the calls a limit would allow.
  contradicts: { types: ['NO_TELEPHONE', 'WRITTEN_ONLY'], why: 'a limit on calls means calls are allowed' },
  tightening: (current, next) => {
    // No telephone at all is stricter than any limit.
    if (next.has('NO_TELEPHONE') || next.has('WRITTEN_ONLY')) return kept(true);
    const n = next.same;
    if (!n) return gone('the telephone limit may only become stricter or a ban on telephone contact');
    if (n.maxCalls > current.maxCalls) return gone(`the telephone limit may not allow more calls (${current.maxCalls} in force)`);
    if (PERIOD_LENGTH[n.per] < PERIOD_LENGTH[current.per]) return gone(`the telephone limit may not count calls over a shorter period than ${current.per}`);
    if (current.maxMinutes !== undefined && (n.maxMinutes === undefined || n.maxMinutes > current.maxMinutes)) {
      return gone(`the telephone limit may not allow longer calls (${current.maxMinutes} minutes in force)`);
    }
    const stricter = n.maxCalls < current.maxCalls || PERIOD_LENGTH[n.per] > PERIOD_LENGTH[current.per] || (n.maxMinutes !== undefined && (current.maxMinutes === undefined || n.maxMinutes < current.maxMinutes));
    return kept(stricter);
  },
});

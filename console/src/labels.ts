/** Plain-English wording for the API's codes, shared by every screen. */
import { BEHAVIOURS } from '../../lib/domain/behaviours.js';
import { addMonths } from '../../lib/domain/calendar.js';
import { RESTRICTION_SPEC_LIST, specOf } from '../../lib/domain/restrictions/index.js';
import type { Decision } from '../../lib/domain/screening.js';
import { formatDate } from '../../lib/domain/words.js';
import type { Restriction } from '../../lib/schemas/restrictions.js';
import type { FactorName } from '../../lib/schemas/vocabulary.js';

export { BEHAVIOURS };
export type { Decision };
/** One wording per code, shared with the server's timeline sentences (lib/domain/words.ts). */
export {
  behaviourWords,
  BREACH_STATUS,
  CASE_TYPE_WORDS,
  channelName,
  CHANNELS,
  decisionTitle,
  DECISIONS,
  ESCALATION,
  formatDate,
  formatDateTime,
  LETTER_KIND_LABELS,
  LETTER_STATUS,
  letterKindLabel,
  letterStatusWords,
  PERSON_FIELD_WORDS,
  STRATEGY_STATUS,
  type Channel,
} from '../../lib/domain/words.js';

/** The API's own restriction type, inferred from its schema (one variant per restriction spec). */
export type { Restriction } from '../../lib/schemas/restrictions.js';

/** Staff's title and the policy's words for each type, from the type's spec (the server's very record). */
export const RESTRICTION_TYPES: { type: Restriction['type']; title: string; hint: string }[] = RESTRICTION_SPEC_LIST.map(({ type, title, hint }) => ({ type, title, hint }));
export const restrictionTitle = (t: string) => RESTRICTION_TYPES.find((r) => r.type === t)?.title ?? t;

/** A restriction in plain words, as its spec words it for staff; `refOf` turns case ids into references (never shown as ids). */
export function describeRestriction(r: Restriction, refOf: (id: string) => string = () => 'a case'): string {
  return specOf(r).summary(r, refOf);
}

export const FACTORS: { key: FactorName; question: string; hint?: string }[] = [
  { key: 'additionalNeeds', question: 'Have any additional needs been identified that might need tailored support?' },
  { key: 'faqSignposted', question: 'Has the person been signposted to our Frequently Asked Questions documents to clarify our remit?' },
  { key: 'outcomeExplained', question: 'Has an outcome or decision been clearly explained?' },
  { key: 'rightOfReviewAdvised', question: 'Has a right of review or correct route to challenge been advised?' },
  { key: 'correctlySignposted', question: 'Has the person been correctly signposted?' },
  { key: 'informedBehaviourUnacceptable', question: 'Has the person been told that their behaviour is unacceptable, and why?', hint: 'If not, say why in the notes.' },
  { key: 'freshMattersAccessible', question: 'Will they still be able to reach us about fresh matters?' },
];
export const ANSWERS = [
  { value: 'YES', text: 'Yes' },
  { value: 'NO', text: 'No' },
  { value: 'NOT_APPLICABLE', text: 'Not applicable' },
];
export const answerText = (a?: string) => ANSWERS.find((x) => x.value === a)?.text ?? 'Not answered';

/** How a person was told of a strategy no letter reached them about (`POST /strategies/{id}/notified`). */
export const NOTIFIED_HOW = [
  { value: 'EMAIL', text: 'By email', hint: 'Sent again, or from another address' },
  { value: 'POST', text: 'By post', hint: 'Posted again, or by another route' },
  { value: 'BY_HAND', text: 'By hand', hint: 'Handed over in person' },
];

export const BREACH_ACTIONS = [
  { value: 'ADJUST_STRATEGY', text: 'Adjust the strategy to further restrict contact' },
  { value: 'LEGAL_ADVICE', text: 'Seek legal or professional advice' },
  { value: 'POLICE_REFERRAL', text: 'Report the matter to the police' },
  { value: 'NO_FURTHER_ACTION', text: 'No further action' },
];

/** What the Statutory Operations Manager may do once legal advice has come back: one action. */
export const LEGAL_ADVICE_OUTCOMES = BREACH_ACTIONS.filter((a) => a.value !== 'LEGAL_ADVICE');

/** Today in UK local time. */
export const ukToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An example review date the rules accept (after today, within 12 months): six months from `today`, in words. */
export const exampleReviewDate = (today = ukToday()) => formatDate(addMonths(today, 6));

import * as z from 'zod';
import { LETTER_KINDS } from '../domain/letter.js';
import { LETTER_CHANNELS, LETTER_STATUSES } from '../domain/letter-routes.js';
import { REVIEW_OUTCOMES } from '../domain/review.js';
import { ActorSchema, EntryFieldsSchema, pageOf } from './common.js';
import { Restriction } from './restrictions.js';
import { DecisionValue, FACTOR_NAMES, FactorAnswer, NOTIFIED_HOW, StrategyStatus, type FactorName } from './strategies.js';

/**
 * Contact strategies as the API answers them (openapi.json). Apart from strategies.ts,
 * whose request schemas the domain rules import: these import the domain's vocabulary
 * (review outcomes, letter kinds), which would make the two import each other.
 */

const FactorResource = z.object({ answer: FactorAnswer, notes: z.string().optional() });

/** How the person was told another way, recorded by staff: as stored and as answered. */
export const NotifiedRecord = z.object({ how: z.enum(NOTIFIED_HOW), at: z.string(), notes: z.string(), recordedBy: ActorSchema, recordedAt: z.string() });

/** The last review outcome (or the breach decision that adjusted the strategy): as stored and as answered. */
export const LastReviewRecord = z.object({
  outcome: z.enum(REVIEW_OUTCOMES),
  notes: z.string(),
  decidedBy: ActorSchema,
  decidedAt: z.string(),
  reviewDate: z.string().describe('The review date the decision was about.'),
  nextReviewDate: z.string().optional(),
  breachId: z.string().optional().describe('Set when a breach decision adjusted the strategy.'),
});

/** Cover for the single point of contact while they are away: as stored and as answered. */
export const SpocCoverRecord = z.object({ staffId: z.string(), staffName: z.string(), from: z.string(), until: z.string(), reason: z.string(), recordedBy: ActorSchema, recordedAt: z.string() });

/**
 * A strategy as lists answer it (the register, a person's strategies, reviews due,
 * a single point of contact's): the strategy item, without its letters and history.
 * Loose: a later release may add fields.
 */
export const StrategyRecordResource = z.looseObject({
  id: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()),
  reason: z.string(),
  purpose: z.string(),
  reviewDate: z.string().describe('The UK date by which it is reviewed.'),
  restrictions: z.array(Restriction),
  factors: z
    .object(Object.fromEntries(FACTOR_NAMES.map((n) => [n, FactorResource.optional()])) as Record<FactorName, z.ZodOptional<typeof FactorResource>>)
    .describe('The seven factors of policy 1.4; a draft may leave any unanswered.'),
  status: StrategyStatus,
  version: z.number().int().describe('The version to send back as If-Match.'),
  proposedBy: ActorSchema,
  proposedByEmail: z.string().optional().describe("The proposer's mailbox, for the emails that chase decisions and reviews."),
  decidedBy: ActorSchema.optional(),
  decision: z.object({ decision: DecisionValue, comments: z.string(), decidedAt: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().optional(),
  activatedAt: z.string().optional(),
  notNotifiedAt: z.string().optional().describe('When every approval letter failed: not in force until the person is told.'),
  awaiting: z.literal('POSTING').optional().describe('APPROVED, told by post only, and that letter not yet posted: in force once it is.'),
  notified: NotifiedRecord
    .optional()
    .describe('How the person was told another way, recorded by staff.'),
  lastReview: LastReviewRecord
    .optional()
    .describe('The last review outcome (or breach decision that adjusted the strategy).'),
  endedAt: z.string().optional(),
  emailUndeliverable: z.boolean().optional().describe('An emailed letter was reported undeliverable.'),
  emailUndeliverableLetterId: z.string().optional(),
  emailUndeliverableTo: z.array(z.string()).optional(),
  copiedFrom: z.string().optional().describe('The strategy this draft was copied from.'),
  originalParticipants: z.array(ActorSchema).optional().describe('On a copy: who drafted, edited, submitted or decided the original; none of them may decide the copy.'),
  precededByWarning: z.boolean().optional().describe('Set on submission: the person had been warned before.'),
  spocCover: SpocCoverRecord
    .optional()
    .describe('Who stands in for the single point of contact, from one UK day to another (both included).'),
});

/** One entry of a strategy's history. Loose: an entry may carry more about what changed. */
export const StrategyHistoryEntryResource = z.looseObject({
  at: z.string(),
  actor: ActorSchema,
  event: z.string().describe('What happened: DRAFTED, UPDATED, SUBMITTED, APPROVED, REJECTED, ACTIVATED, ...'),
  summary: z.string().describe('What happened, in words.'),
  fields: EntryFieldsSchema.optional().describe('What happened, as structured data; `summary` is worded from it. Absent on entries written before entries carried fields.'),
  fromStatus: StrategyStatus.optional(),
  toStatus: StrategyStatus.optional(),
});

/** A letter of the strategy, in brief (`GET /letters/{id}` has it as sent). */
export const StrategyLetterSummaryResource = z.object({
  id: z.string(),
  kind: z.enum(LETTER_KINDS),
  channel: z.enum(LETTER_CHANNELS),
  status: z.enum(LETTER_STATUSES),
  sentAt: z.string().optional().describe('When it was sent (email), or dispatched (post; until then, when it was put on the post queue).'),
});

/** A strategy as `GET /strategies/{id}` and every change to it answer it: the strategy with its letters and history. */
export const StrategyResource = StrategyRecordResource.extend({
  letters: z.array(StrategyLetterSummaryResource),
  history: z.array(StrategyHistoryEntryResource).describe('Oldest first.'),
});

export const StrategyPage = pageOf(StrategyRecordResource);

/** `GET /strategies/{id}/letter`: the letter that would tell the person, rendered now. */
export const StrategyLetterPreview = z.object({ subject: z.string(), text: z.string(), html: z.string() });

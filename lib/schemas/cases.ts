import * as z from 'zod';
import { ActorSchema, EntryFieldsSchema, Id, Name, RequiredText, listOf, pageOf, singleLineString } from './common.js';
import { TIMELINE_KINDS } from '../domain/timeline-kinds.js';

export const CaseType = z.enum(['COMPLAINT', 'REVIEW', 'CORRESPONDENCE']);
export const CaseStatus = z.enum(['OPEN', 'CONCLUDED']);
export type CaseType = z.infer<typeof CaseType>;
export type CaseStatus = z.infer<typeof CaseStatus>;

/**
 * One entry of a case's timeline as `GET /cases/{id}/timeline` lists it: `ref` names
 * the records it is about (`{ strategyId, letterId }`), always present, empty when none.
 * `fields` is what happened as structured data (statuses, codes, dates, names, notes),
 * from which `summary` was worded (lib/domain/timeline-words.ts); absent on older entries.
 * Loose: an entry may carry more about what it records.
 */
export const TimelineEntryResource = z.looseObject({
  at: z.string().describe('When it happened, UTC ISO-8601.'),
  actor: ActorSchema,
  kind: z.enum(TIMELINE_KINDS),
  summary: z.string().describe('What happened, in words.'),
  fields: EntryFieldsSchema.optional().describe('What happened, as structured data (statuses, codes, dates, names, notes); `summary` is worded from it. Absent on entries written before entries carried fields.'),
  ref: z.record(z.string(), z.string()).describe('The ids of the records it is about (`strategyId`, `letterId`, `contactId`, ...); empty when none.'),
});
export type TimelineEntryResource = z.infer<typeof TimelineEntryResource>;

export const CreateCase = z.object({
  serviceUserId: Id,
  type: CaseType,
  subject: Name,
});
export type CreateCase = z.infer<typeof CreateCase>;

export const ConcludeCase = z.object({
  finalDecision: RequiredText,
  outcomeExplained: z.boolean(),
  rightOfReviewAdvised: z.boolean(),
});
export type ConcludeCase = z.infer<typeof ConcludeCase>;

export const CaseLookupQuery = z.object({
  reference: singleLineString().trim().toUpperCase().regex(/^OPCC-\d{4}-\d{6}$/, 'must be a case reference like OPCC-2026-000123'),
});

/** `GET /cases/{id}/timeline`: a page of the timeline, oldest first. */
export const TimelinePage = pageOf(TimelineEntryResource);

/** A case as the API answers it. Loose: a later release may add fields. */
export const CaseResource = z.looseObject({
  id: z.string(),
  reference: z.string().describe('The human reference, OPCC-<year>-<number>.'),
  serviceUserId: z.string(),
  type: CaseType,
  subject: z.string(),
  status: CaseStatus,
  openedAt: z.string(),
  openedBy: ActorSchema,
  conclusion: z
    .object({ finalDecision: z.string(), outcomeExplained: z.boolean(), rightOfReviewAdvised: z.boolean(), concludedAt: z.string(), concludedBy: ActorSchema })
    .optional()
    .describe('Once CONCLUDED: the final decision and whether the outcome and the right of review were explained.'),
  retainUntil: z.string().optional().describe('Once concluded: the UK date from which the record is due for a disposal review.'),
  version: z.number().int().describe('The version to send back as If-Match.'),
});

/** `GET /cases?reference=`: the case with that reference, if any (a list of at most one). */
export const CaseList = listOf(CaseResource);
export const CasePage = pageOf(CaseResource);

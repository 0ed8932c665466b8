import * as z from 'zod';
import { ActorSchema, Id, Name, RequiredText, singleLineString } from './common.js';
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
 */
export const TimelineEntryResource = z.object({
  at: z.string(),
  actor: ActorSchema,
  kind: z.enum(TIMELINE_KINDS),
  summary: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
  ref: z.record(z.string(), z.string()),
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

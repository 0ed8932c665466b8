import * as z from 'zod';
import { Id, Name, RequiredText, singleLineString } from './common.js';

export const CaseType = z.enum(['COMPLAINT', 'REVIEW', 'CORRESPONDENCE']);
export const CaseStatus = z.enum(['OPEN', 'CONCLUDED']);

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

import * as z from 'zod';
import { ActorSchema, Id, RequiredText } from './common.js';

/** `POST /service-users/{id}/legal-hold`: why the records must be kept (litigation, an inquiry, a complaint to the regulator). */
export const SetLegalHold = z.object({ reason: RequiredText });
export type SetLegalHold = z.infer<typeof SetLegalHold>;

/** `POST /disposals`: the people due whose records are to go, and why now. */
export const ProposeDisposal = z.object({
  serviceUserIds: z
    .array(Id)
    .min(1, 'must name at least one service user')
    .max(100, 'at most 100')
    .refine((ids) => new Set(ids).size === ids.length, 'must not name anyone twice'),
  reason: RequiredText,
});
export type ProposeDisposal = z.infer<typeof ProposeDisposal>;

/** `POST /disposals/{id}/decision`: the second person's decision. */
export const DecideDisposal = z.object({ decision: z.enum(['APPROVE', 'REJECT']), comments: RequiredText });
export type DecideDisposal = z.infer<typeof DecideDisposal>;

const DuePerson = z.object({ serviceUserId: z.string(), name: z.string(), dueSince: z.string().describe('The UK date from which their records were due for disposal.') });
export const DuePage = z.object({ items: z.array(DuePerson), nextCursor: z.string().optional() });

/** A disposal as answered. Once DONE it holds counts and who was left out, and names nobody whose records went. */
export const DisposalResource = z.object({
  id: z.string(),
  status: z.enum(['PENDING_APPROVAL', 'REJECTED', 'APPROVED', 'DONE']),
  serviceUserIds: z.array(z.string()).optional().describe('The people proposed; absent once the disposal is done.'),
  reason: z.string(),
  proposedBy: ActorSchema,
  proposedAt: z.string(),
  decidedBy: ActorSchema.optional(),
  decidedAt: z.string().optional(),
  decision: z.object({ decision: z.enum(['APPROVE', 'REJECT']), comments: z.string() }).optional(),
  counts: z.record(z.string(), z.number()).optional().describe('What was deleted, by kind: people, cases, contacts, letters, ...'),
  skipped: z.array(z.object({ serviceUserId: z.string(), why: z.string() })).optional().describe('People left out at the moment of deletion, and why.'),
  completedAt: z.string().optional(),
  version: z.number(),
});
export const DisposalPage = z.object({ items: z.array(DisposalResource), nextCursor: z.string().optional() });

import * as z from 'zod';
import { CHECK_OUTCOMES } from '../domain/unanswered.js';
import { ActorSchema, Id, PageQuery, RequiredText, pageOf } from './common.js';
import { ContactResource } from './contacts.js';

/** Contacts logged without a reply and their second read (docs/screening.md, Contacts logged without a reply). */

/** `GET /contacts/unanswered?checked=false|true`: the contacts waiting for a second read (the default), or those read. */
export const UnansweredQuery = PageQuery.extend({
  checked: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});
export type UnansweredQuery = z.infer<typeof UnansweredQuery>;

/** `POST /contacts/{id}/check`: what the second read found; FRESH_MATTER names the case opened for it. */
export const CheckContact = z.object({
  outcome: z.enum(CHECK_OUTCOMES),
  notes: RequiredText,
  caseId: Id.optional(),
});
export type CheckContact = z.infer<typeof CheckContact>;

/** A contact logged without a reply as the API answers it: the contact, its check-by date, and its second read once made. */
export const UnansweredContactResource = ContactResource.extend({
  check: z
    .object({
      outcome: z.enum(CHECK_OUTCOMES),
      notes: z.string(),
      caseId: z.string().optional().describe('FRESH_MATTER: the case opened for the fresh matter.'),
      by: ActorSchema,
      at: z.string(),
    })
    .optional()
    .describe('The second read, once made.'),
  checkDueBy: z.string().describe('The last UK day for its second read.'),
  overdue: z.boolean().describe('Not read by `checkDueBy`.'),
});
export const UnansweredContactPage = pageOf(UnansweredContactResource);

import * as z from 'zod';
import { CHECK_OUTCOMES } from '../domain/unanswered.js';
import { Id, PageQuery, RequiredText } from './common.js';

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

import * as z from 'zod';
import { Channel, RequiredText, Timestamp, PageQuery } from './common.js';

/** An instant in any ISO-8601 offset, stored as UTC with milliseconds so that it sorts as text in keys. */
export const UtcTimestamp = Timestamp.transform((s) => new Date(s).toISOString());

export const ContactDirection = z.enum(['INBOUND', 'OUTBOUND']);

export const CreateContact = z.object({
  channel: Channel,
  direction: ContactDirection,
  occurredAt: UtcTimestamp,
  summary: RequiredText,
  durationMinutes: z.number().int('must be whole minutes').min(0, 'must not be negative').max(24 * 60, 'must be at most 1440').optional(),
});
export type CreateContact = z.infer<typeof CreateContact>;

/** `GET /service-users/{id}/contacts?from=&to=`: contacts of a person in a time window (both ends inclusive). */
export const ContactWindowQuery = PageQuery.extend({
  from: UtcTimestamp.optional(),
  to: UtcTimestamp.optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type ContactWindowQuery = z.infer<typeof ContactWindowQuery>;

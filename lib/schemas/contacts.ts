import * as z from 'zod';
import { REPRESENTATIVE_KINDS } from '../domain/representatives.js';
import { DECISIONS } from '../domain/screening.js';
import { ActorSchema, Channel, Id, RequiredText, Timestamp, PageQuery, singleLine } from './common.js';

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

/**
 * `POST /contacts`: a contact about something outside the office's remit (policy 1.1),
 * recorded without a case (on the person's record when one is named) with where the
 * person was signposted.
 */
export const CreateOutsideRemitContact = z.object({
  serviceUserId: Id.optional(),
  channel: Channel,
  direction: ContactDirection,
  occurredAt: UtcTimestamp,
  summary: RequiredText,
  durationMinutes: z.number().int('must be whole minutes').min(0, 'must not be negative').max(24 * 60, 'must be at most 1440').optional(),
  outsideRemit: z.object({ signpostedTo: singleLine(300) }),
});
export type CreateOutsideRemitContact = z.infer<typeof CreateOutsideRemitContact>;

/** `GET /service-users/{id}/contacts?from=&to=`: contacts of a person in a time window (both ends inclusive). */
export const ContactWindowQuery = PageQuery.extend({
  from: UtcTimestamp.optional(),
  to: UtcTimestamp.optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type ContactWindowQuery = z.infer<typeof ContactWindowQuery>;

/**
 * A contact as the API answers it (documented in openapi.json, against which the
 * integration suite checks every answer). Screened contacts carry `from` and
 * `screening`; email that came in through the inbound gateway also `source`, and, when
 * its sender could not be verified, `senderUnverified` and `claimedFrom` instead of
 * `from`; `quarantined` when it was held back as spam or a virus. Loose: a later
 * release may add fields.
 */
export const ContactResource = z.looseObject({
  id: z.string(),
  caseId: z.string().optional().describe('The case it is about, when one is named.'),
  serviceUserId: z.string().optional().describe('Whose contact it is; absent when it matched nobody (or several people sharing an address).'),
  channel: Channel,
  direction: ContactDirection,
  occurredAt: z.string().describe('When it happened, UTC ISO-8601.'),
  summary: z.string(),
  durationMinutes: z.number().int().min(0).max(24 * 60).optional(),
  from: z.string().optional().describe('The address or number it came from, normalised. For inbound email, only a verified sender (DMARC passed); see `claimedFrom`.'),
  screening: z
    .looseObject({
      decision: z.enum(DECISIONS),
      reasons: z.array(z.string()),
      strategyId: z.string().optional(),
      potentialBreach: z.boolean(),
      freshMatter: z.boolean(),
    })
    .optional()
    .describe('The outcome of screening, for a screened contact (POST /contacts/screen or inbound email).'),
  source: z
    .enum(['INBOUND_EMAIL', 'SWITCHBOARD'])
    .optional()
    .describe('INBOUND_EMAIL: received and screened by the inbound email gateway; SWITCHBOARD: a telephone call screened at the switchboard before anyone picked up.'),
  senderUnverified: z
    .boolean()
    .optional()
    .describe('Inbound email whose sender could not be verified (DMARC did not pass), or that could not be read: recorded against nobody and never a potential breach.'),
  claimedFrom: z.string().optional().describe('Inbound email from an unverified sender: the From address it claims, normalised. Never trusted, so never in `from`.'),
  quarantined: z
    .enum(['SPAM', 'VIRUS'])
    .optional()
    .describe('Inbound email the receiving system judged spam or a virus: not forwarded (its attachments stay in storage) and queued for a second read.'),
  representative: z
    .object({ id: z.string(), name: z.string(), kind: z.enum(REPRESENTATIVE_KINDS) })
    .optional()
    .describe("From the person's representative, not the person: on the person's record, never restricted by their contact strategy."),
  outsideRemit: z.object({ signpostedTo: z.string() }).optional().describe("Outside the office's remit: recorded without a case, with where the person was signposted."),
  recordedAt: z.string(),
  recordedBy: ActorSchema,
});

/** A page of contacts, newest first. */
export const ContactPage = z.object({ items: z.array(ContactResource), nextCursor: z.string().optional().describe('Pass as `cursor` for the next page; absent on the last.') });

import * as z from 'zod';
import { contactPointOf } from '../domain/contact-points.js';
import { Channel, Id, RequiredText, Timestamp, singleLineString } from './common.js';
import type { RepresentativeKind } from '../domain/representatives.js';
import type { ScreenOutcome } from '../domain/screening.js';

/**
 * `POST /contacts/screen`: an inbound contact, before anyone answers it. `from`
 * is an email address or a phone number however written; it is normalised here
 * (emails lower-cased, UK numbers to +44) and refused (422) if it is neither.
 */
export const ScreenContact = z.object({
  channel: Channel,
  from: singleLineString()
    .trim()
    .min(1, 'must not be empty')
    .max(254, 'must be at most 254 characters')
    .transform((raw, ctx) => {
      const cp = contactPointOf(raw);
      if (!cp) {
        ctx.addIssue({ code: 'custom', message: 'must be an email address or a phone number' });
        return z.NEVER;
      }
      return cp;
    })
    .optional(),
  serviceUserId: Id.optional(),
  caseId: Id.optional(),
  freshMatter: z.boolean().optional(),
  /** When the contact arrived; now when absent. Stored as UTC with milliseconds. */
  receivedAt: Timestamp.transform((s) => new Date(s).toISOString()).optional(),
  durationMinutes: z.number().int('must be whole minutes').min(0, 'must not be negative').max(24 * 60, 'must be at most 1440').optional(),
  summary: RequiredText.optional(),
});
export type ScreenContact = z.infer<typeof ScreenContact>;

/**
 * The answer: the screening outcome (docs/screening.md) plus the id of the contact it
 * recorded and, for a contact from a person's representative, whose representative it is.
 */
export type ScreenResult = ScreenOutcome & { contactId: string; representativeOf?: { serviceUserId: string; representativeId: string; kind: RepresentativeKind; name: string } };

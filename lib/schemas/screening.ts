import * as z from 'zod';
import { contactPointOf } from '../domain/contact-points.js';
import { Channel, Id, RequiredText, Timestamp, singleLineString } from './common.js';
import { REPRESENTATIVE_KINDS, type RepresentativeKind } from '../domain/representatives.js';
import { DECISIONS, type ScreenOutcome } from '../domain/screening.js';

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

const StaffMember = z.object({ staffId: z.string(), staffName: z.string() });

/** `POST /contacts/screen` as the API answers it: what to do with the contact, and the contact recorded. Loose: a later release may add fields. */
export const ScreenResultResource = z.looseObject({
  decision: z.enum(DECISIONS).describe('What the strategy in force allows, the most restrictive that applies (docs/screening.md).'),
  reasons: z.array(z.string()).describe('Why, in words, for whoever answers the contact.'),
  strategyId: z.string().optional().describe('The strategy that decided it.'),
  spoc: StaffMember.extend({ coverFor: StaffMember.optional().describe('When the cover is routed to: whom they cover for.') })
    .optional()
    .describe('PROCEED_VIA_SPOC: the member of staff to pass the contact to today.'),
  recordCall: z.boolean().optional().describe('A telephone call the strategy says is recorded.'),
  callMinutesLimit: z.number().int().optional().describe('A telephone call may last at most this many minutes.'),
  potentialBreach: z.boolean().describe('The contact may be a breach of the strategy: listed for reporting.'),
  contactId: z.string().describe('The contact recorded with this outcome.'),
  representativeOf: z
    .object({ serviceUserId: z.string(), representativeId: z.string(), kind: z.enum(REPRESENTATIVE_KINDS), name: z.string() })
    .optional()
    .describe("From the person's representative: whose, on the person's record, never restricted by their strategy."),
});

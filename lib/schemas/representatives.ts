import * as z from 'zod';
import { REPRESENTATIVE_KINDS } from '../domain/representatives.js';
import { ActorSchema, Name, singleLine } from './common.js';
import { UtcTimestamp } from './contacts.js';
import { EmailAddress, PhoneNumber, PostalAddress } from './service-users.js';

const unique = <T>(list: T[]) => [...new Set(list)];

/** The person's consent to be represented: when it was given and how (in writing, by phone...). */
export const Consent = z.object({
  recordedAt: UtcTimestamp,
  how: singleLine(300),
});

/** `POST /service-users/{id}/representatives`. */
export const CreateRepresentative = z.object({
  name: Name,
  kind: z.enum(REPRESENTATIVE_KINDS),
  emails: z.array(EmailAddress).max(10, 'at most 10').default([]).transform(unique),
  phones: z.array(PhoneNumber).max(10, 'at most 10').default([]).transform(unique),
  postalAddress: PostalAddress.optional(),
  consent: Consent,
  /** Every letter to the person is also sent to the representative, marked as a copy. */
  copyLetters: z.boolean().default(false),
});
export type CreateRepresentative = z.infer<typeof CreateRepresentative>;

/** `DELETE /service-users/{id}/representatives/{repId}`: why it ends (consent withdrawn is the usual reason). */
export const EndRepresentativeQuery = z.object({
  reason: z.enum(['CONSENT_WITHDRAWN', 'NO_LONGER_ACTING']).default('CONSENT_WITHDRAWN'),
});

export const RepresentativeResource = z.looseObject({
  id: z.string(),
  serviceUserId: z.string(),
  name: z.string(),
  kind: z.enum(REPRESENTATIVE_KINDS),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  postalAddress: z.object({ lines: z.array(z.string()), postcode: z.string() }).optional(),
  consent: z.object({ recordedAt: z.string(), how: z.string() }),
  copyLetters: z.boolean(),
  status: z.enum(['ACTIVE', 'ENDED']),
  recordedAt: z.string(),
  recordedBy: ActorSchema,
  ended: z
    .object({ at: z.string(), by: ActorSchema, reason: z.enum(['CONSENT_WITHDRAWN', 'NO_LONGER_ACTING']) })
    .optional()
    .describe('When and why the representative stopped acting (consent withdrawn); kept on the record.'),
});
export type RepresentativeResource = z.infer<typeof RepresentativeResource>;
export const RepresentativeList = z.object({ items: z.array(RepresentativeResource) });

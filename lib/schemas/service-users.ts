import * as z from 'zod';
import { isValidPhone, normaliseEmail, normalisePhone } from '../domain/contact-points.js';
import { ActorSchema, Channel, FreeText, Name, PageQuery, listOf, pageOf, singleLineString } from './common.js';

export const EmailAddress = singleLineString()
  .max(254, 'must be at most 254 characters')
  .transform(normaliseEmail)
  .pipe(z.email('must be an email address'));

export const PhoneNumber = singleLineString()
  .max(40, 'must be at most 40 characters')
  .transform(normalisePhone)
  .refine(isValidPhone, 'must be a UK or international phone number');

export const PostalAddress = z.object({
  lines: z.array(Name).min(1, 'needs at least one line').max(8, 'at most 8 lines'),
  postcode: singleLineString()
    .trim()
    .toUpperCase()
    .max(10)
    .regex(/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, 'must be a UK postcode'),
});

const unique = <T>(list: T[]) => [...new Set(list)];

/** The formats a person's letters may take: LARGE_PRINT letters are posted with body text of at least 16 pt. */
export const LETTER_FORMATS = ['STANDARD', 'LARGE_PRINT'] as const;

/**
 * Reasonable adjustments (Equality Act 2010): the channels the person needs because
 * of a disability or other need, and the format of their letters. The strategy
 * rules refuse a restriction that takes away a channel listed here.
 */
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Adjustments = z.object({
  channels: z.array(Channel).max(5).transform(unique).optional(),
  format: z.enum(LETTER_FORMATS).optional(),
  notes: FreeText.optional(),
});
export type Adjustments = z.infer<typeof Adjustments>;

export const CreateServiceUser = z.object({
  name: Name,
  emails: z.array(EmailAddress).max(10, 'at most 10').default([]).transform(unique),
  phones: z.array(PhoneNumber).max(10, 'at most 10').default([]).transform(unique),
  postalAddress: PostalAddress.optional(),
  additionalNeeds: FreeText.optional(),
  adjustments: Adjustments.optional(),
});
export type CreateServiceUser = z.infer<typeof CreateServiceUser>;

export const UpdateServiceUser = z
  .object({
    name: Name.optional(),
    emails: z.array(EmailAddress).max(10, 'at most 10').transform(unique).optional(),
    phones: z.array(PhoneNumber).max(10, 'at most 10').transform(unique).optional(),
    postalAddress: PostalAddress.nullable().optional(),
    additionalNeeds: FreeText.nullable().optional(),
    adjustments: Adjustments.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field', path: [] });
export type UpdateServiceUser = z.infer<typeof UpdateServiceUser>;

/** One read of a person's record, as `GET /service-users/{id}/access-log` lists it. */
export const AccessLogEntry = z.object({
  at: z.string().describe('When the record was read (UTC).'),
  actor: ActorSchema.describe('Who read it.'),
  route: z.string().describe('The request, method and path with its ids (`GET /cases/<id>/timeline`); never a query string.'),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntry>;
export const AccessLogPage = z.object({ items: z.array(AccessLogEntry), nextCursor: z.string().optional().describe('Pass as `cursor` for the next page; absent on the last.') });

/** Personal data never travels in a URL: these parameters answer 400 pointing to the search route. */
const NOT_IN_URLS = 'personal data does not go in a URL: use POST /service-users/search';
const notInUrl = z.undefined({ error: NOT_IN_URLS });

/** `GET /service-users`: everyone on record, by name, a page at a time (no lookup parameters). */
export const ListServiceUsersQuery = PageQuery.extend({ email: notInUrl.optional(), phone: notInUrl.optional(), name: notInUrl.optional() });

const SEARCH_FIELDS = ['email', 'phone', 'name', 'caseReference'] as const;

/** `POST /service-users/search`: exactly one of an email address, a phone number, name words or a case reference. */
export const SearchServiceUsers = z
  .object({
    email: EmailAddress.optional(),
    phone: PhoneNumber.optional(),
    name: Name.optional(),
    caseReference: singleLineString().trim().toUpperCase().max(40, 'must be at most 40 characters').regex(/^OPCC-\d{4}-\d{6}$/, 'must be a case reference like OPCC-2026-000123').optional(),
  })
  .superRefine((v, ctx) => {
    const given = SEARCH_FIELDS.filter((f) => v[f] !== undefined);
    if (given.length === 1) return;
    for (const f of given.length === 0 ? SEARCH_FIELDS : given) {
      ctx.addIssue({ code: 'custom', path: [f], message: 'give exactly one of email, phone, name or caseReference' });
    }
  });
export type SearchServiceUsers = z.infer<typeof SearchServiceUsers>;

// --- what the API answers ----------------------------------------------------------

/** A postal address as stored: the lines and the postcode as they were accepted. */
export const PostalAddressResource = z.object({ lines: z.array(z.string()), postcode: z.string() });

const AdjustmentsResource = z.object({
  channels: z.array(Channel).optional().describe('The channels the person needs: no restriction may take them away.'),
  format: z.enum(LETTER_FORMATS).optional().describe('LARGE_PRINT: letters are posted with body text of at least 16 pt.'),
  notes: z.string().optional(),
});

/** One entry of a person's change history (newest 50 on `GET`/`PATCH`; all of it in the subject-access export). Loose: entries may say more. */
export const PersonHistoryEntryResource = z.looseObject({
  at: z.string(),
  actor: ActorSchema,
  action: z.enum(['UPDATED', 'EXPORTED', 'REPRESENTATIVE_ADDED', 'REPRESENTATIVE_ENDED', 'LEGAL_HOLD_SET', 'LEGAL_HOLD_LIFTED']),
  fields: z.array(z.string()).describe('UPDATED: the details that changed, by name.'),
});

/**
 * A service user as the API answers them. `GET /service-users/{id}` adds `flags` and
 * the newest history; a `PATCH` answers the history too; lists and searches neither.
 * Loose: a later release may add fields.
 */
export const ServiceUserResource = z.looseObject({
  id: z.string(),
  name: z.string(),
  emails: z.array(z.string()).describe('Normalised: lower-cased.'),
  phones: z.array(z.string()).describe('Normalised: UK numbers as +44.'),
  postalAddress: PostalAddressResource.optional(),
  postalAddressUndeliverable: z.literal(true).optional().describe('A letter to the postal address came back undelivered: nothing more is posted there until the address is edited.'),
  additionalNeeds: z.string().optional(),
  adjustments: AdjustmentsResource.optional().describe('Reasonable adjustments (Equality Act 2010).'),
  version: z.number().int().describe('The version to send back as If-Match.'),
  createdAt: z.string(),
  createdBy: ActorSchema,
  updatedAt: z.string(),
  updatedBy: ActorSchema.optional().describe('Who last changed the details.'),
  legalHold: z
    .object({ reason: z.string(), by: ActorSchema, at: z.string() })
    .optional()
    .describe('While on, nothing of theirs is disposed of.'),
  history: z.array(PersonHistoryEntryResource).optional().describe('`GET` and `PATCH` only: the newest changes, oldest first; absent when none.'),
  historyTruncated: z.literal(true).optional().describe('Older history exists than `history` shows (the subject-access export has it all).'),
  flags: z
    .array(z.string())
    .optional()
    .describe('`GET` only: prompts for staff, e.g. REPEATED_TERMINATED_CALLS (calls terminated after a warning in the last 90 days, and no NO_TELEPHONE in force).'),
});

/** `GET /service-users`: everyone on record, by name. */
export const ServiceUserPage = pageOf(ServiceUserResource);
/** `POST /service-users/search`: the people found (at most 20 by name). */
export const ServiceUserList = listOf(ServiceUserResource);

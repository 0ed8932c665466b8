import * as z from 'zod';
import { isValidPhone, normaliseEmail, normalisePhone } from '../domain/contact-points.js';
import { FreeText, Name } from './common.js';

export const EmailAddress = z
  .string()
  .max(254, 'must be at most 254 characters')
  .transform(normaliseEmail)
  .pipe(z.email('must be an email address'));

export const PhoneNumber = z
  .string()
  .max(40, 'must be at most 40 characters')
  .transform(normalisePhone)
  .refine(isValidPhone, 'must be a UK or international phone number');

export const PostalAddress = z.object({
  lines: z.array(Name).min(1, 'needs at least one line').max(8, 'at most 8 lines'),
  postcode: z
    .string()
    .trim()
    .toUpperCase()
    .max(10)
    .regex(/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, 'must be a UK postcode'),
});

const unique = <T>(list: T[]) => [...new Set(list)];

export const CreateServiceUser = z.object({
  name: Name,
  emails: z.array(EmailAddress).max(10, 'at most 10').default([]).transform(unique),
  phones: z.array(PhoneNumber).max(10, 'at most 10').default([]).transform(unique),
  postalAddress: PostalAddress.optional(),
  additionalNeeds: FreeText.optional(),
});
export type CreateServiceUser = z.infer<typeof CreateServiceUser>;

export const UpdateServiceUser = z
  .object({
    name: Name.optional(),
    emails: z.array(EmailAddress).max(10, 'at most 10').transform(unique).optional(),
    phones: z.array(PhoneNumber).max(10, 'at most 10').transform(unique).optional(),
    postalAddress: PostalAddress.nullable().optional(),
    additionalNeeds: FreeText.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field', path: [] });
export type UpdateServiceUser = z.infer<typeof UpdateServiceUser>;

export const LookupQuery = z
  .object({
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    name: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .refine((q) => [q.email, q.phone, q.name].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of email, phone or name',
    path: ['email'],
  });

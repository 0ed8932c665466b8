import * as z from 'zod';

/**
 * Control characters (C0, DEL, C1) and the Unicode bidirectional embeddings,
 * overrides and isolates: in a name or subject they can make what staff read differ
 * from what is stored (a "Trojan Source" reordering) or break letters and logs.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** The API's limits (docs/architecture.md, HTTP conventions): names and subjects 300 characters, free text 10,000; names and subjects are plain text on one line. */
export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .refine((s) => !UNSAFE_IN_NAMES.test(s), 'must not contain control characters or bidirectional-override characters');
export const FreeText = z.string().max(10_000, 'must be at most 10,000 characters');
export const RequiredText = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10,000 characters');
export const Id = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');
export const Timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });
export const CalendarDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const Channel = z.enum(['PHONE', 'EMAIL', 'POST', 'VISIT', 'ONLINE']);
export type Channel = z.infer<typeof Channel>;

export const ActorSchema = z.object({ sub: z.string(), name: z.string() });

/** The query of every paginated list (docs/architecture.md, HTTP conventions: default 50, at most 100). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

import * as z from 'zod';

/**
 * What a single-line field (a name, a subject, an address line, a reference, an id)
 * may not contain: control characters (C0, DEL, C1, which break letters, logs and
 * CSV) and the invisible format characters that make what staff read differ from what
 * is stored: the Arabic letter mark, zero-width spaces and joiners, the directional
 * marks, line and paragraph separators, bidirectional embeddings, overrides and
 * isolates (a "Trojan Source" reordering), and the byte-order mark. Checked on the
 * value as sent, before any trimming, so that nothing is silently dropped.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const SINGLE_LINE = /^[^\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]*$/;
export const SINGLE_LINE_MESSAGE = 'must not contain control characters or invisible formatting characters';

/**
 * The one way to accept single-line text: a string with none of the characters
 * above, trimmed. Every single-line field starts here (a unit test walks the
 * request schemas to make sure); `SINGLE_LINE` also shows in openapi.json as the
 * field's `pattern`.
 */
export const singleLineString = () => z.string().regex(SINGLE_LINE, SINGLE_LINE_MESSAGE);

/**
 * A whole number with thousands separators, as en-GB writes it (`10,000`). Not
 * `toLocaleString`: that loads ICU's locale data, 15-25 ms of every cold start, and
 * the schemas below call this at import.
 */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Single-line text of at most `max` characters, trimmed, not empty. */
export const singleLine = (max: number) =>
  singleLineString()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${grouped(max)} characters`);

/** The API's limits (docs/architecture.md, HTTP conventions): names and subjects 300 characters, free text 10,000; names and subjects are plain text on one line. */
export const Name = singleLine(300);
export const FreeText = z.string().max(10_000, 'must be at most 10,000 characters');
export const RequiredText = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10,000 characters');
export const Id = singleLine(64);
export const Timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });
export const CalendarDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const Channel = z.enum(['PHONE', 'EMAIL', 'POST', 'VISIT', 'ONLINE']);
export type Channel = z.infer<typeof Channel>;

export const ActorSchema = z.object({ sub: z.string(), name: z.string() });
/** Who acted, as every resource names them. */
export type ActorResource = z.infer<typeof ActorSchema>;

/** The query of every paginated list (docs/architecture.md, HTTP conventions: default 50, at most 100). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

/**
 * A page of a list as the API answers it (docs/architecture.md, HTTP conventions):
 * `items`, and `nextCursor` on every page but the last.
 */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional().describe('Pass as `cursor` for the next page; absent on the last.') });

/** A list answered whole, never paged (a search, a lookup by reference). */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A timeline or strategy history entry's `fields`: what happened, as a flat record of strings, numbers, yes/no and lists of strings (lib/domain/timeline-words.ts words it). */
export const EntryFieldsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

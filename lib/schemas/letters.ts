import * as z from 'zod';
import { LETTER_QUEUES } from '../domain/post.js';
import { PageQuery, RequiredText, Timestamp } from './common.js';

/** `GET /letters?status=`: the print queue (PRINT_READY) or the failed letters (FAILED), a page at a time. */
export const LetterQueueQuery = PageQuery.extend({
  status: z.enum(Object.keys(LETTER_QUEUES) as [keyof typeof LETTER_QUEUES, ...(keyof typeof LETTER_QUEUES)[]]),
});

/** `POST /letters/{id}/posted`: when the printed letter was posted. */
export const MarkPosted = z.object({ postedAt: Timestamp });
export type MarkPosted = z.infer<typeof MarkPosted>;

/** `POST /letters/{id}/returned`: when the letter came back, and why (as the envelope or the person says). */
export const RecordReturned = z.object({ returnedAt: Timestamp, reason: RequiredText });
export type RecordReturned = z.infer<typeof RecordReturned>;

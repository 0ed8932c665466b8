import * as z from 'zod';
import { LETTER_QUEUES } from '../domain/post.js';
import { LETTER_KINDS } from '../domain/letter.js';
import { LETTER_CHANNELS, LETTER_STATUSES } from '../domain/letter-routes.js';
import { REPRESENTATIVE_KINDS } from '../domain/representatives.js';
import { ActorSchema, PageQuery, RequiredText, Timestamp, pageOf } from './common.js';

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

/** A letter as the API answers it: exactly what was sent, to whom, and when. Loose: a later release may add fields. */
export const LetterResource = z.looseObject({
  id: z.string(),
  strategyId: z.string().optional().describe('The strategy it is about; absent on a WARNING letter.'),
  warningId: z.string().optional().describe('A WARNING letter names its warning (it has no strategy).'),
  serviceUserId: z.string(),
  kind: z.enum(LETTER_KINDS),
  channel: z.enum(LETTER_CHANNELS),
  status: z.enum(LETTER_STATUSES),
  to: z.array(z.string()).optional().describe('Email: the addresses it went to, as sent.'),
  recipientName: z.string().optional().describe('Post: the name on the envelope, as sent.'),
  postalAddress: z.object({ lines: z.array(z.string()), postcode: z.string() }).optional().describe('Post: the address on the envelope, as sent.'),
  subject: z.string(),
  text: z.string().describe('The letter as sent, in plain text.'),
  html: z.string().describe('The letter as sent, as HTML.'),
  createdAt: z.string(),
  sentAt: z.string().optional().describe('When it was sent (email) or put on the post queue (post).'),
  copyFor: z
    .object({ representativeId: z.string(), name: z.string(), kind: z.enum(REPRESENTATIVE_KINDS) })
    .optional()
    .describe("A copy sent to the person's representative at their request, not the person's own letter."),
  postedAt: z.string().optional().describe('Post: when it was posted (absent when GOV.UK Notify posted it).'),
  postedBy: ActorSchema.optional(),
  returned: z.object({ at: z.string(), reason: z.string(), recordedBy: ActorSchema, recordedAt: z.string() }).optional().describe('Post: when it came back undelivered, and why.'),
  failure: z.object({ reason: z.string() }).optional().describe('Why it could not be sent (FAILED), in words.'),
  resentFrom: z.string().optional().describe('The letter this one sent again.'),
  notifyId: z.string().optional().describe('Post with GOV.UK Notify: its notification id.'),
});
export const LetterPage = pageOf(LetterResource);

import { addMonths } from './calendar.js';

/**
 * UK GDPR storage limitation: how long records are kept. Pure; the settings
 * (RETENTION_YEARS, UNMATCHED_CONTACT_RETENTION_DAYS) and the clock are passed in.
 */

/**
 * A concluded case is due for a disposal review `retentionYears` after the UK
 * calendar day it was concluded (the same day of the month, clamped to its end).
 */
export function caseRetainUntil(concludedOn: string, retentionYears: number): string {
  return addMonths(concludedOn, 12 * retentionYears);
}

/**
 * A screened contact that matched nobody and named no case is on no one's record,
 * so it is kept only `retentionDays` from when it was screened: the epoch second
 * after which DynamoDB's TTL may remove it. Anything on someone's record has none.
 */
export function unmatchedContactExpiry(contact: { matchedPeople: number; caseId?: string }, screenedAt: Date, retentionDays: number): number | undefined {
  if (contact.matchedPeople !== 0 || contact.caseId !== undefined) return undefined;
  return Math.floor(screenedAt.getTime() / 1000) + retentionDays * 24 * 60 * 60;
}

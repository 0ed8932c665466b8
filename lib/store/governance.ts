/**
 * What the governance figures read: the monthly tallies of lib/store/figures.ts,
 * one Query over the FIGURES partition (at most SHARDS small items per month that
 * had an event). Every month up to the last one asked for is read, because the
 * number in force at a month's end is the running sum of `inForceChange` since the
 * first month ever; its cost grows with the months on record (ninety-six items a
 * year at most), never with the people.
 */
import { ukMonthOf } from '../domain/calendar.js';
import { tallies, tallyWrite, type Tally } from './figures.js';
import type { Write } from './write.js';

/** Before any month a tally can be in: the running sum starts here. */
const FIRST_MONTH = '0000-01';

/** Every month's tallies (shards summed) up to and including `to` (YYYY-MM). */
export function talliesThrough(to: string): Promise<Map<string, Tally>> {
  return tallies(FIRST_MONTH, to);
}

/**
 * The write (none, or one) that adds `tally` to the counters of the UK month `at`
 * falls in, for the event about `entityId`: put it in the event's own transaction,
 * so the figures count exactly the events that were committed.
 */
export function figuresWrites(at: string, entityId: string, tally: Tally): Write[] {
  const write = tallyWrite(ukMonthOf(at), entityId, tally);
  return write ? [write] : [];
}

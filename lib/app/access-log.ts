/**
 * Who read a person's record: every read of it (the person, their cases, strategies,
 * letters, contacts, warnings, the export and this log itself; a case, its timeline,
 * contacts or incidents, an incident, a strategy, its letter's preview, breaches or
 * appeals, a breach, an appeal or a letter of theirs) is recorded as `{ at, actor, route }` against the
 * person. The entry is written after the record was found and before it is answered,
 * so no read is answered unlogged: if the entry cannot be written, the read fails too
 * (503), and a read that fails (404, a bad cursor) records nothing.
 */
import type { Actor } from '../domain/staff.js';
import { nowIso } from '../clock.js';
import { putAccessLogEntry } from '../store/person-record.js';

/** Who is reading, and the request they made (method and path, ids only: no query string). */
export interface Reader {
  actor: Actor;
  route: string;
}

/** Records one read against the person (a single PutItem). A record of nobody's (an empty owner) is not logged. */
export async function recordRead(serviceUserId: string, reader: Reader): Promise<void> {
  if (!serviceUserId) return;
  await putAccessLogEntry(serviceUserId, { at: nowIso(), actor: reader.actor, route: reader.route });
}

/**
 * The read of one record of a person's (a case, an incident, a strategy, a breach, an
 * appeal): found, or 404 with nothing logged, then logged against its person.
 */
export const loggedRead =
  <T extends { serviceUserId: string }>(find: (id: string) => Promise<T>) =>
  async (id: string, reader: Reader): Promise<T> => {
    const found = await find(id);
    await recordRead(found.serviceUserId, reader);
    return found;
  };

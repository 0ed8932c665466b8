import { ulid } from 'ulid';
import type { RepresentativeKind } from '../domain/representatives.js';
import type { Decision } from '../domain/screening.js';
import type { Actor } from '../domain/staff.js';
import type { Channel } from '../schemas/common.js';
import { inPartition, queryPage, type Page, type Write } from './db.js';
import { countCallWrites } from './person-snapshot.js';
import { CONTACT_KEYS, KEY, stripKeys, timeRange, type Stored } from './table.js';
import { timelineWrite } from './timeline.js';

export type ContactChannel = Channel;

/** An entry of the contact log. Screened contacts carry the screening outcome. */
export interface Contact {
  id: string;
  caseId?: string;
  serviceUserId?: string;
  channel: ContactChannel;
  direction: 'INBOUND' | 'OUTBOUND';
  occurredAt: string;
  summary: string;
  durationMinutes?: number;
  /** The address or number it came from, normalised (screened contacts). */
  from?: string;
  screening?: {
    decision: Decision;
    reasons: string[];
    strategyId?: string;
    potentialBreach: boolean;
    freshMatter: boolean;
  };
  /** Where it came in from: `INBOUND_EMAIL` for email screened by the inbound gateway, `SWITCHBOARD` for a call screened at the switchboard. */
  source?: 'INBOUND_EMAIL' | 'SWITCHBOARD';
  /** Inbound email whose sender could not be verified (DMARC did not pass), or that could not be read: recorded against nobody. */
  senderUnverified?: boolean;
  /** Inbound email from an unverified sender: the `From` address it claims (never trusted, so not `from`). */
  claimedFrom?: string;
  /** Inbound email held back as spam or a virus: not forwarded, queued for a second read. */
  quarantined?: 'SPAM' | 'VIRUS';
  /** From the person's representative, not the person: recorded on the person's record, never restricted by their strategy. */
  representative?: { id: string; name: string; kind: RepresentativeKind };
  /** Outside the office's remit (policy 1.1): recorded without a case, with where the person was signposted. */
  outsideRemit?: { signpostedTo: string };
  recordedAt: string;
  recordedBy: Actor;
}

type ContactItem = Stored<Contact>;

const toContact = (item: ContactItem): Contact => stripKeys(item);

/**
 * The item for a contact: by id on the base table, listed by case (GSI1) and by
 * person in time order (GSI2). Contacts matched to nobody are kept under
 * `UNMATCHED_CONTACT` so they are still on the record, with a `ttl` (decided by
 * `unmatchedContactExpiry` in lib/domain/retention.ts): they are on no one's record.
 */
export function contactItem(c: Contact, ttl?: number): ContactItem {
  return {
    ...KEY.contact(c.id),
    ...(ttl !== undefined ? { ttl } : {}),
    ...CONTACT_KEYS.indexKeys(c),
    entity: 'Contact',
    ...c,
  };
}

/**
 * Everything one logged contact writes, for one transaction: the contact, its
 * timeline entry on the case, and (inbound telephone calls of a known person)
 * the call counts TELEPHONE_LIMIT is checked against.
 */
export function contactWrites(
  c: Omit<Contact, 'id'> & { id?: string },
  person?: { id: string; emails: string[]; phones: string[] },
  /** Epoch seconds after which DynamoDB may delete the contact (only contacts matched to nobody have one). */
  ttl?: number,
): { contact: Contact; writes: Write[] } {
  const contact: Contact = { ...c, id: c.id ?? ulid() };
  const writes: Write[] = [{ Put: { Item: contactItem(contact, ttl), ConditionExpression: 'attribute_not_exists(pk)' } }];
  if (contact.caseId) {
    writes.push(
      timelineWrite(contact.caseId, {
        at: contact.recordedAt,
        actor: contact.recordedBy,
        kind: 'CONTACT',
        fields: { direction: contact.direction, channel: contact.channel, summary: contact.summary, ...(contact.screening ? { decision: contact.screening.decision } : {}) },
        ref: { contactId: contact.id, ...(contact.screening?.strategyId ? { strategyId: contact.screening.strategyId } : {}) },
      }),
    );
  }
  // A representative's call is not the person's: it never counts towards their telephone limit.
  if (person && contact.channel === 'PHONE' && contact.direction === 'INBOUND' && !contact.representative) {
    writes.push(...countCallWrites(person, new Date(contact.occurredAt)));
  }
  return { contact, writes };
}

/** The contacts of a case, newest first. */
export async function listContactsOfCase(caseId: string, limit: number, cursor?: string): Promise<Page<Contact>> {
  return queryPage<Contact, ContactItem>({ ...inPartition(CONTACT_KEYS.ofCase(caseId)), ScanIndexForward: false }, limit, cursor, toContact);
}

/**
 * The contacts of a person whose `occurredAt` falls in [from, to] (either end may
 * be open), newest first, over GSI2. `from` and `to` are UTC ISO timestamps.
 */
export async function listContactsOfServiceUser(serviceUserId: string, from: string | undefined, to: string | undefined, limit: number, cursor?: string): Promise<Page<Contact>> {
  return queryPage<Contact, ContactItem>({ ...inPartition(CONTACT_KEYS.ofServiceUser(serviceUserId), timeRange(from, to)), ScanIndexForward: false }, limit, cursor, toContact);
}

/** Screened contacts flagged as a potential breach that no breach report names yet, newest first (sparse GSI3). */
export async function listPotentialBreaches(limit: number, cursor?: string): Promise<Page<Contact>> {
  return queryPage<Contact, ContactItem>({ ...inPartition(CONTACT_KEYS.potentialBreaches()), ScanIndexForward: false }, limit, cursor, toContact);
}

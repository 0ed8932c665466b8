import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import type { Write } from './db.js';
import { timelineWrite } from './db.js';
import { countCallWrites } from './person-snapshot.js';
import type { ServiceUserItem } from './service-users.js';
import { KEY, stripKeys } from './table.js';

export type ContactChannel = 'PHONE' | 'EMAIL' | 'POST' | 'VISIT' | 'ONLINE';

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
    decision: string;
    reasons: string[];
    strategyId?: string;
    potentialBreach: boolean;
    freshMatter: boolean;
  };
  recordedAt: string;
  recordedBy: Actor;
}

export const toContact = (item: Record<string, unknown>) => stripKeys(item) as unknown as Contact;

/**
 * The item for a contact: by id on the base table, listed by case (GSI1) and by
 * person in time order (GSI2). Contacts matched to nobody are kept under
 * `UNMATCHED_CONTACT` so they are still on the record.
 */
export function contactItem(c: Contact) {
  return {
    ...KEY.contact(c.id),
    ...(c.caseId ? { gsi1pk: `CASE#${c.caseId}#CONTACT`, gsi1sk: `${c.occurredAt}#${c.id}` } : {}),
    gsi2pk: c.serviceUserId ? `SU#${c.serviceUserId}#CONTACT` : 'UNMATCHED_CONTACT',
    gsi2sk: `${c.occurredAt}#${c.id}`,
    entity: 'Contact',
    ...c,
  };
}

/**
 * Everything one logged contact writes, for one transaction: the contact, its
 * timeline entry on the case, and (inbound telephone calls of a known person)
 * the call counts TELEPHONE_LIMIT is checked against.
 */
export function contactWrites(c: Omit<Contact, 'id'> & { id?: string }, person?: Pick<ServiceUserItem, 'id' | 'emails' | 'phones'>): { contact: Contact; writes: Write[] } {
  const contact: Contact = { ...c, id: c.id ?? ulid() };
  const writes: Write[] = [{ Put: { Item: contactItem(contact), ConditionExpression: 'attribute_not_exists(pk)' } }];
  if (contact.caseId) {
    const outcome = contact.screening ? ` Screened: ${contact.screening.decision}.` : '';
    writes.push(
      timelineWrite(contact.caseId, {
        at: contact.recordedAt,
        actor: contact.recordedBy,
        kind: 'CONTACT',
        summary: `${contact.direction === 'INBOUND' ? 'Inbound' : 'Outbound'} ${contact.channel.toLowerCase()} contact: ${contact.summary}${outcome}`,
        ref: { contactId: contact.id, ...(contact.screening?.strategyId ? { strategyId: contact.screening.strategyId } : {}) },
      }),
    );
  }
  if (person && contact.channel === 'PHONE' && contact.direction === 'INBOUND') {
    writes.push(...countCallWrites(person, new Date(contact.occurredAt)));
  }
  return { contact, writes };
}

import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { nowIso } from '../clock.js';
import { conflict } from '../errors.js';
import type { CreateContact } from '../schemas/contacts.js';
import type { Page, Write } from './db.js';
import { getItem, queryPage, timelineWrite } from './db.js';
import { countCallWrites } from './person-snapshot.js';
import type { ServiceUserItem } from './service-users.js';
import { INDEX, KEY, stripKeys } from './table.js';

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
 * `UNMATCHED_CONTACT` so they are still on the record, with a `ttl` (set by the
 * caller, UNMATCHED_CONTACT_RETENTION_DAYS): they are on no one's record.
 */
export function contactItem(c: Contact, ttl?: number) {
  return {
    ...KEY.contact(c.id),
    ...(ttl !== undefined ? { ttl } : {}),
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
export function contactWrites(
  c: Omit<Contact, 'id'> & { id?: string },
  person?: Pick<ServiceUserItem, 'id' | 'emails' | 'phones'>,
  /** Epoch seconds after which DynamoDB may delete the contact (only contacts matched to nobody have one). */
  ttl?: number,
): { contact: Contact; writes: Write[] } {
  const contact: Contact = { ...c, id: c.id ?? ulid() };
  const writes: Write[] = [{ Put: { Item: contactItem(contact, ttl), ConditionExpression: 'attribute_not_exists(pk)' } }];
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

// --- the contact log ---------------------------------------------------------

/**
 * A contact logged by staff against a case (`POST /cases/{id}/contacts`): the
 * contact, its timeline entry and, for an inbound call, the person's call counts,
 * all in one transaction (see `contactWrites`).
 */
export function logContactWrites(
  kase: { id: string; serviceUserId: string },
  person: Pick<ServiceUserItem, 'id' | 'emails' | 'phones'>,
  input: CreateContact,
  actor: Actor,
): { contact: Contact; writes: Write[] } {
  const { contact, writes } = contactWrites(
    {
      caseId: kase.id,
      serviceUserId: kase.serviceUserId,
      channel: input.channel,
      direction: input.direction,
      occurredAt: input.occurredAt,
      summary: input.summary,
      durationMinutes: input.durationMinutes,
      recordedAt: nowIso(),
      recordedBy: actor,
    },
    person,
  );
  // A call-count update fails only if the person's contact points changed since we
  // read them: answer 409 (read again and retry), never a 500.
  return {
    contact,
    writes: writes.map((w) =>
      w.onConditionFailed ? w : { ...w, onConditionFailed: () => conflict('The service user changed while this contact was being logged; please retry.') },
    ),
  };
}

export async function getContact(id: string): Promise<Contact | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.contact(id));
  return item ? toContact(item) : undefined;
}

/** The contacts of a case, newest first. */
export async function listContactsOfCase(caseId: string, limit: number, cursor?: string): Promise<Page<Contact>> {
  return queryPage(
    {
      IndexName: INDEX.GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}#CONTACT` },
      ScanIndexForward: false,
    },
    limit,
    cursor,
    toContact,
  );
}

/**
 * The contacts of a person whose `occurredAt` falls in [from, to] (either end may
 * be open), newest first, over GSI2. `from` and `to` are UTC ISO timestamps.
 */
export async function listContactsOfServiceUser(serviceUserId: string, from: string | undefined, to: string | undefined, limit: number, cursor?: string): Promise<Page<Contact>> {
  // Sort keys are `<occurredAt>#<id>`: '#' sorts below every id character and
  // '~' above, so these bounds include every contact at exactly `from` or `to`.
  const lower = from ? `${from}#` : undefined;
  const upper = to ? `${to}#~` : undefined;
  const values: Record<string, unknown> = { ':pk': `SU#${serviceUserId}#CONTACT` };
  let range = '';
  if (lower && upper) {
    range = ' AND gsi2sk BETWEEN :lo AND :hi';
    values[':lo'] = lower;
    values[':hi'] = upper;
  } else if (lower) {
    range = ' AND gsi2sk >= :lo';
    values[':lo'] = lower;
  } else if (upper) {
    range = ' AND gsi2sk <= :hi';
    values[':hi'] = upper;
  }
  return queryPage(
    { IndexName: INDEX.GSI2, KeyConditionExpression: `gsi2pk = :pk${range}`, ExpressionAttributeValues: values, ScanIndexForward: false },
    limit,
    cursor,
    toContact,
  );
}

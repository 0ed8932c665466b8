/**
 * The queue of contacts logged without a reply (lib/domain/unanswered.ts): a small
 * item beside each such contact, in the contact's partition, on GSI1 while it waits
 * for its second read and after (see UNANSWERED_KEYS in table.ts).
 *
 * | item               | pk           | sk         | GSI1                                                                         |
 * |--------------------|--------------|------------|------------------------------------------------------------------------------|
 * | unanswered contact | CONTACT#<id> | UNANSWERED | UNANSWERED#UNCHECKED / <occurredAt>#<id>, then UNANSWERED#CHECKED / <checkedAt>#<id> |
 *
 * The queue item carries a copy of the contact (a contact is never edited, so the
 * copy cannot drift), so one Query lists the queue; the check is written on both.
 */
import type { Actor } from '../domain/staff.js';
import type { CheckOutcome } from '../domain/unanswered.js';
import type { Contact } from './contacts.js';
import { getItem, inPartition, queryPage, type Page, type Write } from './db.js';
import { KEY, stripKeys, UNANSWERED_KEYS, type Stored } from './table.js';

/** A second read, as recorded on the contact and its queue item. */
export interface ContactCheck {
  outcome: CheckOutcome;
  notes: string;
  /** FRESH_MATTER: the case opened for the fresh matter. */
  caseId?: string;
  by: Actor;
  at: string;
}

/** A contact logged without a reply, with its check once made. */
export type UnansweredContact = Contact & { check?: ContactCheck };

type UnansweredItem = Stored<UnansweredContact>;

const toUnanswered = (item: UnansweredItem): UnansweredContact => stripKeys(item);

function unansweredItem(u: UnansweredContact, ttl?: number): UnansweredItem {
  return { ...UNANSWERED_KEYS.item(u.id), ...UNANSWERED_KEYS.indexKeys(u), ...(ttl !== undefined ? { ttl } : {}), entity: 'UnansweredContact', ...u };
}

/** The queue item of a contact just logged without a reply, for the contact's own transaction (with the contact's `ttl`, if any). */
export function unansweredWrite(contact: Contact, ttl?: number): Write {
  return { Put: { Item: unansweredItem(contact, ttl), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The contact as queued for its second read; undefined when it was never queued (or there is no such contact). */
export async function getUnanswered(contactId: string): Promise<UnansweredContact | undefined> {
  const item = await getItem<UnansweredItem>(UNANSWERED_KEYS.item(contactId));
  return item ? toUnanswered(item) : undefined;
}

/** Error path only: the screening decision of a contact that is not queued (undefined: no such contact). */
export async function contactDecision(contactId: string): Promise<{ decision?: string } | undefined> {
  const item = await getItem<Pick<Contact, 'screening'>>(KEY.contact(contactId), 'screening');
  return item ? { decision: item.screening?.decision } : undefined;
}

/** Unchecked contacts oldest first (the longest waiting at the top); checked ones most recently checked first. */
export async function listUnanswered(checked: boolean, limit: number, cursor?: string): Promise<Page<UnansweredContact>> {
  return queryPage<UnansweredContact, UnansweredItem>({ ...inPartition(UNANSWERED_KEYS.queue(checked)), ScanIndexForward: !checked }, limit, cursor, toUnanswered);
}

/** The name of the writes that record a check: their condition fails when the contact was already checked. */
export const CHECK_WRITE = 'check';
/** The name of the ConditionCheck on the case a FRESH_MATTER names. */
export const FRESH_CASE_WRITE = 'caseId';

/**
 * The check, on the contact and on its queue item (which moves to the checked
 * queue), each on the condition that no check is there yet: checked once.
 */
export function checkWrites(u: UnansweredContact, check: ContactCheck): Write[] {
  const condition = { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#check)' };
  const moved = UNANSWERED_KEYS.indexKeys({ ...u, check });
  return [
    {
      name: CHECK_WRITE,
      Update: { Key: KEY.contact(u.id), UpdateExpression: 'SET #check = :check', ExpressionAttributeNames: { '#check': 'check' }, ExpressionAttributeValues: { ':check': check }, ...condition },
    },
    {
      name: CHECK_WRITE,
      Update: {
        Key: UNANSWERED_KEYS.item(u.id),
        UpdateExpression: 'SET #check = :check, gsi1pk = :gpk, gsi1sk = :gsk',
        ExpressionAttributeNames: { '#check': 'check' },
        ExpressionAttributeValues: { ':check': check, ':gpk': moved.gsi1pk, ':gsk': moved.gsi1sk },
        ...condition,
      },
    },
  ];
}

/** That the case a FRESH_MATTER names is still there and, when the contact is someone's, theirs. */
export function freshCaseCheck(caseId: string, serviceUserId: string | undefined): Write {
  return {
    name: FRESH_CASE_WRITE,
    ConditionCheck: {
      Key: KEY.case(caseId),
      ConditionExpression: serviceUserId !== undefined ? 'attribute_exists(pk) AND serviceUserId = :su' : 'attribute_exists(pk)',
      ...(serviceUserId !== undefined ? { ExpressionAttributeValues: { ':su': serviceUserId } } : {}),
    },
  };
}

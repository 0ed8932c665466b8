/**
 * The contact log (policy 1.3: "all actions, contact and communication will be recorded").
 */
import type { Actor } from '../domain/staff.js';
import { now, nowIso } from '../clock.js';
import { notInFuture } from '../domain/not-in-future.js';
import { conflict, unprocessable } from '../errors.js';
import { config } from '../config.js';
import { ukMonthOf } from '../domain/calendar.js';
import { unmatchedContactExpiry } from '../domain/retention.js';
import type { CreateContact, CreateOutsideRemitContact } from '../schemas/contacts.js';
import { tallyWrite } from '../store/figures.js';
import { contactWrites, listContactsOfCase, listContactsOfServiceUser, listPotentialBreaches, type Contact } from '../store/contacts.js';
import type { Write } from '../store/db.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { requireCase } from './cases.js';
import { recordRead, type Reader } from './access-log.js';
import { getServiceUserItem } from '../store/service-users.js';
import { requireServiceUserItem } from './service-users.js';

/**
 * A call-count update fails only if the person's contact points changed since they
 * were read: every write that names no problem of its own answers 409 (read again
 * and retry), never a 500.
 */
export function answeringConflict(writes: Write[], detail: string): Write[] {
  return writes.map((w) => (w.onConditionFailed ? w : { ...w, onConditionFailed: () => conflict(detail) }));
}

/**
 * A contact logged by staff against a case (`POST /cases/{id}/contacts`), once per
 * `Idempotency-Key`: the contact, its timeline entry and, for an inbound call, the
 * person's call counts, in one transaction. 422 when it is dated in the future.
 */
export function logContact(caseId: string, input: CreateContact, actor: Actor, idempotency?: IdempotencyScope): Promise<Contact> {
  return once(idempotency, () => contactOnCase(caseId, input, actor));
}

async function contactOnCase(caseId: string, input: CreateContact, actor: Actor): Promise<Produced<Contact>> {
  const kase = await requireCase(caseId);
  const errors = notInFuture('occurredAt', input.occurredAt, now());
  if (errors.length) throw unprocessable('occurredAt must not be in the future.', errors);
  const person = await requireServiceUserItem(kase.serviceUserId);
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
  return { result: contact, writes: answeringConflict(writes, 'The service user changed while this contact was being logged; please retry.') };
}

/**
 * `POST /contacts`: a contact outside the office's remit (policy 1.1), once per
 * `Idempotency-Key`: recorded without a case, on the person's record when one is named (422
 * when there is no such person), with where they were signposted, and counted in the
 * month's governance figures (`outsideRemit`). A call about something outside the
 * remit is still the person's call: it counts towards a telephone limit like any other.
 */
export function logOutsideRemit(input: CreateOutsideRemitContact, actor: Actor, idempotency?: IdempotencyScope): Promise<Contact> {
  return once(idempotency, () => contactOutsideRemit(input, actor));
}

async function contactOutsideRemit(input: CreateOutsideRemitContact, actor: Actor): Promise<Produced<Contact>> {
  const errors = notInFuture('occurredAt', input.occurredAt, now());
  if (errors.length) throw unprocessable('occurredAt must not be in the future.', errors);
  const person = input.serviceUserId !== undefined ? await getServiceUserItem(input.serviceUserId) : undefined;
  if (input.serviceUserId !== undefined && !person) throw unprocessable('There is no such service user.', [{ path: 'serviceUserId', message: 'there is no such service user' }]);
  const { contact, writes } = contactWrites(
    {
      ...(person ? { serviceUserId: person.id } : {}),
      channel: input.channel,
      direction: input.direction,
      occurredAt: input.occurredAt,
      summary: input.summary,
      durationMinutes: input.durationMinutes,
      outsideRemit: input.outsideRemit,
      recordedAt: nowIso(),
      recordedBy: actor,
    },
    person,
    // Named nobody: kept as long as any contact that matched nobody.
    person ? undefined : unmatchedContactExpiry({ matchedPeople: 0 }, now(), config.UNMATCHED_CONTACT_DAYS),
  );
  const tally = tallyWrite(ukMonthOf(contact.occurredAt), contact.id, { outsideRemit: 1 });
  return { result: contact, writes: [...answeringConflict(writes, 'The service user changed while this contact was being logged; please retry.'), ...(tally ? [tally] : [])] };
}

/** The contacts of a case, newest first (404 when there is no such case). */
export async function contactsOfCase(caseId: string, limit: number, cursor: string | undefined, reader: Reader) {
  const kase = await requireCase(caseId);
  const page = await listContactsOfCase(caseId, limit, cursor);
  await recordRead(kase.serviceUserId, reader);
  return page;
}

/** The contacts of a person in a time window, newest first (404 when there is no such person). */
export async function contactsOfServiceUser(serviceUserId: string, window: { from?: string; to?: string }, limit: number, cursor: string | undefined, reader: Reader) {
  await requireServiceUserItem(serviceUserId);
  const page = await listContactsOfServiceUser(serviceUserId, window.from, window.to, limit, cursor);
  await recordRead(serviceUserId, reader);
  return page;
}

/** `GET /contacts/potential-breaches`: the managers' inbox of screened contacts flagged as a potential breach, newest first. */
export async function potentialBreaches(limit: number, cursor?: string) {
  return listPotentialBreaches(limit, cursor);
}

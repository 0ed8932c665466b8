/**
 * Contacts logged without a reply: a contact screened LOG_ONLY,
 * REFUSE or CHANNEL_BLOCKED gets no answer, so it is queued when it is recorded
 * (by `POST /contacts/screen` and by inbound email, which share lib/app/screening.ts)
 * and someone other than the person who logged it reads it again for a fresh matter
 * or a safeguarding concern. The check lands on the contact, its queue item and the
 * case timelines in one transaction, with the governance tally when it is in time.
 */
import type { Actor } from '../domain/staff.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import { ukMonthOf } from '../domain/calendar.js';
import { alreadyCheckedWords, awaitsSecondRead, checkDueBy, checkedInTime, checkErrors, isOverdue, mayCheck, notUnansweredWords, safeguardingConcernEmail } from '../domain/unanswered.js';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { logger } from '../observability.js';
import type { CheckContact } from '../schemas/unanswered.js';
import { getCase } from '../store/cases.js';
import type { Contact } from '../store/contacts.js';
import { commit, ConditionFailed, timelineWrite, type Page, type Write } from '../store/db.js';
import { tallyWrite } from '../store/figures.js';
import { getServiceUserItem } from '../store/service-users.js';
import { CHECK_WRITE, checkWrites, contactDecision, FRESH_CASE_WRITE, freshCaseCheck, getUnanswered, listUnanswered, unansweredWrite, type ContactCheck, type UnansweredContact } from '../store/unanswered.js';
import { NOT_ON_RECORD } from '../domain/staff-emails.js';
import { emailStaff } from './staff-email.js';

/** A contact logged without a reply as the API answers it: with its check-by date and whether it is overdue. */
export type UnansweredView = UnansweredContact & { checkDueBy: string; overdue: boolean };

const viewOf = (u: UnansweredContact): UnansweredView => ({
  ...u,
  checkDueBy: checkDueBy(u.occurredAt, config.UNANSWERED_CHECK_DAYS),
  overdue: isOverdue(u.occurredAt, u.check !== undefined, now(), config.UNANSWERED_CHECK_DAYS),
});

/**
 * The writes that queue a contact just recorded for its second read, when its
 * screening left it without a reply, and count it (`unansweredLogged`, in the UK
 * month of the contact): for the contact's own transaction. None otherwise.
 */
export function queuedForSecondRead(contact: Contact, ttl?: number): Write[] {
  if (!contact.screening || !awaitsSecondRead(contact.screening.decision, contact)) return [];
  const tally = tallyWrite(ukMonthOf(contact.occurredAt), contact.id, { unansweredLogged: 1 });
  return [unansweredWrite(contact, ttl), ...(tally ? [tally] : [])];
}

/** `GET /contacts/unanswered?checked=`: waiting for a second read, oldest first; or read, most recently checked first. */
export async function listUnansweredContacts(checked: boolean, limit: number, cursor?: string): Promise<Page<UnansweredView>> {
  const page = await listUnanswered(checked, limit, cursor);
  return { ...page, items: page.items.map(viewOf) };
}

const alreadyChecked = (c: ContactCheck) => conflict(alreadyCheckedWords(c), { state: 'CHECKED' });

/** 404 for no such contact, 409 for a contact that was answered (so has no second read). */
async function notQueued(contactId: string) {
  const found = await contactDecision(contactId);
  if (!found) return notFound('There is no such contact.');
  return conflict(notUnansweredWords(found.decision), found.decision ? { decision: found.decision } : {});
}

/**
 * `POST /contacts/{id}/check`: the second read, once (409 after), by someone other
 * than whoever logged the contact (403). FRESH_MATTER names the person's case opened
 * for it (422 otherwise); SAFEGUARDING emails the Statutory Operations Manager once
 * the check is recorded.
 */
export async function checkContact(contactId: string, input: CheckContact, actor: Actor): Promise<UnansweredView> {
  const u = await getUnanswered(contactId);
  if (!u) throw await notQueued(contactId);
  if (!mayCheck(u.recordedBy, actor)) throw forbidden('Nobody may check a contact they logged themselves: the second read is by someone else.');
  if (u.check) throw alreadyChecked(u.check);

  const fresh = input.outcome === 'FRESH_MATTER' && input.caseId !== undefined ? await getCase(input.caseId) : undefined;
  const errors = checkErrors(input, u, fresh);
  if (errors.length > 0) throw unprocessable(`The check breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${errors.map((e) => e.path).join(', ')}.`, errors);

  const at = nowIso();
  const check: ContactCheck = { outcome: input.outcome, notes: input.notes, ...(fresh ? { caseId: fresh.id } : {}), by: actor, at };
  const fields = { decision: u.screening?.decision ?? 'unknown', checkedBy: actor.name, outcome: check.outcome, notes: check.notes, ...(fresh ? { freshCaseRef: fresh.reference } : {}) };
  const ref = { contactId: u.id, outcome: check.outcome, ...(fresh ? { freshCaseId: fresh.id } : {}) };
  const caseIds = [...new Set([u.caseId, fresh?.id].filter((id): id is string => id !== undefined))];
  const tally = checkedInTime(u.occurredAt, new Date(at), config.UNANSWERED_CHECK_DAYS) ? tallyWrite(ukMonthOf(u.occurredAt), u.id, { unansweredCheckedInTime: 1 }) : undefined;
  const writes: Write[] = [
    ...checkWrites(u, check),
    ...(fresh ? [freshCaseCheck(fresh.id, u.serviceUserId)] : []),
    ...caseIds.map((caseId) => timelineWrite(caseId, { at, actor, kind: 'CONTACT_CHECKED', fields, ref })),
    ...(tally ? [tally] : []),
  ];
  try {
    await commit(writes);
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === CHECK_WRITE) {
      const latest = await getUnanswered(contactId);
      if (latest?.check) throw alreadyChecked(latest.check);
    }
    if (err instanceof ConditionFailed && err.write === FRESH_CASE_WRITE) {
      throw unprocessable('The case named for the fresh matter changed while the check was being recorded.', [{ path: 'caseId', message: 'is no longer a case of this service user' }]);
    }
    throw err;
  }
  const checked: UnansweredContact = { ...u, check };
  if (check.outcome === 'SAFEGUARDING') await tellManager(checked, check);
  return viewOf(checked);
}

/** Emails the Statutory Operations Manager about a safeguarding concern (naming the person; none of the contact's content). */
async function tellManager(u: UnansweredContact, check: ContactCheck): Promise<void> {
  try {
    const [person, kase] = await Promise.all([u.serviceUserId ? getServiceUserItem(u.serviceUserId) : undefined, u.caseId ? getCase(u.caseId) : undefined]);
    const personName = person?.name ?? (u.serviceUserId ? NOT_ON_RECORD.person : 'a sender not matched to one person on record');
    await emailStaff(
      [config.SOM_EMAIL],
      safeguardingConcernEmail({
        personName,
        caseRefs: kase ? [kase.reference] : [],
        underStrategy: u.screening?.strategyId !== undefined,
        channel: u.channel,
        occurredAt: u.occurredAt,
        checkedBy: check.by,
        notes: check.notes,
      }),
    );
  } catch (err) {
    // The check is recorded either way, and the checked list shows it as SAFEGUARDING.
    logger.error('safeguarding email to the SOM not sent', { contactId: u.id, errorName: (err as Error)?.name });
  }
}

/**
 * Data access for screening (`POST /contacts/screen`), at the physical floor of
 * two DynamoDB round trips:
 *
 *   1. ONE read that brings the person and the screening snapshot (strategies in
 *      force, call counts): GetItem of the PROFILE by `serviceUserId`, or one Query
 *      on GSI1 by the contact point `from` (each contact-point item carries the
 *      snapshot and the person's other contact points).
 *   2. ONE TransactWriteItems: the contact with its outcome (via `contactWrites`:
 *      the contact, its case timeline entry and the call counts on every copy of
 *      the snapshot), a ConditionCheck that the named case exists and is the
 *      person's, and, with an Idempotency-Key, the remembered response.
 *
 * Paths that cost more, all rare and documented: a case named with neither
 * `serviceUserId` nor a `from` that matches anyone (the case is read to find whose
 * it is: +1 or +2 reads); a contact-point item written before it carried the
 * person's other contact points (+1 Query); failures (a diagnostic read to tell
 * 404 from 422) and Idempotency-Key replays (+1 GetItem).
 */
import type { Actor } from '../domain/staff.js';
import type { ContactPointKind } from '../domain/contact-points.js';
import { representativeWords, type RepresentativeMatch } from '../domain/representatives.js';
import type { ScreenOutcome } from '../domain/screening.js';
import type { CallCounts, StrategyInForce } from '../schemas/restrictions.js';
import type { ScreenContact } from '../schemas/screening.js';
import { contactWrites, type Contact } from './contacts.js';
import { getItem, inPartition, queryAll, type Write } from './db.js';
import type { ContactPointItem, ServiceUserItem } from './service-users.js';
import { CONTACT_POINT_KEYS, KEY } from './table.js';

/** A person screening may apply to, with their snapshot and every contact point. */
export interface ScreeningSubject {
  id: string;
  emails: string[];
  phones: string[];
  inForce: StrategyInForce[];
  callCounts: CallCounts;
}

const SNAPSHOT_PROJECTION = 'serviceUserId, id, emails, phones, inForce, callCounts';

/** What the projection brings of a profile (`id`) or a contact point (`serviceUserId`); older items may lack the rest. */
type SnapshotItem = Partial<Pick<ServiceUserItem, 'id' | 'emails' | 'phones' | 'inForce' | 'callCounts'> & Pick<ContactPointItem, 'serviceUserId'>>;

function subjectOf(item: SnapshotItem): ScreeningSubject {
  return {
    id: item.serviceUserId ?? item.id ?? '',
    emails: item.emails ?? [],
    phones: item.phones ?? [],
    inForce: item.inForce ?? [],
    callCounts: item.callCounts ?? {},
  };
}

/** The person with this id, with their snapshot; undefined when there is no such person. */
export async function screeningSubjectById(id: string): Promise<ScreeningSubject | undefined> {
  const item = await getItem<SnapshotItem>(KEY.serviceUser(id), SNAPSHOT_PROJECTION);
  return item ? subjectOf(item) : undefined;
}

/**
 * A contact-point item written before contact points carried the person's other
 * contact points: read the person's contact-point partition once to find them all.
 */
async function completeContactPoints(subject: ScreeningSubject, matched: { kind: ContactPointKind; value: string }): Promise<ScreeningSubject> {
  const items = await queryAll<Pick<ContactPointItem, 'kind' | 'value'>>({
    ...inPartition(CONTACT_POINT_KEYS.ofServiceUser(subject.id)),
    ProjectionExpression: 'kind, #v',
    ExpressionAttributeNames: { '#v': 'value' },
    ConsistentRead: true,
  });
  const emails = items.filter((i) => i.kind === 'EMAIL').map((i) => i.value);
  const phones = items.filter((i) => i.kind === 'PHONE').map((i) => i.value);
  if (!items.length) (matched.kind === 'EMAIL' ? emails : phones).push(matched.value);
  return { ...subject, emails, phones };
}

/** Everyone on record at an email address or phone number (usually one; a shared household address can match several), by id. */
export async function screeningSubjectsAt(from: { kind: ContactPointKind; value: string }): Promise<ScreeningSubject[]> {
  const items = await queryAll<SnapshotItem>({ ...inPartition(CONTACT_POINT_KEYS.owners(from.kind, from.value)), ProjectionExpression: SNAPSHOT_PROJECTION });
  // One subject per person: a person is at an address once (an item not yet moved
  // from the person's partition, see move-deletable-items.ts, may be there twice).
  const byId = new Map(items.map(subjectOf).map((s) => [s.id, s]));
  const subjects = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  return Promise.all(subjects.map((s) => (s.emails.length + s.phones.length > 0 ? s : completeContactPoints(s, from))));
}

/** Whose case it is: the person's id, or undefined when there is no such case. */
export async function ownerOfCase(caseId: string): Promise<{ serviceUserId: string } | undefined> {
  return getItem<{ serviceUserId: string }>(KEY.case(caseId), 'serviceUserId');
}

/** Whether the case exists (error path only: tells an unknown case from another person's). */
export async function caseExists(caseId: string): Promise<boolean> {
  return (await getItem<{ pk: string }>(KEY.case(caseId), 'pk')) !== undefined;
}

// --- the one write ------------------------------------------------------------

/** The name of the ConditionCheck that the named case exists and is the person's. */
export const CASE_CHECK_WRITE = 'caseCheck';

export interface ScreenedContact {
  input: ScreenContact;
  /** Who it was screened against: exactly one person is attributed the contact; several (a shared address) none. */
  subjects: ScreeningSubject[];
  outcome: ScreenOutcome;
  at: Date;
  recordedAt: string;
  actor: Actor;
  /** Epoch seconds after which the contact may be removed (a contact on no one's record). */
  ttl?: number;
  /** From the person's representative (the one subject): named on the contact. */
  representative?: RepresentativeMatch;
  /** Inbound email: its source, whether the sender was verified (if not, the address it claims), whether it was held back. */
  inbound?: { source: 'INBOUND_EMAIL'; senderUnverified: boolean; claimedFrom?: string; quarantined?: 'SPAM' | 'VIRUS' };
  /** A telephone call screened at the switchboard (Amazon Connect). */
  source?: 'SWITCHBOARD';
}

/**
 * The screened contact with its outcome, for one transaction: held against the
 * case when one is named, the person when exactly one matched, or no one. With a
 * case, `caseCheck` (named `CASE_CHECK_WRITE`) checks it exists and is the person's.
 */
export function screenedContactWrites({ input, subjects, outcome, at, recordedAt, actor, ttl, inbound, source, representative }: ScreenedContact): { contact: Contact; writes: Write[]; caseCheck?: Write } {
  const person = subjects.length === 1 ? subjects[0] : undefined;
  const { contact, writes } = contactWrites(
    {
      caseId: input.caseId,
      serviceUserId: person?.id,
      channel: input.channel,
      direction: 'INBOUND',
      occurredAt: at.toISOString(),
      summary:
        input.summary ??
        `Inbound ${input.channel.toLowerCase()} contact${representative ? ` from ${representativeWords(representative)}, the service user's representative` : ''}, screened before it was answered.`,
      ...(representative ? { representative: { id: representative.representativeId, name: representative.name, kind: representative.kind } } : {}),
      durationMinutes: input.durationMinutes,
      // An unverified sender's address is only claimed: kept as `claimedFrom`, never as `from`.
      from: inbound?.senderUnverified ? undefined : input.from?.value,
      ...(inbound
        ? {
            source: inbound.source,
            ...(inbound.senderUnverified ? { senderUnverified: true, ...(inbound.claimedFrom ? { claimedFrom: inbound.claimedFrom } : {}) } : {}),
            ...(inbound.quarantined ? { quarantined: inbound.quarantined } : {}),
          }
        : {}),
      ...(source ? { source } : {}),
      screening: { decision: outcome.decision, reasons: outcome.reasons, strategyId: outcome.strategyId, potentialBreach: outcome.potentialBreach, freshMatter: input.freshMatter === true },
      recordedAt,
      recordedBy: actor,
    },
    person,
    ttl,
  );
  if (input.caseId === undefined) return { contact, writes };
  const ids = subjects.map((s) => s.id);
  const values: Record<string, string> = Object.fromEntries(ids.map((id, i) => [`:su${i}`, id]));
  const caseCheck: Write = {
    name: CASE_CHECK_WRITE,
    ConditionCheck: {
      Key: KEY.case(input.caseId),
      ConditionExpression: ids.length ? `attribute_exists(pk) AND serviceUserId IN (${Object.keys(values).join(', ')})` : 'attribute_exists(pk)',
      ...(ids.length ? { ExpressionAttributeValues: values } : {}),
    },
  };
  return { contact, writes, caseCheck };
}

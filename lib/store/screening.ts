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
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { now, nowIso } from '../clock.js';
import { conflict, ProblemError, unprocessable } from '../errors.js';
import { config } from '../config.js';
import type { ScreenOutcome } from '../domain/screening.js';
import type { CallCounts, StrategyInForce } from '../schemas/restrictions.js';
import type { ScreenContact, ScreenResult } from '../schemas/screening.js';
import { contactWrites } from './contacts.js';
import { commit, ConditionFailed, IDEMPOTENCY_WRITE, rememberWrite, TABLE, winnersResponse, type IdempotencyScope, type Write } from './db.js';
import { INDEX, KEY } from './table.js';

/** A person screening may apply to, with their snapshot and every contact point. */
export interface ScreeningSubject {
  id: string;
  emails: string[];
  phones: string[];
  inForce: StrategyInForce[];
  callCounts: CallCounts;
}

const SNAPSHOT_PROJECTION = 'serviceUserId, id, emails, phones, inForce, callCounts';

type Item = Record<string, unknown>;

function subjectOf(item: Item): ScreeningSubject {
  return {
    id: (item.serviceUserId ?? item.id) as string,
    emails: (item.emails as string[] | undefined) ?? [],
    phones: (item.phones as string[] | undefined) ?? [],
    inForce: (item.inForce as StrategyInForce[] | undefined) ?? [],
    callCounts: (item.callCounts as CallCounts | undefined) ?? {},
  };
}

async function getProfile(id: string): Promise<ScreeningSubject | undefined> {
  const res = await doc.send(new GetCommand({ TableName: TABLE, Key: KEY.serviceUser(id), ConsistentRead: true, ProjectionExpression: SNAPSHOT_PROJECTION }));
  return res.Item ? subjectOf(res.Item) : undefined;
}

/**
 * A contact-point item written before contact points carried the person's other
 * contact points: read the person's partition once to find them all.
 */
async function completeContactPoints(subject: ScreeningSubject, matched: { kind: 'EMAIL' | 'PHONE'; value: string }): Promise<ScreeningSubject> {
  const res = await doc.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cp)',
      ExpressionAttributeValues: { ':pk': KEY.serviceUser(subject.id).pk, ':cp': 'CP#' },
      ProjectionExpression: 'kind, #v',
      ExpressionAttributeNames: { '#v': 'value' },
      ConsistentRead: true,
    }),
  );
  const items = res.Items ?? [];
  const emails = items.filter((i) => i.kind === 'EMAIL').map((i) => i.value as string);
  const phones = items.filter((i) => i.kind === 'PHONE').map((i) => i.value as string);
  if (!items.length) (matched.kind === 'EMAIL' ? emails : phones).push(matched.value);
  return { ...subject, emails, phones };
}

async function subjectViaCase(caseId: string): Promise<ScreeningSubject[]> {
  const res = await doc.send(new GetCommand({ TableName: TABLE, Key: KEY.case(caseId), ConsistentRead: true, ProjectionExpression: 'serviceUserId' }));
  if (!res.Item) throw caseNotFound(caseId);
  const person = await getProfile(res.Item.serviceUserId as string);
  return person ? [person] : [];
}

const caseNotFound = (caseId: string) => new ProblemError(404, 'Not Found', `No case ${caseId}.`, [{ path: 'caseId', message: 'no such case' }]);

/**
 * Who the contact is from: the person named by `serviceUserId` (404 if unknown),
 * else everyone on record at the address or number `from` (usually one; a shared
 * household address can match several), else, when a case is named, the person
 * whose case it is. An empty list means nobody matches.
 */
export async function findScreeningSubjects(input: Pick<ScreenContact, 'serviceUserId' | 'from' | 'caseId'>): Promise<ScreeningSubject[]> {
  if (input.serviceUserId !== undefined) {
    const person = await getProfile(input.serviceUserId);
    if (!person) throw new ProblemError(404, 'Not Found', `No service user ${input.serviceUserId}.`, [{ path: 'serviceUserId', message: 'no such service user' }]);
    return [person];
  }
  if (input.from !== undefined) {
    const res = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: INDEX.GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `CP#${input.from.kind}#${input.from.value}` },
        ProjectionExpression: SNAPSHOT_PROJECTION,
      }),
    );
    const items = res.Items ?? [];
    if (items.length > 0) {
      const subjects = items.map(subjectOf).sort((a, b) => a.id.localeCompare(b.id));
      return Promise.all(subjects.map((s) => (s.emails.length + s.phones.length > 0 ? s : completeContactPoints(s, input.from!))));
    }
  }
  if (input.caseId !== undefined) return subjectViaCase(input.caseId);
  return [];
}

// --- the one write ------------------------------------------------------------

export interface RecordScreeningInput {
  input: ScreenContact;
  /** Who it was screened against: exactly one person is attributed the contact; several (a shared address) none. */
  subjects: ScreeningSubject[];
  outcome: ScreenOutcome;
  at: Date;
  actor: Actor;
  /**
   * Remembered by a conditional Put in the screening transaction itself, so a first
   * attempt still costs two round trips; only a replay reads the record.
   */
  idempotency?: IdempotencyScope;
}

/**
 * Records the screened contact with its outcome in one transaction and answers the
 * contract's screening result. The contact is held against the case when one is
 * named (checked to exist and to be the person's, in the same transaction), the
 * person when exactly one matched, or no one.
 */
export async function recordScreening({ input, subjects, outcome, at, actor, idempotency }: RecordScreeningInput): Promise<ScreenResult> {
  const person = subjects.length === 1 ? subjects[0] : undefined;
  const { contact, writes } = contactWrites(
    {
      caseId: input.caseId,
      serviceUserId: person?.id,
      channel: input.channel,
      direction: 'INBOUND',
      occurredAt: at.toISOString(),
      summary: input.summary ?? `Inbound ${input.channel.toLowerCase()} contact, screened before it was answered.`,
      durationMinutes: input.durationMinutes,
      from: input.from?.value,
      screening: { decision: outcome.decision, reasons: outcome.reasons, strategyId: outcome.strategyId, potentialBreach: outcome.potentialBreach, freshMatter: input.freshMatter === true },
      recordedAt: nowIso(),
      recordedBy: actor,
    },
    person,
    // Matched nobody and named no case: on no one's record, so kept for a limited time only.
    subjects.length === 0 && input.caseId === undefined ? Math.floor(now().getTime() / 1000) + config.UNMATCHED_CONTACT_RETENTION_DAYS * 24 * 60 * 60 : undefined,
  );
  // The person's contact points changed between our read and this write (a call
  // count on a removed contact point): answer 409 so the caller screens again.
  const all: Write[] = writes.map((w) => (w.onConditionFailed ? w : { ...w, onConditionFailed: () => conflict("The service user's contact details changed while this contact was being screened; screen it again.") }));

  if (input.caseId !== undefined) {
    const ids = subjects.map((s) => s.id);
    const values: Item = Object.fromEntries(ids.map((id, i) => [`:su${i}`, id]));
    all.push({
      name: 'caseCheck',
      ConditionCheck: {
        Key: KEY.case(input.caseId),
        ConditionExpression: ids.length ? `attribute_exists(pk) AND serviceUserId IN (${Object.keys(values).join(', ')})` : 'attribute_exists(pk)',
        ...(ids.length ? { ExpressionAttributeValues: values } : {}),
      },
    });
  }

  const result: ScreenResult = {
    decision: outcome.decision,
    reasons: outcome.reasons,
    ...(outcome.strategyId ? { strategyId: outcome.strategyId } : {}),
    ...(outcome.spoc ? { spoc: outcome.spoc } : {}),
    ...(outcome.recordCall ? { recordCall: true } : {}),
    ...(outcome.callMinutesLimit !== undefined ? { callMinutesLimit: outcome.callMinutesLimit } : {}),
    potentialBreach: outcome.potentialBreach,
    contactId: contact.id,
  };

  if (idempotency) all.push(rememberWrite(idempotency, { status: 200, body: result }));

  try {
    await commit(all);
  } catch (err) {
    if (err instanceof ConditionFailed && idempotency && err.write === IDEMPOTENCY_WRITE) return (await winnersResponse(idempotency)).body as ScreenResult;
    if (err instanceof ConditionFailed && err.write === 'caseCheck') throw await caseProblem(input.caseId!);
    throw err;
  }
  return result;
}

/** Error path only: tells an unknown case (404) from another person's case (422). */
async function caseProblem(caseId: string): Promise<ProblemError> {
  const res = await doc.send(new GetCommand({ TableName: TABLE, Key: KEY.case(caseId), ConsistentRead: true, ProjectionExpression: 'pk' }));
  if (!res.Item) return caseNotFound(caseId);
  return unprocessable(`Case ${caseId} is not a case of the service user this contact is from.`, [{ path: 'caseId', message: 'belongs to another service user' }]);
}


import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { ukDateOf } from '../domain/calendar.js';
import { formatCaseReference, MAX_CASE_NUMBER } from '../domain/records.js';
import { ProblemError, unprocessable, wrongState } from '../errors.js';
import type { ConcludeCase, CreateCase } from '../schemas/cases.js';
import { batchGet } from './batch-get.js';
import { getItem, inPartition, named, queryAll, queryPage, type Page, type Write } from './db.js';
import { retentionIndexWrite } from './retention.js';
import { CASE_KEYS, KEY, stripKeys, TIMELINE_KEYS, type Stored } from './table.js';
import { timelineWrite, toTimelineEntry, type TimelineEntry, type TimelineItem } from './timeline.js';

export interface Case {
  id: string;
  reference: string;
  serviceUserId: string;
  type: 'COMPLAINT' | 'REVIEW' | 'CORRESPONDENCE';
  subject: string;
  status: 'OPEN' | 'CONCLUDED';
  openedAt: string;
  openedBy: Actor;
  conclusion?: { finalDecision: string; outcomeExplained: boolean; rightOfReviewAdvised: boolean; concludedAt: string; concludedBy: Actor };
  /** UK GDPR storage limitation: from this date (concluded + RETENTION_YEARS) the record is due for a disposal review. */
  retainUntil?: string;
  version: number;
}

type CaseItem = Stored<Case>;

export const toCase = (item: CaseItem): Case => stripKeys(item);

export function caseItem(c: Case): CaseItem {
  return { ...KEY.case(c.id), ...CASE_KEYS.indexKeys(c), entity: 'Case', ...c };
}

/**
 * Case references (see `formatCaseReference`) come from a per-year counter advanced
 * inside the very transaction that creates the case, on the condition that it still
 * holds the value read: two creates racing for the same number cannot both win, and
 * a create that fails (unknown service user, say) burns no number and writes nothing.
 */

/** Raised when another case took the number read; the create is retried (lib/app/cases.ts). */
export class ReferenceTaken extends ProblemError {
  constructor() {
    super(409, 'Conflict', 'Another case was opened at the same moment; please retry.');
  }
}

async function referenceWrite(at: string): Promise<{ reference: string; write: Write }> {
  const year = ukDateOf(new Date(at)).slice(0, 4);
  const key = CASE_KEYS.referenceCounter(year);
  const current = Number((await getItem<{ value?: number }>(key))?.value ?? 0);
  const next = current + 1;
  if (next > MAX_CASE_NUMBER) throw new Error(`Case references for ${year} are exhausted`);
  return {
    reference: formatCaseReference(year, next),
    write: {
      Update: {
        Key: key,
        UpdateExpression: 'SET #v = :next',
        ConditionExpression: current === 0 ? 'attribute_not_exists(#v)' : '#v = :current',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: current === 0 ? { ':next': next } : { ':next': next, ':current': current },
      },
      onConditionFailed: () => new ReferenceTaken(),
    },
  };
}

/** The case opened `at`, its reference number (of that UK year) and its first timeline entry, for one transaction (run it under `retryingReferenceRace`). */
export async function createCaseWrites(input: CreateCase, actor: Actor, at: string): Promise<{ kase: Case; writes: Write[] }> {
  const ref = await referenceWrite(at);
  const kase: Case = {
    id: ulid(),
    reference: ref.reference,
    serviceUserId: input.serviceUserId,
    type: input.type,
    subject: input.subject,
    status: 'OPEN',
    openedAt: at,
    openedBy: actor,
    version: 1,
  };
  const writes: Write[] = [
    // The person must exist; an open case also moves them on the retention index.
    retentionIndexWrite(input.serviceUserId, new Date(kase.openedAt), () => unprocessable('There is no such service user.', [{ path: 'serviceUserId', message: 'no such service user' }])),
    ref.write,
    { Put: { Item: caseItem(kase), ConditionExpression: 'attribute_not_exists(pk)' } },
    timelineWrite(kase.id, { at: kase.openedAt, actor, kind: 'CASE_OPENED', fields: { caseType: kase.type, reference: kase.reference, subject: kase.subject }, ref: { caseId: kase.id } }),
  ];
  return { kase, writes };
}

export async function getCase(id: string): Promise<Case | undefined> {
  const item = await getItem<CaseItem>(KEY.case(id));
  return item ? toCase(item) : undefined;
}

/** Cases by id (those that exist), read consistently in batches. */
export async function getCases(ids: readonly string[]): Promise<Map<string, Case>> {
  const items = await batchGet<CaseItem>(ids.map((id) => KEY.case(id)));
  return new Map(items.map(toCase).map((c) => [c.id, c]));
}

export async function findCaseByReference(reference: string): Promise<Case[]> {
  return (await queryAll<CaseItem>(inPartition(CASE_KEYS.byReference(reference)))).map(toCase);
}

/** The concluded case, written only if it is still OPEN at the version read, with its timeline entry. */
export function concludeCaseWrites(current: Case, next: Case, input: ConcludeCase, actor: Actor, at: string): Write[] {
  return [
    {
      Put: { Item: caseItem(next), ConditionExpression: '#s = :open AND #v = :v', ExpressionAttributeNames: { '#s': 'status', '#v': 'version' }, ExpressionAttributeValues: { ':open': 'OPEN', ':v': current.version } },
      onConditionFailed: () => wrongState('case', 'CONCLUDED', 'concluded'),
    },
    timelineWrite(current.id, { at, actor, kind: 'CASE_CONCLUDED', fields: { finalDecision: input.finalDecision }, ref: { caseId: current.id } }),
    retentionIndexWrite(current.serviceUserId, new Date(at)),
  ];
}

export async function listCasesOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<Case>> {
  return queryPage<Case, CaseItem>(inPartition(CASE_KEYS.ofServiceUser(serviceUserId)), limit, cursor, toCase);
}

/** Everything recorded against the case, oldest first. */
export async function listTimeline(caseId: string, limit: number, cursor?: string): Promise<Page<TimelineEntry & { ref: Record<string, string> }>> {
  return queryPage<TimelineEntry & { ref: Record<string, string> }, TimelineItem>(
    { ...inPartition(TIMELINE_KEYS.partition(caseId), { beginsWith: TIMELINE_KEYS.prefix }), ConsistentRead: true },
    limit,
    cursor,
    toTimelineEntry,
  );
}

/** The person's cases that are still OPEN (all of them, however many pages). */
export async function openCasesOf(serviceUserId: string): Promise<Case[]> {
  return (await queryAll<CaseItem>(inPartition(CASE_KEYS.ofServiceUser(serviceUserId)))).map(toCase).filter((c) => c.status === 'OPEN');
}

/** The `PERSON_UPDATED` entry on an open case: the names of the fields changed, never their values. */
export function personUpdatedWrite(caseId: string, serviceUserId: string, fields: readonly string[], actor: Actor, at: string): Write {
  return named('personUpdated', timelineWrite(caseId, { at, actor, kind: 'PERSON_UPDATED', fields: { changed: [...fields] }, ref: { caseId, serviceUserId } }));
}

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { nowIso, ukToday } from '../clock.js';
import { addMonths } from '../domain/calendar.js';
import { config } from '../config.js';
import { notFound, preconditionFailed, ProblemError, unprocessable, wrongState } from '../errors.js';
import type { ConcludeCase, CreateCase } from '../schemas/cases.js';
import { commit, getItem, queryPage, TABLE, timelineWrite, type Page, type TimelineEntry, type Write } from './db.js';
import { INDEX, KEY, stripKeys } from './table.js';

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

export const toCase = (item: Record<string, unknown>) => stripKeys(item) as unknown as Case;

/**
 * Case references are `OPCC-<year>-<6 digits>` (the UK calendar year the case was
 * opened), unique and increasing. The per-year counter is advanced inside the very
 * transaction that creates the case, on the condition that it still holds the value
 * read: two creates racing for the same number cannot both win, and a create that
 * fails (unknown service user, say) burns no number and writes nothing.
 */
export function formatCaseReference(year: string, n: number): string {
  return `OPCC-${year}-${String(n).padStart(6, '0')}`;
}

/** Raised when another case took the number read; the create is retried. */
class ReferenceTaken extends ProblemError {
  constructor() {
    super(409, 'Conflict', 'Another case was opened at the same moment; please retry.');
  }
}

async function referenceWrite(): Promise<{ reference: string; write: Write }> {
  const year = ukToday().slice(0, 4);
  const key = KEY.counter(`CASEREF#${year}`);
  const current = Number((await getItem<{ value?: number }>(key))?.value ?? 0);
  const next = current + 1;
  if (next > 999_999) throw new Error(`Case references for ${year} are exhausted`);
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

/**
 * Runs a case create, again when a concurrent create took its reference number
 * (with a short random pause so that racers spread out).
 */
export async function retryingReferenceRace<T>(create: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await create();
    } catch (err) {
      if (!(err instanceof ReferenceTaken) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}

export function caseItem(c: Case) {
  return {
    ...KEY.case(c.id),
    gsi1pk: `SU#${c.serviceUserId}#CASE`,
    gsi1sk: `${c.openedAt}#${c.id}`,
    gsi2pk: `CASEREF#${c.reference}`,
    gsi2sk: 'CASE',
    entity: 'Case',
    ...c,
  };
}

/** The case, its reference number and its first timeline entry, for one transaction (run it under `retryingReferenceRace`). */
export async function createCaseWrites(input: CreateCase, actor: Actor): Promise<{ kase: Case; writes: Write[] }> {
  const ref = await referenceWrite();
  const kase: Case = {
    id: ulid(),
    reference: ref.reference,
    serviceUserId: input.serviceUserId,
    type: input.type,
    subject: input.subject,
    status: 'OPEN',
    openedAt: nowIso(),
    openedBy: actor,
    version: 1,
  };
  const writes: Write[] = [
    {
      ConditionCheck: { Key: KEY.serviceUser(input.serviceUserId), ConditionExpression: 'attribute_exists(pk)' },
      onConditionFailed: () => unprocessable(`No service user ${input.serviceUserId}.`, [{ path: 'serviceUserId', message: 'no such service user' }]),
    },
    ref.write,
    { Put: { Item: caseItem(kase), ConditionExpression: 'attribute_not_exists(pk)' } },
    timelineWrite(kase.id, { at: kase.openedAt, actor, kind: 'CASE_OPENED', summary: `${kase.type} case ${kase.reference} opened: ${kase.subject}`, ref: { caseId: kase.id } }),
  ];
  return { kase, writes };
}

export async function getCase(id: string): Promise<Case | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.case(id));
  return item ? toCase(item) : undefined;
}

export async function requireCase(id: string): Promise<Case> {
  const c = await getCase(id);
  if (!c) throw notFound(`No case ${id}.`);
  return c;
}

export async function findCaseByReference(reference: string): Promise<Case[]> {
  const res = await doc.send(
    new QueryCommand({ TableName: TABLE, IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `CASEREF#${reference}` } }),
  );
  return (res.Items ?? []).map(toCase);
}

/** Concludes an open case; `expectedVersion` (an optional If-Match) answers 412 when stale. */
export async function concludeCase(id: string, input: ConcludeCase, actor: Actor, expectedVersion?: number): Promise<Case> {
  const current = await requireCase(id);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw preconditionFailed(`The case has changed since version ${expectedVersion}; read it again and retry.`);
  }
  if (current.status !== 'OPEN') throw wrongState('case', current.status, 'concluded');
  const at = nowIso();
  const next: Case = {
    ...current,
    status: 'CONCLUDED',
    conclusion: { ...input, concludedAt: at, concludedBy: actor },
    retainUntil: addMonths(ukToday(), 12 * config.RETENTION_YEARS),
    version: current.version + 1,
  };
  await commit([
    {
      Put: { Item: caseItem(next), ConditionExpression: '#s = :open AND #v = :v', ExpressionAttributeNames: { '#s': 'status', '#v': 'version' }, ExpressionAttributeValues: { ':open': 'OPEN', ':v': current.version } },
      onConditionFailed: () => wrongState('case', 'CONCLUDED', 'concluded'),
    },
    timelineWrite(id, { at, actor, kind: 'CASE_CONCLUDED', summary: `Case concluded. Final decision: ${input.finalDecision}`, ref: { caseId: id } }),
  ]);
  return next;
}

export async function listCasesOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<Case>> {
  return queryPage(
    { IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `SU#${serviceUserId}#CASE` } },
    limit,
    cursor,
    toCase,
  );
}

/** Everything recorded against the case, oldest first. */
export async function listTimeline(caseId: string, limit: number, cursor?: string): Promise<Page<TimelineEntry>> {
  return queryPage(
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tl)', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':tl': 'TL#' }, ConsistentRead: true },
    limit,
    cursor,
    (i) => ({ at: i.at as string, actor: i.actor as Actor, kind: i.kind as string, summary: i.summary as string, ref: (i.ref as Record<string, string>) ?? {} }),
  );
}

/**
 * Contact strategies in the table. One partition per strategy holds the strategy
 * item (`STRATEGY`), its history (`HISTORY#<at>#<ulid>`) and its letters
 * (`LETTER#<id>`, written by lib/store/letters.ts), so one Query reads it all.
 *
 * | item      | pk            | sk                   | GSI1                                   | GSI2                                         | GSI3                                        |
 * |-----------|---------------|----------------------|----------------------------------------|----------------------------------------------|---------------------------------------------|
 * | strategy  | STRATEGY#<id> | STRATEGY             | SU#<suid>#STRATEGY / <createdAt>#<id>  | STRATEGY_STATUS#<status> / <createdAt>#<id>  | REVIEW / <reviewDate>#<id>, only while ACTIVE or REVIEW_DUE |
 * | history   | STRATEGY#<id> | HISTORY#<at>#<ulid>  |                                        |                                              |                                             |
 *
 * Every status change writes the strategy, a history item and a timeline entry on
 * every case of the strategy in one transaction. The approval task token is kept
 * on the strategy item and never leaves this module except to resume the workflow.
 */
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { nowIso, ukToday } from '../clock.js';
import { ukDateOf } from '../domain/calendar.js';
import { config } from '../config.js';
import { conflict, forbidden, notFound, ProblemError, unprocessable, wrongState, type FieldError } from '../errors.js';
import { POLICY_TITLE, renderLetter, type Letter, type LetterKind } from '../domain/letter.js';
import {
  ACTION_WORDS,
  factorsCompleteForSubmission,
  IN_FORCE,
  rejectionGivesReasons,
  strategyContentErrors,
  type CaseFacts,
  type StrategyAction,
} from '../domain/strategy-rules.js';
import type { Restriction, StrategyInForce, StrategyStatus } from '../schemas/restrictions.js';
import type { CreateStrategy, Decision, Factors, UpdateStrategy } from '../schemas/strategies.js';
import { logger } from '../observability.js';
import { workflow, TaskNotWaiting } from '../workflow.js';
import type { Case } from './cases.js';
import { commit, ConditionFailed, queryAll, queryPage, SYSTEM_ACTOR, TABLE, timelineWrite, versionCondition, type Page, type TimelineEntry, type Write } from './db.js';
import { setInForceWrites } from './person-snapshot.js';
import { getServiceUserItem, type ServiceUserItem } from './service-users.js';
import { INDEX, KEY, stripKeys } from './table.js';

// --- types ----------------------------------------------------------------------

export interface StrategyDecisionRecord {
  decision: 'APPROVE' | 'REJECT';
  comments: string;
  decidedAt: string;
}

export interface StrategyHistoryEntry {
  at: string;
  actor: Actor;
  /** What happened: DRAFTED, UPDATED, SUBMITTED, APPROVED, REJECTED, ACTIVATED, ... */
  event: string;
  summary: string;
  fromStatus?: StrategyStatus;
  toStatus?: StrategyStatus;
}

export interface StrategyLetterSummary {
  id: string;
  kind: LetterKind;
  channel: 'EMAIL' | 'POST';
  status: string;
  /** When it was sent (email), or dispatched (post; until then, when it was put on the post queue). */
  sentAt?: string;
}

/** The strategy as stored on its item (what lists return). */
export interface StrategyRecord {
  id: string;
  serviceUserId: string;
  caseIds: string[];
  reason: string;
  purpose: string;
  reviewDate: string;
  restrictions: Restriction[];
  factors: Factors;
  status: StrategyStatus;
  version: number;
  proposedBy: Actor;
  /** The proposer's mailbox (from the token's `email` claim), for review reminders. */
  proposedByEmail?: string;
  decidedBy?: Actor;
  decision?: StrategyDecisionRecord;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  activatedAt?: string;
}

/** The whole strategy, with its letters and history (what `GET /strategies/{id}` returns). */
export interface Strategy extends StrategyRecord {
  letters: StrategyLetterSummary[];
  history: StrategyHistoryEntry[];
}

type Item = Record<string, unknown>;

/**
 * Attributes of the strategy item that are never returned by the API: the task
 * token, and which submission the Statutory Operations Manager was asked about.
 */
const PRIVATE_ATTRIBUTES = ['approvalTaskToken', 'decisionRequestedFor'] as const;

export function toStrategyRecord(item: Item): StrategyRecord {
  const out = stripKeys(item) as Item;
  for (const k of PRIVATE_ATTRIBUTES) delete out[k];
  return out as unknown as StrategyRecord;
}

/** The index keys a strategy item carries in a given state. */
function indexKeys(s: Pick<StrategyRecord, 'id' | 'serviceUserId' | 'createdAt' | 'status' | 'reviewDate'>) {
  return {
    gsi1pk: `SU#${s.serviceUserId}#STRATEGY`,
    gsi1sk: `${s.createdAt}#${s.id}`,
    gsi2pk: `STRATEGY_STATUS#${s.status}`,
    gsi2sk: `${s.createdAt}#${s.id}`,
    ...(IN_FORCE.includes(s.status) ? { gsi3pk: 'REVIEW', gsi3sk: `${s.reviewDate}#${s.id}` } : {}),
  };
}

function strategyItem(s: StrategyRecord) {
  return { ...KEY.strategy(s.id), ...indexKeys(s), entity: 'Strategy', ...s };
}

// --- reading --------------------------------------------------------------------

interface Partition {
  item: Item;
  strategy: Strategy;
}

async function readPartition(id: string): Promise<Partition | undefined> {
  // One Query reads the strategy, its history and its letters.
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': KEY.strategy(id).pk }, ConsistentRead: true });
  const item = items.find((i) => i.sk === 'STRATEGY');
  if (!item) return undefined;
  const history = items
    .filter((i) => String(i.sk).startsWith('HISTORY#'))
    .map((i) => {
      const { at, actor, event, summary, fromStatus, toStatus } = i as unknown as StrategyHistoryEntry;
      return { at, actor, event, summary, ...(fromStatus ? { fromStatus } : {}), ...(toStatus ? { toStatus } : {}) };
    });
  const letters = items
    .filter((i) => String(i.sk).startsWith('LETTER#'))
    .map((i): StrategyLetterSummary => {
      // Email: when sent. Post: when dispatched by the post room, or until then when queued for it.
      const sentAt = (i.sentAt ?? i.dispatchedAt ?? i.queuedAt) as string | undefined;
      return { id: i.id as string, kind: i.kind as LetterKind, channel: i.channel as 'EMAIL' | 'POST', status: i.status as string, ...(sentAt ? { sentAt } : {}) };
    });
  return { item, strategy: { ...toStrategyRecord(item), letters, history } };
}

export async function getStrategy(id: string): Promise<Strategy | undefined> {
  return (await readPartition(id))?.strategy;
}

export async function requireStrategy(id: string): Promise<Strategy> {
  const s = await getStrategy(id);
  if (!s) throw notFound(`No strategy ${id}.`);
  return s;
}

/** The register: strategies in one status, newest first (GSI2). */
export async function listStrategies(status: StrategyStatus, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return queryPage(
    { IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `STRATEGY_STATUS#${status}` }, ScanIndexForward: false },
    limit,
    cursor,
    toStrategyRecord,
  );
}

/** A person's strategies, newest first (GSI1). */
export async function listStrategiesOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return queryPage(
    { IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `SU#${serviceUserId}#STRATEGY` }, ScanIndexForward: false },
    limit,
    cursor,
    toStrategyRecord,
  );
}

/** Cases by id (those that exist), in one BatchGet per hundred. */
export async function getCases(ids: readonly string[]): Promise<Map<string, Case>> {
  const out = new Map<string, Case>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Item[] | undefined = unique.slice(i, i + 100).map((id) => KEY.case(id));
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
      const res = await doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of res.Responses?.[TABLE] ?? []) out.set(item.id as string, stripKeys(item) as unknown as Case);
      keys = res.UnprocessedKeys?.[TABLE]?.Keys as Item[] | undefined;
    }
  }
  return out;
}

// --- writes shared with the reviews and breaches modules -----------------------------

/** A history item in the strategy's partition. */
export function strategyHistoryWrite(strategyId: string, entry: StrategyHistoryEntry): Write {
  return {
    Put: {
      Item: { pk: KEY.strategy(strategyId).pk, sk: `HISTORY#${entry.at}#${ulid()}`, entity: 'StrategyHistory', strategyId, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The same timeline entry on every case of the strategy. */
export function strategyTimelineWrites(s: Pick<StrategyRecord, 'id' | 'caseIds'>, entry: Omit<TimelineEntry, 'ref'> & { ref?: Record<string, string> }): Write[] {
  return s.caseIds.map((caseId) => timelineWrite(caseId, { ...entry, ref: { strategyId: s.id, ...entry.ref } }));
}

/** The name of the strategy item's write in a transaction. */
export const STRATEGY_WRITE = 'strategy';

/**
 * An Update of the strategy item that sets `fields` (and the index keys of the
 * resulting state) under `condition`, leaving every other attribute alone.
 */
export function strategyUpdate(
  next: StrategyRecord,
  fields: (keyof StrategyRecord)[],
  condition: { expression: string; names?: Record<string, string>; values?: Item },
): Write {
  const names: Record<string, string> = { ...condition.names };
  const values: Item = { ...condition.values };
  const sets: string[] = [];
  const removes: string[] = [];
  const keys = indexKeys(next) as Record<string, string>;
  const all: Record<string, unknown> = { ...Object.fromEntries(fields.map((f) => [f, next[f]])), ...keys };
  for (const [k, v] of Object.entries(all)) {
    names[`#f_${k}`] = k;
    if (v === undefined) removes.push(`#f_${k}`);
    else {
      values[`:f_${k}`] = v;
      sets.push(`#f_${k} = :f_${k}`);
    }
  }
  if (!('gsi3pk' in keys)) {
    names['#f_gsi3pk'] = 'gsi3pk';
    names['#f_gsi3sk'] = 'gsi3sk';
    removes.push('#f_gsi3pk', '#f_gsi3sk');
  }
  return {
    name: STRATEGY_WRITE,
    Update: {
      Key: KEY.strategy(next.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A condition that the strategy is in `status` (and, if given, at `version`). */
export function inState(status: StrategyStatus, version?: number) {
  return {
    expression: `attribute_exists(pk) AND #c_status = :c_status${version !== undefined ? ' AND #c_version = :c_version' : ''}`,
    names: { '#c_status': 'status', ...(version !== undefined ? { '#c_version': 'version' } : {}) },
    values: { ':c_status': status, ...(version !== undefined ? { ':c_version': version } : {}) },
  };
}

function refuseUnless(s: StrategyRecord, allowed: StrategyStatus, action: StrategyAction): void {
  if (s.status !== allowed) throw wrongState('strategy', s.status, ACTION_WORDS[action]);
}

/**
 * Commits a status change; when its condition on the strategy fails (someone else
 * changed it first), answers 409 naming the state it is now in.
 */
async function commitTransition(id: string, writes: Write[], action: StrategyAction): Promise<void> {
  try {
    await commit(writes);
  } catch (err) {
    // A failed condition on the strategy, or (in AWS) a transaction conflict with a racing change.
    const raced = (err instanceof ConditionFailed && err.write === STRATEGY_WRITE) || (err instanceof ProblemError && err.status === 409);
    if (raced) {
      const now = await getStrategy(id);
      if (!now) throw notFound(`No strategy ${id}.`);
      throw conflict(`The strategy is ${now.status}; it was changed by someone else meanwhile and cannot be ${ACTION_WORDS[action]} now. Read it again.`);
    }
    throw err;
  }
}

// --- the rules, with what they need loaded --------------------------------------

function brokenRules(errors: FieldError[]) {
  const paths = [...new Set(errors.map((e) => e.path))].join(', ');
  return unprocessable(`The strategy breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${paths}.`, errors);
}

interface Content {
  serviceUserId: string;
  caseIds: string[];
  reviewDate: string;
  restrictions: Restriction[];
}

/** Loads the person and the cases the content names, and checks every content rule. */
async function checkContent(c: Content, extra: FieldError[] = []): Promise<{ restrictions: Restriction[]; person: ServiceUserItem }> {
  const person = await getServiceUserItem(c.serviceUserId);
  if (!person) throw unprocessable(`No service user ${c.serviceUserId}.`, [{ path: 'serviceUserId', message: 'there is no such service user' }, ...extra]);
  const named = [...c.caseIds, ...c.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : []))];
  const cases = await getCases(named);
  const facts = new Map<string, CaseFacts>([...cases].map(([id, k]) => [id, { id, serviceUserId: k.serviceUserId, reference: k.reference, status: k.status }]));
  const { restrictions, errors } = strategyContentErrors(c, { person, cases: facts, today: ukToday(), maxReviewMonths: config.MAX_REVIEW_MONTHS });
  const all = [...errors, ...extra];
  if (all.length > 0) throw brokenRules(all);
  return { restrictions, person };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

// --- the lifecycle ----------------------------------------------------------------

/** `POST /strategies`: a DRAFT proposed by `actor`, with its history and a timeline entry on each case. */
export async function createStrategyWrites(input: CreateStrategy, actor: Actor, proposerEmail?: string): Promise<{ strategy: Strategy; writes: Write[] }> {
  const { restrictions } = await checkContent(input);
  const at = nowIso();
  const record: StrategyRecord = {
    id: ulid(),
    serviceUserId: input.serviceUserId,
    caseIds: input.caseIds,
    reason: input.reason,
    purpose: input.purpose,
    reviewDate: input.reviewDate,
    restrictions,
    factors: input.factors,
    status: 'DRAFT',
    version: 1,
    proposedBy: actor,
    ...(proposerEmail ? { proposedByEmail: proposerEmail } : {}),
    createdAt: at,
    updatedAt: at,
  };
  const history: StrategyHistoryEntry = { at, actor, event: 'DRAFTED', summary: `Drafted with ${plural(restrictions.length, 'restriction')}`, toStatus: 'DRAFT' };
  const writes: Write[] = [
    { Put: { Item: strategyItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      ConditionCheck: { Key: KEY.serviceUser(input.serviceUserId), ConditionExpression: 'attribute_exists(pk)' },
      onConditionFailed: () => unprocessable(`No service user ${input.serviceUserId}.`, [{ path: 'serviceUserId', message: 'there is no such service user' }]),
    },
    strategyHistoryWrite(record.id, history),
    ...strategyTimelineWrites(record, { at, actor, kind: 'STRATEGY_DRAFTED', summary: `Contact strategy ${record.id} drafted`, ref: { status: 'DRAFT' } }),
  ];
  return { strategy: { ...record, letters: [], history: [history] }, writes };
}

/** `PATCH /strategies/{id}`: edits a DRAFT at `expectedVersion`. Factors given replace those factors; `null` clears one. */
export async function updateStrategy(id: string, patch: UpdateStrategy, expectedVersion: number, actor: Actor): Promise<Strategy> {
  const current = await requireStrategy(id);
  refuseUnless(current, 'DRAFT', 'edit');
  if (current.version !== expectedVersion) throw versionCondition(expectedVersion, 'strategy').onConditionFailed();
  const extra: FieldError[] =
    patch.serviceUserId !== undefined && patch.serviceUserId !== current.serviceUserId
      ? [{ path: 'serviceUserId', message: 'cannot be changed: a strategy covers one person; draft a new strategy instead' }]
      : [];
  const factors: Factors = { ...current.factors };
  for (const [name, value] of Object.entries(patch.factors ?? {})) {
    if (value === null) delete factors[name as keyof Factors];
    else if (value !== undefined) factors[name as keyof Factors] = value;
  }
  const content = {
    serviceUserId: current.serviceUserId,
    caseIds: patch.caseIds ?? current.caseIds,
    reviewDate: patch.reviewDate ?? current.reviewDate,
    restrictions: patch.restrictions ?? current.restrictions,
  };
  const { restrictions } = await checkContent(content, extra);
  const at = nowIso();
  const next: StrategyRecord = {
    ...current,
    caseIds: content.caseIds,
    reason: patch.reason ?? current.reason,
    purpose: patch.purpose ?? current.purpose,
    reviewDate: content.reviewDate,
    restrictions,
    factors,
    version: current.version + 1,
    updatedAt: at,
  };
  const vc = versionCondition(expectedVersion, 'strategy');
  const changed = (['caseIds', 'reason', 'purpose', 'reviewDate', 'restrictions', 'factors'] as const).filter((f) => patch[f] !== undefined);
  const added = next.caseIds.filter((c) => !current.caseIds.includes(c));
  const writes: Write[] = [
    strategyUpdate(next, ['caseIds', 'reason', 'purpose', 'reviewDate', 'restrictions', 'factors', 'version', 'updatedAt'], {
      expression: `${vc.ConditionExpression} AND #c_status = :c_status`,
      names: { ...vc.names, '#c_status': 'status' },
      values: { ...vc.values, ':c_status': 'DRAFT' },
    }),
    strategyHistoryWrite(id, { at, actor, event: 'UPDATED', summary: `Draft changed: ${changed.join(', ')}` }),
    ...strategyTimelineWrites({ id, caseIds: added }, { at, actor, kind: 'STRATEGY_CASE_ADDED', summary: `Case added to draft contact strategy ${id}`, ref: { status: 'DRAFT' } }),
  ];
  try {
    await commit(writes);
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === STRATEGY_WRITE) {
      const now = await requireStrategy(id);
      if (now.status !== 'DRAFT') throw wrongState('strategy', now.status, ACTION_WORDS.edit);
      throw vc.onConditionFailed();
    }
    throw err;
  }
  return requireStrategy(id);
}

/**
 * `POST /strategies/{id}/submit`: DRAFT → PENDING_APPROVAL once every rule holds and
 * every factor is answered; then starts the APPROVAL phase of the workflow, which
 * asks the Statutory Operations Manager to decide (policy 1.5: consult first).
 */
export async function submitStrategy(id: string, actor: Actor): Promise<Strategy> {
  const current = await requireStrategy(id);
  refuseUnless(current, 'DRAFT', 'submit');
  const { restrictions } = await checkContent(current, factorsCompleteForSubmission(current.factors));
  const at = nowIso();
  const next: StrategyRecord = { ...current, restrictions, status: 'PENDING_APPROVAL', version: current.version + 1, submittedAt: at, updatedAt: at };
  await commitTransition(
    id,
    [
      strategyUpdate(next, ['restrictions', 'status', 'version', 'submittedAt', 'updatedAt'], inState('DRAFT', current.version)),
      strategyHistoryWrite(id, { at, actor, event: 'SUBMITTED', summary: 'Submitted to the Statutory Operations Manager for a decision', fromStatus: 'DRAFT', toStatus: 'PENDING_APPROVAL' }),
      ...strategyTimelineWrites(next, { at, actor, kind: 'STRATEGY_SUBMITTED', summary: `Contact strategy ${id} submitted for approval by the Statutory Operations Manager`, ref: { status: 'PENDING_APPROVAL' } }),
    ],
    'submit',
  );
  const submitted = await requireStrategy(id);
  try {
    // The execution name is derived from requestId, so a repeated start is a no-op.
    await (await workflow()).start({ phase: 'APPROVAL', strategyId: id, requestId: `submitted-v${next.version}` });
  } catch (err) {
    await returnToDraft(next, actor, err);
    throw new ProblemError(
      503,
      'Service Unavailable',
      'The Statutory Operations Manager could not be asked for a decision just now, so the strategy is back in DRAFT. Please submit it again in a moment.',
    );
  }
  return submitted;
}

/**
 * Compensates a submission whose approval workflow could not be started: back to
 * DRAFT (the record of the attempt stays on the timeline, which is append-only), so
 * no strategy waits for a decision nobody was asked for.
 */
async function returnToDraft(submitted: StrategyRecord, actor: Actor, cause: unknown): Promise<void> {
  const at = nowIso();
  const back: StrategyRecord = { ...submitted, status: 'DRAFT', version: submitted.version + 1, updatedAt: at };
  logger.error('approval workflow could not be started; strategy returned to draft', { strategyId: submitted.id, errorName: (cause as Error)?.name });
  await commit([
    strategyUpdate(back, ['status', 'version', 'updatedAt'], inState('PENDING_APPROVAL', submitted.version)),
    strategyHistoryWrite(submitted.id, { at, actor, event: 'SUBMISSION_FAILED', summary: 'The decision request could not be sent; returned to draft', fromStatus: 'PENDING_APPROVAL', toStatus: 'DRAFT' }),
    ...strategyTimelineWrites(back, { at, actor, kind: 'STRATEGY_SUBMISSION_FAILED', summary: `Contact strategy ${submitted.id} could not be sent for a decision and is back in draft`, ref: { status: 'DRAFT' } }),
  ]);
}

/**
 * `POST /strategies/{id}/decision`: the Statutory Operations Manager approves
 * (→ APPROVED) or rejects (→ REJECTED). Nobody decides on a strategy they proposed
 * (403). Only from PENDING_APPROVAL; of two racing decisions the condition on the
 * status lets exactly one win, the other gets 409. Then resumes the APPROVAL
 * execution waiting on the stored task token. If no execution is waiting (the token
 * was never saved, the task timed out, the execution failed) and the strategy was
 * approved, a NOTIFY execution is started so the person is still told in writing.
 */
export async function decideStrategy(id: string, input: Decision, actor: Actor): Promise<Strategy> {
  const current = await requireStrategy(id);
  if (current.proposedBy.sub === actor.sub) throw forbidden('Nobody may decide on a strategy they proposed.');
  refuseUnless(current, 'PENDING_APPROVAL', 'decide');
  const reasons = rejectionGivesReasons(input);
  if (reasons.length > 0) throw unprocessable(reasons[0]!.message, reasons);
  const at = nowIso();
  const status: StrategyStatus = input.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  const next: StrategyRecord = {
    ...current,
    status,
    decidedBy: actor,
    decision: { decision: input.decision, comments: input.comments, decidedAt: at },
    version: current.version + 1,
    updatedAt: at,
  };
  const words = input.decision === 'APPROVE' ? 'approved' : 'rejected';
  await commitTransition(
    id,
    [
      strategyUpdate(next, ['status', 'decidedBy', 'decision', 'version', 'updatedAt'], inState('PENDING_APPROVAL')),
      strategyHistoryWrite(id, { at, actor, event: status, summary: `${words[0]!.toUpperCase()}${words.slice(1)} by the Statutory Operations Manager${input.comments.trim() ? `: ${input.comments}` : ''}`, fromStatus: 'PENDING_APPROVAL', toStatus: status }),
      ...strategyTimelineWrites(next, { at, actor, kind: `STRATEGY_${status}`, summary: `Contact strategy ${id} ${words} by ${actor.name}`, ref: { status } }),
    ],
    'decide',
  );
  // Read after the decision is committed: saveApprovalToken needs PENDING_APPROVAL,
  // so no token can be stored after this point and what we read is final.
  const after = (await readPartition(id)) as Partition;
  await resumeApproval(id, after.item.approvalTaskToken as string | undefined, { decision: input.decision, decidedBy: actor, comments: input.comments }, next.version);
  return after.strategy;
}

async function resumeApproval(id: string, token: string | undefined, output: { decision: 'APPROVE' | 'REJECT'; decidedBy: Actor; comments: string }, version: number): Promise<void> {
  const engine = await workflow();
  let resumed = false;
  if (token) {
    try {
      await engine.sendDecision(token, output);
      resumed = true;
    } catch (err) {
      if (!(err instanceof TaskNotWaiting)) throw err;
    }
    // A token is resumed once: it is not kept once used (or found dead).
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: KEY.strategy(id),
        UpdateExpression: 'REMOVE approvalTaskToken',
        ConditionExpression: 'approvalTaskToken = :t',
        ExpressionAttributeValues: { ':t': token },
      }),
    ).catch((err: unknown) => {
      if ((err as Error)?.name !== 'ConditionalCheckFailedException') throw err;
    });
  }
  if (!resumed && output.decision === 'APPROVE') {
    logger.warn('no approval execution waiting; starting NOTIFY', { strategyId: id });
    await engine.start({ phase: 'NOTIFY', strategyId: id, letterKind: 'IMPLEMENTED', requestId: `approved-v${version}` });
  }
}

/** Raised by saveApprovalToken when the strategy is no longer awaiting a decision. */
export class NotAwaitingApproval extends Error {
  constructor(readonly strategyId: string) {
    super(`Strategy ${strategyId} is not PENDING_APPROVAL`);
    this.name = 'NotAwaitingApproval';
  }
}

/**
 * Stores the APPROVAL execution's task token on the strategy, only while it is
 * PENDING_APPROVAL. Throws NotAwaitingApproval otherwise: the decision was made
 * before the token was stored, and the decision endpoint has already acted on it
 * (on approval it started a NOTIFY execution), so the waiting execution should end
 * without telling anyone. The token is never returned by the API nor logged.
 */
export async function saveApprovalToken(id: string, taskToken: string): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: KEY.strategy(id),
        UpdateExpression: 'SET approvalTaskToken = :t',
        ConditionExpression: 'attribute_exists(pk) AND #s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':t': taskToken, ':pending': 'PENDING_APPROVAL' },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error)?.name === 'ConditionalCheckFailedException') throw new NotAwaitingApproval(id);
    throw err;
  }
}

/** What screening needs of a strategy in force. */
export function inForceOf(s: Pick<StrategyRecord, 'id' | 'status' | 'caseIds' | 'restrictions' | 'reviewDate'>): StrategyInForce {
  return { strategyId: s.id, status: s.status === 'REVIEW_DUE' ? 'REVIEW_DUE' : 'ACTIVE', caseIds: s.caseIds, restrictions: s.restrictions, reviewDate: s.reviewDate };
}

/**
 * APPROVED → ACTIVE, once the person has been told: sets `activatedAt` and the
 * review-index keys, adds the strategy to the person's screening snapshot, and
 * writes history and a timeline entry on each case, in one transaction. Already
 * ACTIVE: a no-op returning the strategy. Any other state: 409.
 */
export async function activateStrategy(id: string): Promise<Strategy> {
  for (let attempt = 0; ; attempt++) {
    const s = await requireStrategy(id);
    if (s.status === 'ACTIVE') return s;
    refuseUnless(s, 'APPROVED', 'activate');
    const person = await getServiceUserItem(s.serviceUserId);
    if (!person) throw notFound(`No service user ${s.serviceUserId}.`);
    const at = nowIso();
    const next: StrategyRecord = { ...s, status: 'ACTIVE', activatedAt: at, version: s.version + 1, updatedAt: at };
    const inForce = [...(person.inForce ?? []).filter((f) => f.strategyId !== id), inForceOf(next)];
    const actor = SYSTEM_ACTOR;
    try {
      await commit([
        strategyUpdate(next, ['status', 'activatedAt', 'version', 'updatedAt'], inState('APPROVED', s.version)),
        strategyHistoryWrite(id, { at, actor, event: 'ACTIVATED', summary: 'In force: the person has been told in writing', fromStatus: 'APPROVED', toStatus: 'ACTIVE' }),
        ...setInForceWrites(person, inForce),
        ...strategyTimelineWrites(next, { at, actor, kind: 'STRATEGY_ACTIVATED', summary: `Contact strategy ${id} is now in force until its review by ${next.reviewDate}`, ref: { status: 'ACTIVE' } }),
      ]);
      return requireStrategy(id);
    } catch (err) {
      // Someone changed the strategy or the person's snapshot meanwhile: read again and retry.
      const retriable = err instanceof ConditionFailed || (err instanceof ProblemError && err.status === 409);
      if (!retriable || attempt >= 4) throw err;
    }
  }
}

/**
 * The letter of `kind` for the strategy as it stands, addressed to the person and
 * naming the cases. Used by `GET /strategies/{id}/letter` and by the letter delivery.
 */
export async function renderStrategyLetter(s: StrategyRecord, kind: LetterKind, opts: { issuedOn?: string; nextReviewDate?: string } = {}): Promise<Letter> {
  const person = await getServiceUserItem(s.serviceUserId);
  if (!person) throw notFound(`No service user ${s.serviceUserId}.`);
  const cases = await getCases([...s.caseIds, ...s.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : []))]);
  return renderLetter({
    kind,
    strategy: { id: s.id, reason: s.reason, restrictions: s.restrictions, reviewDate: s.reviewDate, caseIds: s.caseIds },
    person: { name: person.name, ...(person.postalAddress ? { postalAddress: person.postalAddress } : {}) },
    cases: [...cases.values()].map((c) => ({ id: c.id, reference: c.reference, subject: c.subject, status: c.status })),
    issuedOn: opts.issuedOn ?? (s.activatedAt ? ukDateOf(new Date(s.activatedAt)) : ukToday()),
    policyTitle: POLICY_TITLE,
    ...(opts.nextReviewDate ? { nextReviewDate: opts.nextReviewDate } : {}),
  });
}

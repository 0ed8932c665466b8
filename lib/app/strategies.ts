/**
 * Contact strategies (policy 1.4 and 1.5): drafting, submission for a decision,
 * the Statutory Operations Manager's decision, the approval task token, and
 * activation once the person has been told. Every status change is decided by the
 * status machine (lib/domain/strategy-rules.ts) and writes the strategy, a
 * history item and a timeline entry on every case of the strategy in one transaction.
 */
import { loggedRead, type Reader, recordRead } from './access-log.js';
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import { mayDecide } from '../domain/approval.js';
import { NOT_NOTIFIED_TALLY, putInForceTally } from '../domain/governance.js';
import { notInFuture } from '../domain/not-in-future.js';
import type { Letter } from '../domain/letter.js';
import {
  ACTION_WORDS,
  ALLOWED_FROM,
  allows,
  factorsCompleteForSubmission,
  FIRST_STATUS,
  inForceOf,
  rejectionGivesReasons,
  strategyContentErrors,
  toldHowWithoutAWarning,
  type StrategyAction,
} from '../domain/strategy-rules.js';
import { conflict, forbidden, notFound, ProblemError, unprocessable, wrongState, type FieldError } from '../errors.js';
import { logger } from '../observability.js';
import type { Restriction, StrategyStatus } from '../schemas/restrictions.js';
import type { CreateStrategy, Decision, Factors, Notified, UpdateStrategy } from '../schemas/strategies.js';
import { commit, ConditionFailed, SYSTEM_ACTOR, versionCondition, type Page, type Write } from '../store/db.js';
import { figuresWrites } from '../store/governance.js';
import { setInForceWrites } from '../store/person-snapshot.js';
import { getServiceUserItem, type ServiceUserItem } from '../store/service-users.js';
import {
  dropApprovalToken,
  getStrategy,
  getStrategyAndApprovalToken,
  historyEntry,
  inState,
  listStrategies as listStrategiesInStatus,
  newStrategyWrite,
  serviceUserCheck,
  STRATEGY_WRITE,
  storeApprovalToken,
  strategyHistoryWrite,
  strategyTimelineWrites,
  strategyUpdate,
  type Strategy,
  type StrategyRecord,
} from '../store/strategies.js';
import type { Deliveries, HistoryFields, TimelineFields } from '../domain/timeline-words.js';
import { stateWords } from '../domain/words.js';
import { getCases } from '../store/cases.js';
import { TaskNotWaiting, workflow, type DecisionOutput } from '../workflow.js';
import { renderStrategyLetter } from './strategy-letter.js';
import { wasWarned } from './warnings.js';
import { tallyWrite } from '../store/figures.js';
import { ukMonthOf } from '../domain/calendar.js';
import { refuseUnless, statusAfter } from './strategy-status.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';

// --- reading ----------------------------------------------------------------------

/** `GET /strategies/{id}`: the strategy with its letters and history, or 404. */
export async function requireStrategy(id: string): Promise<Strategy> {
  const s = await getStrategy(id);
  if (!s) throw notFound('There is no such strategy.');
  return s;
}

/** `GET /strategies/{id}`: the strategy; the read is logged against its person. */
export const readStrategy = loggedRead(requireStrategy);

/** `GET /strategies?status=`: the register, one status at a time, newest first. */
export function listStrategies(status: StrategyStatus, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return listStrategiesInStatus(status, limit, cursor);
}

/** `GET /strategies/{id}/letter`: the IMPLEMENTED letter as the strategy stands (a preview, with the person's name and address); the read is logged. */
export async function strategyLetter(id: string, reader: Reader): Promise<Letter> {
  const s = await requireStrategy(id);
  const letter = await renderStrategyLetter(s, 'IMPLEMENTED');
  await recordRead(s.serviceUserId, reader);
  return letter;
}

// --- the content rules, with what they need loaded ---------------------------------

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

/** Loads the person and the cases the content names, and checks every content rule (422 naming each broken one). */
async function checkContent(c: Content, extra: FieldError[] = []): Promise<{ restrictions: Restriction[]; person: ServiceUserItem }> {
  return checkContentWith(c, await contentFacts(c), extra);
}

/** The person and the cases the content rules read, in one round trip (the two reads side by side). */
async function contentFacts(c: Content): Promise<{ person: ServiceUserItem | undefined; cases: Awaited<ReturnType<typeof getCases>> }> {
  const [person, cases] = await Promise.all([getServiceUserItem(c.serviceUserId), getCases([...c.caseIds, ...c.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : []))])]);
  return { person, cases };
}

function checkContentWith(c: Content, facts: { person: ServiceUserItem | undefined; cases: Awaited<ReturnType<typeof getCases>> }, extra: FieldError[] = []): { restrictions: Restriction[]; person: ServiceUserItem } {
  const { person, cases } = facts;
  if (!person) throw unprocessable('There is no such service user.', [{ path: 'serviceUserId', message: 'there is no such service user' }, ...extra]);
  const { restrictions, errors } = strategyContentErrors(c, { person, cases, today: ukToday(), maxReviewMonths: config.MAX_REVIEW_MONTHS });
  const all = [...errors, ...extra];
  if (all.length > 0) throw brokenRules(all);
  return { restrictions, person };
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
      if (!now) throw notFound('There is no such strategy.');
      throw conflict(`The strategy was changed by someone else meanwhile and cannot be ${ACTION_WORDS[action]} now: its status is “${stateWords('strategy', now.status)}”. Read it again.`, { state: now.status });
    }
    throw err;
  }
}

// --- drafting ---------------------------------------------------------------------

/**
 * `POST /strategies`: a DRAFT proposed by `actor`, with its history and a timeline
 * entry on each case; the writes are returned so the caller commits them with its
 * idempotency record.
 */
/** A new DRAFT with `content`, proposed by `actor` at `at`: what creating and copying a strategy both write. */
export function newDraftRecord(
  content: Pick<StrategyRecord, 'serviceUserId' | 'caseIds' | 'reason' | 'purpose' | 'reviewDate' | 'restrictions' | 'factors' | 'copiedFrom' | 'originalParticipants'>,
  actor: Actor,
  at: string,
  proposerEmail?: string,
): StrategyRecord {
  const { serviceUserId, caseIds, reason, purpose, reviewDate, restrictions, factors, copiedFrom, originalParticipants } = content;
  return {
    id: ulid(),
    serviceUserId,
    caseIds,
    reason,
    purpose,
    reviewDate,
    restrictions,
    factors,
    status: FIRST_STATUS,
    version: 1,
    proposedBy: actor,
    ...(proposerEmail ? { proposedByEmail: proposerEmail } : {}),
    ...(copiedFrom ? { copiedFrom } : {}),
    ...(originalParticipants?.length ? { originalParticipants } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

/** `POST /strategies`: a DRAFT, drafted once per `Idempotency-Key`; `proposerEmail` is where the decision is emailed. */
export function createStrategy(input: CreateStrategy, actor: Actor, proposerEmail: string | undefined, idempotency?: IdempotencyScope): Promise<Strategy> {
  return once(idempotency, () => newDraft(input, actor, proposerEmail));
}

async function newDraft(input: CreateStrategy, actor: Actor, proposerEmail: string | undefined): Promise<Produced<Strategy>> {
  const { restrictions } = await checkContent(input);
  const at = nowIso();
  const record = newDraftRecord({ ...input, restrictions }, actor, at, proposerEmail);
  const history = historyEntry({ at, actor, event: 'DRAFTED', fields: { restrictionCount: restrictions.length }, toStatus: record.status });
  const writes: Write[] = [
    newStrategyWrite(record),
    {
      ...serviceUserCheck(input.serviceUserId),
      onConditionFailed: () => unprocessable('There is no such service user.', [{ path: 'serviceUserId', message: 'there is no such service user' }]),
    },
    strategyHistoryWrite(record.id, history),
    ...strategyTimelineWrites(record, { at, actor, kind: 'STRATEGY_DRAFTED', fields: {}, ref: { status: record.status } }),
  ];
  return { result: { ...record, letters: [], history: [history] }, writes };
}

/** `PATCH /strategies/{id}`: edits a DRAFT at `expectedVersion`. Factors given replace those factors; `null` clears one. */
export async function updateStrategy(id: string, patch: UpdateStrategy, expectedVersion: number, actor: Actor): Promise<Strategy> {
  const current = await requireStrategy(id);
  refuseUnless(current, 'edit');
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
  const still = inState(current.status);
  const changed = (['caseIds', 'reason', 'purpose', 'reviewDate', 'restrictions', 'factors'] as const).filter((f) => patch[f] !== undefined);
  const added = next.caseIds.filter((c) => !current.caseIds.includes(c));
  const writes: Write[] = [
    strategyUpdate(next, ['caseIds', 'reason', 'purpose', 'reviewDate', 'restrictions', 'factors', 'version', 'updatedAt'], {
      expression: `${vc.ConditionExpression} AND #c_status = :c_status`,
      names: { ...vc.names, ...still.names },
      values: { ...vc.values, ...still.values },
    }),
    strategyHistoryWrite(id, { at, actor, event: 'UPDATED', fields: { changed: [...changed] } }),
    ...strategyTimelineWrites({ id, caseIds: added }, { at, actor, kind: 'STRATEGY_CASE_ADDED', fields: {}, ref: { status: current.status } }),
  ];
  try {
    await commit(writes);
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === STRATEGY_WRITE) {
      const now = await requireStrategy(id);
      if (!allows(now.status, 'edit')) throw wrongState('strategy', now.status, ACTION_WORDS.edit);
      throw vc.onConditionFailed();
    }
    throw err;
  }
  return requireStrategy(id);
}

// --- the approval ---------------------------------------------------------------------

/**
 * `POST /strategies/{id}/submit`: DRAFT → PENDING_APPROVAL once every rule holds and
 * every factor is answered; then starts the APPROVAL phase of the workflow, which
 * asks the Statutory Operations Manager to decide (policy 1.5: consult first).
 */
export async function submitStrategy(id: string, actor: Actor): Promise<Strategy> {
  const current = await requireStrategy(id);
  const status = statusAfter(current, 'submit');
  // The reads the rules need depend only on the draft: made side by side, not one after another.
  const [warned, facts] = await Promise.all([wasWarned(current.serviceUserId), contentFacts(current)]);
  const { restrictions } = checkContentWith(current, facts, submissionRules(current, warned));
  const at = nowIso();
  const next: StrategyRecord = { ...current, restrictions, status, version: current.version + 1, submittedAt: at, updatedAt: at, precededByWarning: warned };
  const entry = historyEntry({ at, actor, event: 'SUBMITTED', fields: {}, fromStatus: current.status, toStatus: status });
  await commitTransition(
    id,
    [
      strategyUpdate(next, ['restrictions', 'status', 'version', 'submittedAt', 'updatedAt', 'precededByWarning'], inState(current.status, current.version)),
      strategyHistoryWrite(id, entry),
      ...strategyTimelineWrites(next, { at, actor, kind: 'STRATEGY_SUBMITTED', fields: {}, ref: { status } }),
    ],
    'submit',
  );
  // What was committed, without reading it back: the draft's letters and history, and the new entry.
  const submitted: Strategy = { ...next, letters: current.letters, history: [...current.history, entry] };
  try {
    // The execution name is derived from requestId, so a repeated start is a no-op.
    await (await workflow()).start({ phase: 'APPROVAL', strategyId: id, requestId: `submitted-v${next.version}` });
  } catch (err) {
    await returnToDraft(next, actor, err);
    throw new ProblemError(
      503,
      'Service Unavailable',
      'The Statutory Operations Manager could not be asked for a decision just now, so the strategy is back to “Draft”. Please submit it again in a moment.',
    );
  }
  return submitted;
}

/**
 * The rules checked on submission and again on approval, besides the content rules:
 * every factor answered (policy 1.4), and how the person was told their behaviour is
 * unacceptable when no warning was given (the warnings safeguard).
 */
function submissionRules(s: StrategyRecord, warned: boolean): FieldError[] {
  return [...factorsCompleteForSubmission(s.factors), ...toldHowWithoutAWarning(s.factors, warned)];
}

/**
 * Compensates a submission whose approval workflow could not be started: back to
 * DRAFT (the record of the attempt stays on the timeline, which is append-only), so
 * no strategy waits for a decision nobody was asked for.
 */
async function returnToDraft(submitted: StrategyRecord, actor: Actor, cause: unknown): Promise<void> {
  const at = nowIso();
  const status = statusAfter(submitted, 'return-to-draft');
  const back: StrategyRecord = { ...submitted, status, version: submitted.version + 1, updatedAt: at };
  logger.error('approval workflow could not be started; strategy returned to draft', { strategyId: submitted.id, errorName: (cause as Error)?.name });
  await commit([
    strategyUpdate(back, ['status', 'version', 'updatedAt'], inState(submitted.status, submitted.version)),
    strategyHistoryWrite(submitted.id, { at, actor, event: 'SUBMISSION_FAILED', fields: {}, fromStatus: submitted.status, toStatus: status }),
    ...strategyTimelineWrites(back, { at, actor, kind: 'STRATEGY_SUBMISSION_FAILED', fields: {}, ref: { status } }),
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
  if (!mayDecide(current, actor)) throw forbidden('Nobody may decide on a strategy they drafted, edited or submitted.');
  const status = statusAfter(current, 'decide', input.decision);
  const reasons = rejectionGivesReasons(input);
  if (reasons.length > 0) throw unprocessable(reasons[0]!.message, reasons);
  // Approving re-checks every rule: the person, the cases or the date may have moved on since submission.
  if (input.decision === 'APPROVE') await checkContent(current, submissionRules(current, await wasWarned(current.serviceUserId)));
  const at = nowIso();
  const next: StrategyRecord = {
    ...current,
    status,
    decidedBy: actor,
    decision: { decision: input.decision, comments: input.comments, decidedAt: at },
    version: current.version + 1,
    updatedAt: at,
  };
  await commitTransition(
    id,
    [
      strategyUpdate(next, ['status', 'decidedBy', 'decision', 'version', 'updatedAt'], inState(current.status)),
      strategyHistoryWrite(id, { at, actor, event: input.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', fields: { comments: input.comments }, fromStatus: current.status, toStatus: status }),
      ...strategyTimelineWrites(next, { at, actor, kind: input.decision === 'APPROVE' ? 'STRATEGY_APPROVED' : 'STRATEGY_REJECTED', fields: { decidedBy: actor.name }, ref: { status } }),
    ],
    'decide',
  );
  // Read after the decision is committed: saveApprovalToken needs a status awaiting
  // a decision, so no token can be stored after this point and what we read is final.
  const after = await getStrategyAndApprovalToken(id);
  if (!after) throw notFound('There is no such strategy.');
  await resumeApproval(id, after.approvalTaskToken, { decision: input.decision }, next.version);
  return after.strategy;
}

async function resumeApproval(id: string, token: string | undefined, output: DecisionOutput, version: number): Promise<void> {
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
    await dropApprovalToken(id, token);
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
 * Stores the APPROVAL execution's task token on the strategy, only while it awaits
 * a decision. Throws NotAwaitingApproval otherwise: the decision was made before
 * the token was stored, and the decision endpoint has already acted on it (on
 * approval it started a NOTIFY execution), so the waiting execution should end
 * without telling anyone. The token is never returned by the API nor logged.
 */
export async function saveApprovalToken(id: string, taskToken: string): Promise<void> {
  if (!(await storeApprovalToken(id, taskToken, ALLOWED_FROM.decide))) throw new NotAwaitingApproval(id);
}

// --- in force ---------------------------------------------------------------------------

/**
 * APPROVED → ACTIVE, once the person has been told (at least one letter accepted
 * for delivery): sets `activatedAt` and the review-index keys, adds the strategy to
 * the person's screening snapshot, and writes history and a timeline entry on each
 * case, in one transaction. Already ACTIVE: a no-op returning the strategy. Any
 * other state: 409.
 */
export async function activateStrategy(id: string): Promise<Strategy> {
  return putInForce(id, 'activate', SYSTEM_ACTOR, () => ({
    fields: {},
    history: { event: 'ACTIVATED', fields: {} },
    timeline: (next) => ({ kind: 'STRATEGY_ACTIVATED', fields: { reviewDate: next.reviewDate } }),
  }));
}

/**
 * `POST /strategies/{id}/notified`: NOT_NOTIFIED → ACTIVE, recording how and when
 * the person was told another way (policy 1.3, 1.5), with everything activation
 * does (review index, screening snapshot, history, a timeline entry on each case).
 * 409 from any other status; 422 for a time in the future.
 */
export async function recordNotified(id: string, input: Notified, actor: Actor): Promise<Strategy> {
  const errors = notInFuture('at', input.at, new Date(nowIso()));
  if (errors.length > 0) throw unprocessable(errors[0]!.message, errors);
  return putInForce(id, 'record-notified', actor, (at) => ({
    fields: { notified: { how: input.how, at: input.at, notes: input.notes, recordedBy: actor, recordedAt: at } },
    history: { event: 'NOTIFIED', fields: { by: actor.name, how: input.how, at: input.at, notes: input.notes } },
    timeline: (next) => ({ kind: 'STRATEGY_ACTIVATED', fields: { reviewDate: next.reviewDate, how: input.how } }),
  }));
}

interface InForceChange {
  fields: Partial<StrategyRecord>;
  history: { event: 'ACTIVATED'; fields: HistoryFields['ACTIVATED'] } | { event: 'NOTIFIED'; fields: HistoryFields['NOTIFIED'] };
  timeline: (next: StrategyRecord) => { kind: 'STRATEGY_ACTIVATED'; fields: TimelineFields['STRATEGY_ACTIVATED'] };
}

async function putInForce(id: string, action: 'activate' | 'record-notified', actor: Actor, change: (at: string) => InForceChange): Promise<Strategy> {
  for (let attempt = 0; ; attempt++) {
    const s = await requireStrategy(id);
    if (action === 'activate' && s.status === 'ACTIVE') return s;
    const status = statusAfter(s, action);
    const person = await getServiceUserItem(s.serviceUserId);
    if (!person) throw notFound('There is no such service user.');
    const at = nowIso();
    const c = change(at);
    const next: StrategyRecord = { ...s, ...c.fields, status, activatedAt: at, awaiting: undefined, version: s.version + 1, updatedAt: at };
    const inForce = [...(person.inForce ?? []).filter((f) => f.strategyId !== id), inForceOf(next)];
    const fields = ['status', 'activatedAt', 'awaiting', 'version', 'updatedAt', ...(Object.keys(c.fields) as (keyof StrategyRecord)[])];
    const t = c.timeline(next);
    // Governance: a strategy preceded by a warning (set on submission), counted in the month it comes into force.
    const afterWarning = tallyWrite(ukMonthOf(at), id, { strategiesAfterWarning: next.precededByWarning ? 1 : 0 });
    try {
      await commit([
        strategyUpdate(next, fields as (keyof StrategyRecord)[], inState(s.status, s.version)),
        strategyHistoryWrite(id, { at, actor, ...c.history, fromStatus: s.status, toStatus: status }),
        ...setInForceWrites(person, inForce, new Date(at)),
        ...strategyTimelineWrites(next, { at, actor, ...t, ref: { status } }),
        ...figuresWrites(at, id, putInForceTally(next.restrictions.map((r) => r.type))),
        ...(afterWarning ? [afterWarning] : []),
      ]);
      return requireStrategy(id);
    } catch (err) {
      // Someone changed the strategy or the person's snapshot meanwhile: read again and retry
      // (a racing change of status answers 409 from statusAfter on the next read).
      const retriable = err instanceof ConditionFailed || (err instanceof ProblemError && err.status === 409);
      if (!retriable || attempt >= 4) throw err;
    }
  }
}

/**
 * An APPROVED strategy whose only letter on its way is posted: it stays APPROVED,
 * marked `awaiting: "POSTING"`, until that letter is posted or sent to the printer
 * (in force only once told: a queued letter has told nobody). Returns whether it
 * was marked (false: no longer APPROVED, or already marked).
 */
export async function awaitPosting(id: string): Promise<boolean> {
  const s = await requireStrategy(id);
  if (s.status !== 'APPROVED' || s.awaiting === 'POSTING') return false;
  const at = nowIso();
  const next: StrategyRecord = { ...s, awaiting: 'POSTING', version: s.version + 1, updatedAt: at };
  try {
    await commit([
      strategyUpdate(next, ['awaiting', 'version', 'updatedAt'], inState(s.status, s.version)),
      strategyHistoryWrite(id, { at, actor: SYSTEM_ACTOR, event: 'AWAITING_POSTING', fields: {} }),
      ...strategyTimelineWrites(next, { at, actor: SYSTEM_ACTOR, kind: 'STRATEGY_AWAITING_POSTING', fields: {} }),
    ]);
  } catch (err) {
    // Changed meanwhile (activated by the letter being posted): nothing to mark.
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
  return true;
}

/**
 * APPROVED → NOT_NOTIFIED, when every approval letter failed (policy 1.3, 1.5: not
 * in force until the person is told): not on the person's screening snapshot nor
 * the review index; listed by `GET /strategies?status=NOT_NOTIFIED`. Already
 * NOT_NOTIFIED: a no-op (a re-driven completion). Returns whether it changed.
 */
export async function markNotNotified(id: string, deliveries: Deliveries): Promise<{ strategy: Strategy; changed: boolean }> {
  const s = await requireStrategy(id);
  if (s.status === 'NOT_NOTIFIED') return { strategy: s, changed: false };
  const status = statusAfter(s, 'mark-not-notified');
  const at = nowIso();
  const next: StrategyRecord = { ...s, status, notNotifiedAt: at, awaiting: undefined, version: s.version + 1, updatedAt: at };
  await commitTransition(
    id,
    [
      strategyUpdate(next, ['status', 'notNotifiedAt', 'awaiting', 'version', 'updatedAt'], inState(s.status, s.version)),
      strategyHistoryWrite(id, { at, actor: SYSTEM_ACTOR, event: 'NOT_NOTIFIED', fields: deliveries, fromStatus: s.status, toStatus: status }),
      ...strategyTimelineWrites(next, { at, actor: SYSTEM_ACTOR, kind: 'STRATEGY_NOT_NOTIFIED', fields: deliveries, ref: { status } }),
      ...figuresWrites(at, id, NOT_NOTIFIED_TALLY),
    ],
    'mark-not-notified',
  );
  return { strategy: await requireStrategy(id), changed: true };
}

/** Records on the strategy and each case that the Statutory Operations Manager was (or could not be) emailed about it. */
export async function recordSomAlert(s: StrategyRecord, sent: boolean): Promise<void> {
  const at = nowIso();
  const event = sent ? 'NOT_NOTIFIED_SOM_EMAILED' : 'NOT_NOTIFIED_SOM_EMAIL_FAILED';
  await commit([strategyHistoryWrite(s.id, { at, actor: SYSTEM_ACTOR, event, fields: {} }), ...strategyTimelineWrites(s, { at, actor: SYSTEM_ACTOR, kind: `STRATEGY_${event}`, fields: {} })]);
}

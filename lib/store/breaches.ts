/**
 * Breaches of contact strategies (policy 1.6) in the table.
 *
 * | item   | pk          | sk     | GSI1                                      | GSI2                                        |
 * |--------|-------------|--------|-------------------------------------------|---------------------------------------------|
 * | breach | BREACH#<id> | BREACH | STRATEGY#<sid>#BREACH / <reportedAt>#<id> | BREACH_STATUS#<status> / <reportedAt>#<id>  |
 *
 * A report and a decision each land in one transaction with their timeline entries
 * on every case of the strategy; a decision that adjusts the strategy carries the
 * very writes a review VARY makes (lib/store/reviews.ts `prepareOutcome`), so the
 * breach, the strategy, its history, the timelines and the screening snapshot
 * change together or not at all.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { now, nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import { sendEmail, textToHtml } from '../delivery/email.js';
import { ACTION_WORDS, adjustedReviewDate, breachDecisionErrors, canDecide, canReportBreachOf, occurredAtErrors, type BreachAction, type BreachStatus } from '../domain/breach.js';
import { ACTION_WORDS as STRATEGY_ACTION_WORDS, allows } from '../domain/strategy-rules.js';
import { conflict, notFound, unprocessable, wrongState, type FieldError } from '../errors.js';
import { logger } from '../observability.js';
import type { Restriction } from '../schemas/restrictions.js';
import type { BreachDecision, ReportBreach } from '../schemas/breaches.js';
import { commit, ConditionFailed, getItem, queryPage, TABLE, timelineWrite, type Page, type Write } from './db.js';
import { notifyOutcome, prepareOutcome, strategyMovedOn, type PreparedOutcome } from './reviews.js';
import { getServiceUserItem } from './service-users.js';
import { getCases, requireStrategy, STRATEGY_WRITE, strategyTimelineWrites, type StrategyRecord } from './strategies.js';
import { INDEX, KEY, stripKeys } from './table.js';

export interface BreachDecisionRecord {
  actions: BreachAction[];
  notes: string;
  restrictions?: Restriction[];
  nextReviewDate?: string;
  decidedBy: Actor;
  decidedAt: string;
}

export interface Breach {
  id: string;
  strategyId: string;
  serviceUserId: string;
  /** The strategy's cases when the breach was reported: each has it on its timeline. */
  caseIds: string[];
  status: BreachStatus;
  occurredAt: string;
  description: string;
  contactIds: string[];
  incidentIds: string[];
  reportedBy: Actor;
  reportedAt: string;
  decision?: BreachDecisionRecord;
  updatedAt: string;
  version: number;
}

export const toBreach = (item: Record<string, unknown>) => stripKeys(item) as unknown as Breach;

function breachItem(b: Breach) {
  return {
    ...KEY.breach(b.id),
    gsi1pk: `STRATEGY#${b.strategyId}#BREACH`,
    gsi1sk: `${b.reportedAt}#${b.id}`,
    gsi2pk: `BREACH_STATUS#${b.status}`,
    gsi2sk: `${b.reportedAt}#${b.id}`,
    entity: 'Breach',
    ...b,
  };
}

export async function getBreach(id: string): Promise<Breach | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.breach(id));
  return item ? toBreach(item) : undefined;
}

export async function requireBreach(id: string): Promise<Breach> {
  const b = await getBreach(id);
  if (!b) throw notFound(`No breach ${id}.`);
  return b;
}

/** The breaches of a strategy, newest first. */
export async function listBreachesOfStrategy(strategyId: string, limit: number, cursor?: string): Promise<Page<Breach>> {
  return queryPage(
    { IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `STRATEGY#${strategyId}#BREACH` }, ScanIndexForward: false },
    limit,
    cursor,
    toBreach,
  );
}

/** The managers' inbox: breaches in one status, oldest first (the longest waiting at the top). */
export async function listBreachesByStatus(status: BreachStatus, limit: number, cursor?: string): Promise<Page<Breach>> {
  return queryPage(
    { IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `BREACH_STATUS#${status}` } },
    limit,
    cursor,
    toBreach,
  );
}

// --- reporting ----------------------------------------------------------------------

type Linked = { kind: 'contact' | 'incident'; field: 'contactIds' | 'incidentIds'; key: (id: string) => { pk: string; sk: string } };
const LINKS: Linked[] = [
  { kind: 'contact', field: 'contactIds', key: KEY.contact },
  { kind: 'incident', field: 'incidentIds', key: KEY.incident },
];

/** Every linked contact or incident that does not exist or is not this person's, named by field (`contactIds.1`). */
async function linkErrors(input: ReportBreach, serviceUserId: string): Promise<FieldError[]> {
  const wanted = LINKS.flatMap((l) => (input[l.field] ?? []).map((id, i) => ({ l, id, path: `${l.field}.${i}` })));
  if (wanted.length === 0) return [];
  const found = new Map<string, Record<string, unknown>>();
  const keys = [...new Map(wanted.map((w) => [`${w.l.kind}#${w.id}`, w.l.key(w.id)])).values()];
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; batch && batch.length > 0 && attempt < 5; attempt++) {
      const res = await doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: batch, ConsistentRead: true, ProjectionExpression: 'pk, serviceUserId' } } }));
      for (const item of res.Responses?.[TABLE] ?? []) found.set(item.pk as string, item);
      batch = res.UnprocessedKeys?.[TABLE]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return wanted.flatMap(({ l, id, path }) => {
    const item = found.get(l.key(id).pk);
    if (!item) return [{ path, message: `there is no ${l.kind} ${id}` }];
    if (item.serviceUserId !== serviceUserId) return [{ path, message: `${l.kind} ${id} is not about the person this strategy covers` }];
    return [];
  });
}

/**
 * `POST /strategies/{id}/breaches`: a breach of a strategy in force, reported to the
 * Statutory Operations Manager. The writes carry a ConditionCheck on the strategy
 * (still in force) and on each linked contact and incident (still there, still this
 * person's), so what was checked is what is committed.
 */
export async function reportBreachWrites(strategyId: string, input: ReportBreach, actor: Actor): Promise<{ breach: Breach; strategy: StrategyRecord; writes: Write[] }> {
  const strategy = await requireStrategy(strategyId);
  if (!canReportBreachOf(strategy.status)) throw wrongState('strategy', strategy.status, STRATEGY_ACTION_WORDS['report-breach']);
  const errors = [...occurredAtErrors(input.occurredAt, now()), ...(await linkErrors(input, strategy.serviceUserId))];
  if (errors.length > 0) throw unprocessable(`The breach report breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${errors.map((e) => e.path).join(', ')}.`, errors);

  const at = nowIso();
  const breach: Breach = {
    id: ulid(),
    strategyId,
    serviceUserId: strategy.serviceUserId,
    caseIds: strategy.caseIds,
    status: 'REPORTED',
    occurredAt: new Date(input.occurredAt).toISOString(),
    description: input.description,
    contactIds: input.contactIds ?? [],
    incidentIds: input.incidentIds ?? [],
    reportedBy: actor,
    reportedAt: at,
    updatedAt: at,
    version: 1,
  };
  const linkChecks: Write[] = LINKS.flatMap((l) =>
    breach[l.field].map((id, i) => ({
      ConditionCheck: { Key: l.key(id), ConditionExpression: 'attribute_exists(pk) AND serviceUserId = :su', ExpressionAttributeValues: { ':su': breach.serviceUserId } },
      onConditionFailed: () => unprocessable(`${l.field}.${i}: no ${l.kind} ${id} of this person.`, [{ path: `${l.field}.${i}`, message: `there is no ${l.kind} ${id} of this person` }]),
    })),
  );
  const writes: Write[] = [
    { Put: { Item: breachItem(breach), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      ConditionCheck: {
        Key: KEY.strategy(strategyId),
        ConditionExpression: '#s IN (:a, :r)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':a': 'ACTIVE', ':r': 'REVIEW_DUE' },
      },
      onConditionFailed: () => conflict(`The strategy ${strategyId} stopped being in force while the breach was being reported; read it again.`),
    },
    ...linkChecks,
    ...strategyTimelineWrites(strategy, {
      at,
      actor,
      kind: 'BREACH_REPORTED',
      summary: `Breach of contact strategy ${strategyId} reported to the Statutory Operations Manager (occurred ${breach.occurredAt}): ${breach.description}`,
      ref: { breachId: breach.id },
    }),
  ];
  return { breach, strategy, writes };
}

/** Emails the Statutory Operations Manager about a new breach, naming the person and the strategy. */
export async function emailBreachReported(breach: Breach): Promise<void> {
  try {
    const person = await getServiceUserItem(breach.serviceUserId);
    const cases = await getCases(breach.caseIds);
    const name = person?.name ?? breach.serviceUserId;
    const text = [
      `A breach of the contact strategy ${breach.strategyId} for ${name} has been reported by ${breach.reportedBy.name}. Policy 1.6: please decide what to do.`,
      `Service user: ${name}\nStrategy: ${breach.strategyId}\nBreach: ${breach.id}\nOccurred: ${breach.occurredAt}\nCases: ${breach.caseIds.map((id) => cases.get(id)?.reference ?? id).join(', ')}`,
      `What happened:\n${breach.description}`,
      ...(breach.contactIds.length ? [`Contacts: ${breach.contactIds.join(', ')}`] : []),
      ...(breach.incidentIds.length ? [`Incidents: ${breach.incidentIds.join(', ')}`] : []),
      'You may adjust the strategy to further restrict communication, seek legal or professional advice, report the matter to the police, or take no further action.',
      `Record the decision at POST /breaches/${breach.id}/decision.`,
    ].join('\n\n');
    await sendEmail({ to: [config.SOM_EMAIL], subject: `Breach reported: contact strategy ${breach.strategyId} for ${name}`, text, html: textToHtml(text) });
  } catch (err) {
    // The breach is recorded and waits in the managers' inbox (GET /breaches?status=REPORTED) either way.
    logger.error('breach email to the SOM not sent', { breachId: breach.id, errorName: (err as Error)?.name });
  }
}

// --- deciding -------------------------------------------------------------------------

const DECISION_TIMELINE: Partial<Record<BreachAction, { kind: string; summary: (b: Breach, actor: Actor) => string }>> = {
  LEGAL_ADVICE: { kind: 'BREACH_LEGAL_ADVICE', summary: (b, a) => `Legal or professional advice to be sought about breach ${b.id} of contact strategy ${b.strategyId}, decided by ${a.name}` },
  POLICE_REFERRAL: { kind: 'POLICE_REFERRAL', summary: (b, a) => `Breach ${b.id} of contact strategy ${b.strategyId} to be reported to the police, decided by ${a.name}` },
};

/**
 * `POST /breaches/{id}/decision`: the Statutory Operations Manager's decision, once,
 * from REPORTED (a second decision is 409). ADJUST_STRATEGY varies the strategy as
 * a review VARY would, in the same transaction, and then sends the VARIED letter.
 */
export async function decideBreach(id: string, input: BreachDecision, actor: Actor): Promise<Breach> {
  for (let attempt = 0; ; attempt++) {
    const breach = await requireBreach(id);
    if (!canDecide(breach.status)) throw wrongState('breach', breach.status, 'decided');
    const shape = breachDecisionErrors(input);
    if (shape.length > 0) throw unprocessable(`The decision breaks ${shape.length === 1 ? 'a rule' : `${shape.length} rules`}: ${shape.map((e) => e.path).join(', ')}.`, shape);

    const at = nowIso();
    let variation: PreparedOutcome | undefined;
    if (input.actions.includes('ADJUST_STRATEGY')) {
      const strategy = await requireStrategy(breach.strategyId);
      if (!allows(strategy.status, 'review')) throw wrongState('strategy', strategy.status, 'adjusted');
      const nextReviewDate = adjustedReviewDate(input.nextReviewDate, strategy.reviewDate, ukToday());
      if (nextReviewDate === undefined) {
        throw unprocessable('nextReviewDate is required: the strategy\'s review date has been reached.', [{ path: 'nextReviewDate', message: `is required: the current review date ${strategy.reviewDate} is not after today` }]);
      }
      variation = await prepareOutcome(strategy, { outcome: 'VARY', nextReviewDate, restrictions: input.restrictions as Restriction[], notes: input.notes }, actor, { breachId: breach.id });
    }

    const decision: BreachDecisionRecord = {
      actions: input.actions,
      notes: input.notes,
      ...(variation ? { restrictions: variation.next.restrictions, nextReviewDate: variation.next.reviewDate } : {}),
      decidedBy: actor,
      decidedAt: at,
    };
    const next: Breach = { ...breach, status: 'DECIDED', decision, version: breach.version + 1, updatedAt: at };
    const words = input.actions.map((a) => ACTION_WORDS[a]).join('; ');
    const decided = (caseId: string) =>
      timelineWrite(caseId, {
        at,
        actor,
        kind: 'BREACH_DECIDED',
        summary: `Breach ${breach.id} of contact strategy ${breach.strategyId} decided by ${actor.name}: ${words}. Notes: ${input.notes}`,
        ref: { breachId: breach.id, strategyId: breach.strategyId, actions: input.actions.join(',') },
      });
    let caseEntries: Write[] = breach.caseIds.flatMap((caseId) => [
      decided(caseId),
      ...input.actions.flatMap((a) => {
        const t = DECISION_TIMELINE[a];
        return t ? [timelineWrite(caseId, { at, actor, kind: t.kind, summary: t.summary(breach, actor), ref: { breachId: breach.id, strategyId: breach.strategyId } })] : [];
      }),
    ]);
    // A transaction holds at most 100 writes: for a strategy with very many cases the
    // BREACH_DECIDED entry (which names every action) stands for the per-action ones.
    if (1 + (variation?.writes.length ?? 0) + caseEntries.length > 100) caseEntries = breach.caseIds.map(decided);
    const writes: Write[] = [
      {
        name: 'breach',
        Put: {
          Item: breachItem(next),
          ConditionExpression: '#s = :reported AND #v = :v',
          ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
          ExpressionAttributeValues: { ':reported': 'REPORTED', ':v': breach.version },
        },
      },
      ...(variation?.writes ?? []),
      ...caseEntries,
    ];
    try {
      await commit(writes);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      if (err.write === 'breach') {
        const latest = await requireBreach(id);
        throw wrongState('breach', latest.status, 'decided');
      }
      if (err.write === STRATEGY_WRITE) throw await strategyMovedOn(breach.strategyId, 'adjusted');
      // The person's screening snapshot changed meanwhile: read again and retry.
      if (attempt >= 3) throw conflict('The service user changed while the decision was being recorded; please retry.');
      continue;
    }
    if (variation) await notifyOutcome(variation);
    return next;
  }
}

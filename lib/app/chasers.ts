/**
 * Nothing waits unseen (the daily chasers, run by the review sweep): an incident
 * still in a queue QUEUE_CHASE_DAYS working days after it entered it, an appeal
 * undecided APPEAL_DECISION_DAYS after it was received and a breach awaiting legal
 * advice QUEUE_CHASE_DAYS working days after it was sought are announced again to
 * the mailbox first told, once, and after twice as long to the Statutory Operations
 * Manager, once (`chasesDue`, lib/domain/chasers.ts).
 *
 * Each step is claimed on the waiting item itself (lib/store/chasers.ts) with its
 * timeline entries, in one transaction, before the email goes: two sweeps never send
 * the same step twice, and a send that fails gives the claim back for the next run.
 */
import type { TimelineFact } from '../domain/timeline-words.js';
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import { addDays, ukDateOf } from '../domain/calendar.js';
import { chasesDue, waitingSinceAtLatest, type ChasePeriod, type ChaseStep } from '../domain/chasers.js';
import { ESCALATION_QUEUES, type EscalationQueue } from '../domain/records.js';
import { NOT_ON_RECORD, stillWaiting } from '../domain/staff-emails.js';
import { logger } from '../observability.js';
import { listUndecidedAppealsReceivedBy } from '../store/appeals.js';
import { listBreachesInStatusReportedBy } from '../store/breaches.js';
import { getCase } from '../store/cases.js';
import { chaseClaimWrite, chaseReleaseWrite, type StillWaiting } from '../store/chasers.js';
import { commit, ConditionFailed, SYSTEM_ACTOR, timelineWrite } from '../store/db.js';
import { incidentsWaitingSince } from '../store/incidents.js';
import { getServiceUserItem } from '../store/service-users.js';
import { caseReferences } from '../store/strategies.js';
import { KEY } from '../store/table.js';
import { emailStaff } from './staff-email.js';

/** One thing that waits, as the chasers see it. */
interface Waiter {
  /** In words, no id: "An incident" (the timeline and the email say what it is about). */
  what: string;
  key: { pk: string; sk: string };
  /** When it began to wait (an instant). */
  since: string;
  chasedAt?: string | undefined;
  escalatedToSomAt?: string | undefined;
  still: StillWaiting;
  serviceUserId: string;
  caseIds: string[];
  ref: Record<string, string>;
  /** The mailbox first told, and its name in words for the timeline. */
  mailbox: string[];
  mailboxWords: string;
  waitingFor: string;
  recordAt: string;
  period: ChasePeriod;
}

const queueChase = (): ChasePeriod => ({ days: config.QUEUE_CHASE_DAYS, counted: 'working' });
const appealChase = (): ChasePeriod => ({ days: config.APPEAL_DECISION_DAYS, counted: 'calendar' });

/** The last instant worth reading a queue up to: whatever began to wait after it is not yet due anything. */
const readUpTo = (today: string, p: ChasePeriod): string => `${addDays(waitingSinceAtLatest(today, p), 1)}T23:59:59.999Z`;

const QUEUE_MAILBOX: Record<EscalationQueue, { to: () => string; words: string; waitingFor: string; recordAt: string }> = {
  AWAITING_LINE_MANAGER: { to: () => config.LINE_MANAGER_EMAIL, words: 'the line managers', waitingFor: 'a line manager to consider the welfare of staff and escalate or close it', recordAt: 'Incident queue, Waiting for a line manager' },
  AWAITING_HEAD_OF_ASSURANCE: { to: () => config.HEAD_OF_ASSURANCE_EMAIL, words: 'the Head of Assurance and Statutory Duties', waitingFor: 'the Head of Assurance and Statutory Duties to report it to the police or close it', recordAt: 'Incident queue, Waiting for the Head of Assurance' },
};

async function waiting(today: string): Promise<Waiter[]> {
  const q = queueChase();
  const a = appealChase();
  const [incidents, appeals, breaches] = await Promise.all([
    Promise.all(ESCALATION_QUEUES.map(async (queue) => ({ queue, items: await incidentsWaitingSince(queue, readUpTo(today, q)) }))),
    listUndecidedAppealsReceivedBy(readUpTo(today, a)),
    listBreachesInStatusReportedBy('AWAITING_LEGAL_ADVICE', readUpTo(today, q)),
  ]);
  return [
    ...incidents.flatMap(({ queue, items }) =>
      items.flatMap((i): Waiter[] =>
        i.escalation.queuedAt === undefined
          ? []
          : [
              {
                what: 'An incident',
                key: KEY.incident(i.id),
                since: i.escalation.queuedAt,
                chasedAt: i.chasedAt,
                escalatedToSomAt: i.escalatedToSomAt,
                // Still in the very queue it entered when read.
                still: { condition: 'escalation.#status = :queue AND escalation.queuedAt = :since', names: { '#status': 'status' }, values: { ':queue': queue, ':since': i.escalation.queuedAt } },
                serviceUserId: i.serviceUserId,
                caseIds: [i.caseId],
                ref: { incidentId: i.id },
                mailbox: [QUEUE_MAILBOX[queue].to()],
                mailboxWords: QUEUE_MAILBOX[queue].words,
                waitingFor: QUEUE_MAILBOX[queue].waitingFor,
                recordAt: QUEUE_MAILBOX[queue].recordAt,
                period: q,
              },
            ],
      ),
    ),
    ...appeals.map(
      (ap): Waiter => ({
        what: 'An appeal',
        key: KEY.appeal(ap.id),
        since: ap.receivedAt,
        chasedAt: ap.chasedAt,
        escalatedToSomAt: ap.escalatedToSomAt,
        still: { condition: '#status = :received', names: { '#status': 'status' }, values: { ':received': 'RECEIVED' } },
        serviceUserId: ap.serviceUserId,
        caseIds: ap.caseIds,
        ref: { appealId: ap.id, strategyId: ap.strategyId },
        // Those told when it was received.
        mailbox: [...new Set([config.SOM_EMAIL, config.HEAD_OF_ASSURANCE_EMAIL])],
        mailboxWords: 'the Statutory Operations Manager and the Head of Assurance',
        waitingFor: 'a decision on the appeal against the contact strategy',
        recordAt: 'Manager inbox, Appeals awaiting decision',
        period: a,
      }),
    ),
    ...breaches.flatMap((b): Waiter[] =>
      b.decision === undefined
        ? []
        : [
            {
              what: 'A breach',
              key: KEY.breach(b.id),
              since: b.decision.decidedAt,
              chasedAt: b.chasedAt,
              escalatedToSomAt: b.escalatedToSomAt,
              still: { condition: '#status = :awaiting', names: { '#status': 'status' }, values: { ':awaiting': 'AWAITING_LEGAL_ADVICE' } },
              serviceUserId: b.serviceUserId,
              caseIds: b.caseIds,
              ref: { breachId: b.id, strategyId: b.strategyId },
              mailbox: [config.SOM_EMAIL],
              mailboxWords: 'the Statutory Operations Manager',
              waitingFor: 'the legal or professional advice sought about the breach of the contact strategy, and what follows from it',
              recordAt: 'Manager inbox, Breaches awaiting legal advice',
              period: q,
            },
          ],
    ),
  ];
}

const STEP_TIMELINE: Record<ChaseStep, (w: Waiter) => TimelineFact> = {
  CHASE: (w) => ({ kind: 'STILL_WAITING_CHASED', fields: { what: w.what, mailbox: w.mailboxWords } }),
  ESCALATE_TO_SOM: (w) => ({ kind: 'STILL_WAITING_ESCALATED', fields: { what: w.what } }),
};

const entries = (w: Waiter, at: string, fact: TimelineFact) => w.caseIds.map((caseId) => timelineWrite(caseId, { at, actor: SYSTEM_ACTOR, ...fact, ref: w.ref }));

/** Claims a step with its timeline entries; false when it was claimed already or the item moved on. */
async function claim(w: Waiter, step: ChaseStep, at: string): Promise<boolean> {
  const t = STEP_TIMELINE[step];
  try {
    await commit([chaseClaimWrite(w.key, step, at, w.still), ...entries(w, at, t(w))]);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

async function send(w: Waiter, step: ChaseStep): Promise<void> {
  const person = await getServiceUserItem(w.serviceUserId);
  // An incident names its one case by reference; the others name their strategy's cases.
  const caseRefs = w.ref.incidentId ? [(await getCase(w.caseIds[0] as string))?.reference ?? ''] : await caseReferences(w.caseIds);
  const brief = { what: `${w.what} (cases ${caseRefs.filter(Boolean).join(', ')})`, personName: person?.name ?? NOT_ON_RECORD.person, since: ukDateOf(new Date(w.since)), waitingFor: w.waitingFor, recordAt: w.recordAt };
  await emailStaff(step === 'CHASE' ? w.mailbox : [config.SOM_EMAIL], stillWaiting(brief, step === 'ESCALATE_TO_SOM'));
}

export interface ChaseSummary {
  chased: number;
  escalatedToSom: number;
  failed: number;
}

/** Every step due today for everything waiting, each sent once. One failing is logged (by id) and counted; the others go on. */
export async function runChasers(today: string = ukToday()): Promise<ChaseSummary> {
  const summary: ChaseSummary = { chased: 0, escalatedToSom: 0, failed: 0 };
  for (const w of await waiting(today)) {
    const due = chasesDue({ since: ukDateOf(new Date(w.since)), chasedAt: w.chasedAt, escalatedToSomAt: w.escalatedToSomAt }, today, w.period);
    for (const step of due) {
      const at = nowIso();
      try {
        if (!(await claim(w, step, at))) continue;
      } catch (err) {
        logger.error('chase not claimed', { ref: w.ref, step, errorName: (err as Error)?.name });
        summary.failed++;
        continue;
      }
      try {
        await send(w, step);
        if (step === 'CHASE') summary.chased++;
        else summary.escalatedToSom++;
      } catch (err) {
        logger.error('chase email not sent; claim released', { ref: w.ref, step, errorName: (err as Error)?.name });
        summary.failed++;
        await commit([
          chaseReleaseWrite(w.key, step, at),
          ...entries(w, nowIso(), { kind: 'STILL_WAITING_EMAIL_FAILED', fields: { what: w.what } }),
        ]).catch((e: unknown) => logger.error('chase claim not released', { ref: w.ref, step, errorName: (e as Error)?.name }));
      }
    }
  }
  return summary;
}

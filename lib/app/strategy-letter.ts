import { ukToday } from '../clock.js';
import { config, office } from '../config.js';
import { appealIdOfLetterRequest } from '../domain/appeals.js';
import { ukDateOf } from '../domain/calendar.js';
import { renderLetter, type AppealLetterFacts, type Letter, type LetterKind } from '../domain/letter.js';
import { notFound } from '../errors.js';
import { getAppeal } from '../store/appeals.js';
import { getServiceUserItem } from '../store/service-users.js';
import { getCases } from '../store/cases.js';
import type { StrategyRecord } from '../store/strategies.js';
import { policyDocuments } from '../wiring.js';

/**
 * The letter of `kind` for the strategy as it stands, addressed to the person and
 * naming the cases. Used by `GET /strategies/{id}/letter` and by the letter delivery.
 * An APPEAL_OUTCOME letter is about the appeal its `requestId` names (its outcome and reasons).
 */
export async function renderStrategyLetter(s: StrategyRecord, kind: LetterKind, opts: { issuedOn?: string; nextReviewDate?: string; requestId?: string } = {}): Promise<Letter> {
  const person = await getServiceUserItem(s.serviceUserId);
  if (!person) throw notFound('There is no such service user.');
  const [cases, policy, appeal] = await Promise.all([
    getCases([...s.caseIds, ...s.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : []))]),
    policyDocuments().policyDocument(),
    kind === 'APPEAL_OUTCOME' ? appealFacts(opts.requestId) : undefined,
  ]);
  return renderLetter({
    kind,
    strategy: { id: s.id, reason: s.reason, restrictions: s.restrictions, reviewDate: s.reviewDate, caseIds: s.caseIds },
    person: { name: person.name, ...(person.postalAddress ? { postalAddress: person.postalAddress } : {}) },
    cases: [...cases.values()].map((c) => ({ id: c.id, reference: c.reference, subject: c.subject, status: c.status })),
    issuedOn: opts.issuedOn ?? (s.activatedAt ? ukDateOf(new Date(s.activatedAt)) : ukToday()),
    policyTitle: policy.title,
    office: office(),
    ...(opts.nextReviewDate ? { nextReviewDate: opts.nextReviewDate } : {}),
    ...(kind === 'IMPLEMENTED' ? { appealDays: config.APPEAL_DAYS } : {}),
    ...(appeal ? { appeal } : {}),
  });
}

/** The decided appeal an APPEAL_OUTCOME letter's request names. */
async function appealFacts(requestId: string | undefined): Promise<AppealLetterFacts> {
  const id = requestId ? appealIdOfLetterRequest(requestId) : undefined;
  const appeal = id ? await getAppeal(id) : undefined;
  if (!appeal?.decision) throw notFound('No decided appeal asked for this letter.');
  return { outcome: appeal.decision.outcome, reasons: appeal.decision.reasons, receivedOn: ukDateOf(new Date(appeal.receivedAt)) };
}

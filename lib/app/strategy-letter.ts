import { ukToday } from '../clock.js';
import { ukDateOf } from '../domain/calendar.js';
import { POLICY_TITLE, renderLetter, type Letter, type LetterKind } from '../domain/letter.js';
import { notFound } from '../errors.js';
import { getServiceUserItem } from '../store/service-users.js';
import { getCases } from '../store/cases.js';
import type { StrategyRecord } from '../store/strategies.js';

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

import { office } from '../config.js';
import { ukDateOf } from '../domain/calendar.js';
import { renderWarningLetter, type Letter } from '../domain/letter.js';
import { notFound } from '../errors.js';
import { getCases } from '../store/cases.js';
import { getServiceUserItem } from '../store/service-users.js';
import type { Warning } from '../store/warnings.js';
import { policyDocuments } from '../wiring.js';

/**
 * The WARNING letter of a warning, addressed to the person and naming the cases
 * (used by the letter delivery and its failure record).
 */
export async function renderWarning(w: Warning, opts: { issuedOn?: string } = {}): Promise<Letter> {
  const person = await getServiceUserItem(w.serviceUserId);
  if (!person) throw notFound('There is no such service user.');
  const [cases, policy] = await Promise.all([getCases(w.caseIds), policyDocuments().policyDocument()]);
  return renderWarningLetter({
    warning: { id: w.id, behaviours: w.behaviours, explanation: w.explanation, caseIds: w.caseIds },
    person: { name: person.name, ...(person.postalAddress ? { postalAddress: person.postalAddress } : {}) },
    cases: [...cases.values()].map((c) => ({ id: c.id, reference: c.reference, subject: c.subject })),
    issuedOn: opts.issuedOn ?? ukDateOf(new Date(w.sentAt)),
    policyTitle: policy.title,
    office: office(),
  });
}

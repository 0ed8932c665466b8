import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bodyForPrint, LETTER_KINDS, renderLetter, renderWarningLetter, ukLongDate } from '../../lib/domain/letter.js';
import { letterPdf, postPackPdf } from '../../lib/delivery/pdf.js';
import { checkPrecompiledLetter } from '../../lib/delivery/precompiled-letter.js';
import { samplePolicyDocument } from '../../local/adapters/policy.js';

/**
 * Every letter this service posts meets GOV.UK Notify's precompiled-letter
 * specification (the pack as posted: the letter and the policy after it), in every
 * kind and in large print, with the longest address the record allows and the
 * longest office name.
 */

const office = { name: 'Office of the Police and Crime Commissioner for Humberside and the Surrounding Areas', postalAddress: ['The Lodge', 'Some Long Street Name', 'Hull', 'HU1 1AA'] };
const person = {
  name: 'Alexandra Catherine Montgomery-Smythe',
  postalAddress: { lines: ['Flat 12', 'Rosebery House', '15 Upper Victoria Street', 'Old Town', 'Kingston upon Hull', 'East Riding of Yorkshire', 'England', 'United Kingdom'], postcode: 'HU1 1AA' },
};
const strategy = {
  id: '01STRATEGY',
  reason: 'You have telephoned us many times a day about the same matter.\n\nSome calls were abusive.',
  restrictions: [{ type: 'TELEPHONE_LIMIT' as const, maxCalls: 2, per: 'WEEK' as const, maxMinutes: 15 }, { type: 'RECORD_CALLS' as const }],
  reviewDate: '2027-06-01',
  caseIds: ['C1', 'C2'],
};
const cases = [
  { id: 'C1', reference: 'OPCC-2026-000001', subject: 'Handling of a complaint', status: 'OPEN' as const },
  { id: 'C2', reference: 'OPCC-2026-000002', subject: 'A review request', status: 'OPEN' as const },
];
const policyTitle = "SAMPLE, not this office's policy: Managing Unreasonably Persistent Contact and Unacceptable Behaviour";
const issuedOn = '2026-11-28';

function rendered(kind: (typeof LETTER_KINDS)[number]) {
  if (kind === 'WARNING') {
    return renderWarningLetter({ warning: { id: '01WARNING', behaviours: ['REFUSES_FINAL_DECISION', 'PERSISTENT_DEMANDS_FOR_UPDATES'], explanation: 'You telephoned us forty times last week.', caseIds: ['C1'] }, person, cases, issuedOn, policyTitle, office } as never);
  }
  return renderLetter({
    kind,
    strategy,
    person,
    cases,
    issuedOn,
    policyTitle,
    office,
    nextReviewDate: '2027-12-01',
    appealDays: 28,
    appeal: { outcome: 'VARIED', reasons: 'We looked again.', receivedOn: '2026-11-20' },
  } as never);
}

async function pack(kind: (typeof LETTER_KINDS)[number], largePrint: boolean): Promise<Uint8Array> {
  const letter = rendered(kind);
  const dateLine = ukLongDate(issuedOn);
  const file = await letterPdf({
    recipientName: person.name,
    postalAddress: person.postalAddress,
    dateLine,
    senderLines: [office.name, ...office.postalAddress],
    subject: letter.subject,
    text: bodyForPrint(letter.text, [person.name, ...person.postalAddress.lines, person.postalAddress.postcode], dateLine),
    reference: '01STRATEGY',
    ...(largePrint ? { format: 'LARGE_PRINT' as const } : {}),
  });
  const policy = await samplePolicyDocument(undefined).policyDocument();
  return postPackPdf(file, policy.pdf, letter.subject);
}

describe("posted letters meet GOV.UK Notify's precompiled-letter specification", () => {
  for (const kind of LETTER_KINDS) {
    for (const largePrint of [false, true]) {
      it(`${kind}${largePrint ? ', large print' : ''}: A4 portrait, at most 10 pages, the address in the window, nothing outside the printable areas`, async () => {
        const verdict = await checkPrecompiledLetter(await pack(kind, largePrint));
        expect(verdict.problems).toEqual([]);
        expect(verdict.pages).toBeLessThanOrEqual(10);
      });
    }
  }

  it('finds what Notify would refuse: a landscape page, text in the margin, no address in the window, too many pages', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const first = doc.addPage([595.28, 841.89]);
    first.drawText('In the left margin', { x: 5, y: 400, size: 10, font });
    doc.addPage([841.89, 595.28]);
    for (let i = 0; i < 9; i++) doc.addPage([595.28, 841.89]);
    const verdict = await checkPrecompiledLetter(await doc.save());
    expect(verdict.problems.map((p) => p.problem).sort()).toEqual(['address-not-in-window', 'content-outside-printable-area', 'letter-not-a4-portrait-oriented', 'letter-too-long']);
    expect(verdict.problems.find((p) => p.problem === 'letter-not-a4-portrait-oriented')!.pages).toEqual([2]);
  });
});

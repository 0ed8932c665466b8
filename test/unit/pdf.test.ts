import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bodyForPrint, renderLetter } from '../../lib/domain/letter.js';
import { A4, letterPdf, pageCount, policyPdf, postPackPdf } from '../../lib/delivery/pdf.js';
import { samplePolicy } from '../../local/adapters/policy.js';

/**
 * The text drawn on each page, read back from the PDF: pdf-lib writes standard-font
 * text as hex strings in (deflated) content streams, one `<...> Tj` per line.
 */
function pageTexts(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const chunk = Buffer.from(raw.slice(start, end), 'latin1');
    let content: string;
    try {
      content = inflateSync(chunk).toString('latin1');
    } catch {
      content = chunk.toString('latin1');
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) out.push(Buffer.from(t[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

const person = { name: 'Alex Example', postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' } };
const letter = renderLetter({
  kind: 'IMPLEMENTED',
  strategy: {
    id: '01STRATEGY',
    reason: 'You have telephoned us many times a day about the same matter \u2014 often 20 calls \u2019a day\u2019.',
    restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK', maxMinutes: 15 }, { type: 'RECORD_CALLS' }],
    reviewDate: '2027-06-01',
    caseIds: ['C1'],
  },
  person,
  cases: [{ id: 'C1', reference: 'OPCC-2026-000001', subject: 'Handling of a complaint', status: 'OPEN' }],
  issuedOn: '2026-11-28',
  policyTitle: 'Managing Unreasonably Persistent Contact and Unacceptable Behaviour',
});

const letterFile = () =>
  letterPdf({
    recipientName: person.name,
    postalAddress: person.postalAddress,
    dateLine: 'Saturday 28 November 2026',
    subject: letter.subject,
    text: bodyForPrint(letter.text, [person.name, ...person.postalAddress.lines, person.postalAddress.postcode], 'Saturday 28 November 2026'),
    reference: '01STRATEGY',
  });

describe('print-ready PDFs', () => {
  it('renders the letter on A4 with the address block, the date and the body', async () => {
    const pdf = await letterFile();
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(A4.width, 1);
      expect(page.getHeight()).toBeCloseTo(A4.height, 1);
    }
    const text = pageTexts(pdf);
    for (const line of ['Alex Example', '1 High Street', 'Hull', 'HU1 1AA', 'Saturday 28 November 2026', letter.subject, 'Dear Alex Example,']) expect(text).toContain(line);
    // Typographic punctuation survives the standard font's encoding.
    expect(text).toContain('\u0097'); // the em dash, in Windows-1252
    expect(text).toMatch(/Page 1 of \d/);
    // The address and the date are drawn once, in their own places, not again in the body.
    expect(text.split('HU1 1AA').length - 1).toBe(1);
  });

  it('renders the policy from the sample Markdown, titled', async () => {
    const policy = await samplePolicy();
    expect(policy.filename).toBe('contact-policy.pdf');
    expect(policy.title).toBe('Managing Unreasonably Persistent Contact and Unacceptable Behaviour');
    const doc = await PDFDocument.load(policy.pdf);
    expect(doc.getTitle()).toBe(policy.title);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    const text = pageTexts(policy.pdf);
    expect(text).toContain('Your rights are not affected');
    expect(text).toContain('What a contact strategy can include');
  });

  it('makes the post pack: the letter pages followed by the policy pages', async () => {
    const [l, policy] = await Promise.all([letterFile(), samplePolicy()]);
    const pack = await postPackPdf(l, policy.pdf, letter.subject);
    expect(await pageCount(pack)).toBe((await pageCount(l)) + (await pageCount(policy.pdf)));
    const text = pageTexts(pack);
    expect(text.indexOf('Dear Alex Example,')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('Your rights are not affected')).toBeGreaterThan(text.indexOf('Dear Alex Example,'));
  });

  it('never fails on text the standard font cannot encode', async () => {
    const pdf = await policyPdf('# Title \u2713 \u{1F600}\n\n- a bullet with \u2192 arrows and \u0141\u00f3d\u017a\n\nA paragraph with \u4e2d\u6587.');
    expect(await pageCount(pdf)).toBe(1);
    expect(pageTexts(pdf)).toContain('a bullet with -> arrows and ?\u00f3dz');
  });

  it('takes the address and the date off the top of the letter text for print', () => {
    const body = bodyForPrint(letter.text, [person.name, ...person.postalAddress.lines, person.postalAddress.postcode], 'Saturday 28 November 2026');
    expect(body.startsWith('Dear Alex Example,')).toBe(true);
  });
});

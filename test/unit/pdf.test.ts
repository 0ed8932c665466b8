import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bodyForPrint, renderLetter } from '../../lib/domain/letter.js';
import { A4, letterPdf, pageCount, policyPdf, postPackPdf } from '../../lib/delivery/pdf.js';
import { samplePolicy, samplePolicyDocument } from '../../local/adapters/policy.js';
import { textSizes } from '../pdf-text-sizes.js';

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
  policyTitle: "SAMPLE, not this office's policy: Managing Unreasonably Persistent Contact and Unacceptable Behaviour",
  office: { name: 'Office of the Police, Fire and Crime Commissioner for Northshire', postalAddress: ['PO Box 123', 'Northtown', 'NT1 2AB'] },
});

const letterFile = () =>
  letterPdf({
    recipientName: person.name,
    postalAddress: person.postalAddress,
    dateLine: 'Saturday 28 November 2026',
    senderLines: ['Office of the Police, Fire and Crime Commissioner for Northshire', 'PO Box 123', 'Northtown', 'NT1 2AB'],
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
    // The sample says on its face (its title and first line) that it is not the office's policy.
    expect(policy.title).toBe("SAMPLE, not this office's policy: Managing Unreasonably Persistent Contact and Unacceptable Behaviour");
    const doc = await PDFDocument.load(policy.pdf);
    expect(doc.getTitle()).toBe(policy.title);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    const text = pageTexts(policy.pdf);
    expect(text.split('\n').slice(0, 2).join(' ')).toMatch(/^SAMPLE, not this office.s policy/);
    expect(text).toContain('This is a sample policy that comes with the contact-strategy software.');
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

  it('names the office from the settings: its name and address in the sender block and as the author, and no other office', async () => {
    const pdf = await letterFile();
    const text = pageTexts(pdf);
    for (const line of ['Office of the Police, Fire and Crime Commissioner for Northshire', 'PO Box 123', 'Northtown', 'NT1 2AB']) expect(text).toContain(line);
    expect((await PDFDocument.load(pdf)).getAuthor()).toBe('Office of the Police, Fire and Crime Commissioner for Northshire');
    expect(text).not.toMatch(/Humberside/i);
    expect(Buffer.from(pdf).toString('latin1')).not.toMatch(/Humberside/i);
  });

  it('encloses the PDF that POLICY_PDF names, titled by its own metadata, instead of the sample', async () => {
    const own = await PDFDocument.create();
    own.addPage();
    own.setTitle('Northshire OPFCC contact policy');
    const path = join(mkdtempSync(join(tmpdir(), 'policy-')), 'own.pdf');
    writeFileSync(path, await own.save());
    const policy = await samplePolicyDocument(path).policyDocument();
    expect(policy.title).toBe('Northshire OPFCC contact policy');
    expect(Buffer.from(policy.pdf).equals(readFileSync(path))).toBe(true);
    expect((await samplePolicyDocument(undefined).policyDocument()).title).toMatch(/^SAMPLE, not this office.s policy/);
  });

  it('takes the address and the date off the top of the letter text for print', () => {
    const body = bodyForPrint(letter.text, [person.name, ...person.postalAddress.lines, person.postalAddress.postcode], 'Saturday 28 November 2026');
    expect(body.startsWith('Dear Alex Example,')).toBe(true);
  });
});

describe('large print (a reasonable adjustment: LARGE_PRINT letters are posted with body text of at least 16 pt)', () => {
  const bodyLines = (sizes: { size: number; text: string }[]) => sizes.filter((d) => /Dear Alex Example|We are writing|Yours sincerely|Nothing in this letter/.test(d.text));

  it('draws the whole body of a LARGE_PRINT letter at 16 pt or more, read back from the Tf operators', async () => {
    const standard = await textSizes(await letterFile());
    const large = await textSizes(
      await letterPdf({
        recipientName: person.name,
        postalAddress: person.postalAddress,
        dateLine: 'Saturday 28 November 2026',
        senderLines: ['Office of the Police, Fire and Crime Commissioner for Northshire', 'PO Box 123'],
        subject: letter.subject,
        text: bodyForPrint(letter.text, [person.name, ...person.postalAddress.lines, person.postalAddress.postcode], 'Saturday 28 November 2026'),
        reference: '01STRATEGY',
        format: 'LARGE_PRINT',
      }),
    );
    expect(bodyLines(standard).length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...bodyLines(standard).map((d) => d.size))).toBeLessThan(16);
    expect(bodyLines(large).length).toBeGreaterThanOrEqual(4);
    for (const line of bodyLines(large)) expect(line.size).toBeGreaterThanOrEqual(16);
    // Every line after the address block (date, subject, headings, paragraphs, bullets) is large, not just these.
    const from = large.findIndex((d) => d.text === 'Saturday 28 November 2026');
    const body = large.slice(from).filter((d) => !/^Page \d+ of \d+/.test(d.text) && !d.text.startsWith('Reference '));
    expect(body.every((d) => d.size >= 16)).toBe(true);
  });
});

import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { LetterPdfInput } from '../ports/letter-pdfs.js';

/**
 * Print-ready PDFs with pdf-lib: the letter (A4, with the address block where a
 * DL window envelope shows it), the policy document, and the post pack (the letter
 * followed by the policy, as one file for the print-and-post service).
 *
 * The standard PDF fonts only encode Windows-1252, so text is made encodable
 * first (typographic quotes and dashes kept, anything else replaced).
 */

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
const MM = 72 / 25.4;
const MARGIN_X = 25 * MM;
const MARGIN_TOP = 20 * MM;
const MARGIN_BOTTOM = 22 * MM;
/**
 * Where a DL window envelope shows the recipient, inside the address block GOV.UK
 * Notify's precompiled-letter specification prints through the window (24.6–120 mm
 * from the left, 39.5–66.3 mm from the top; lib/delivery/precompiled-letter.ts):
 * the first line's baseline 43 mm from the top, up to seven lines of 9 pt.
 */
const ADDRESS_WINDOW = { x: 25 * MM, top: 43 * MM, width: 94 * MM, size: 9, leading: 10.5, maxLines: 7 } as const;
/** The sender's block, top right, inside the specification's service-address column (125 mm from the left onwards). */
const SENDER_WIDTH = A4.width - MARGIN_X - 126 * MM;

/** The address in at most `max` lines (the envelope window's): the name, the postcode on its own line, middle lines joined when there are too many. */
export function addressInLines(name: string, lines: readonly string[], postcode: string | undefined, max: number = ADDRESS_WINDOW.maxLines): string[] {
  const middle = [...lines];
  const room = max - 1 - (postcode ? 1 : 0);
  while (middle.length > room && middle.length > 1) {
    const last = middle.pop() as string;
    middle[middle.length - 1] = `${middle[middle.length - 1]}, ${last}`;
  }
  return [name, ...middle, ...(postcode ? [postcode] : [])];
}

/** Body text size of a standard letter, and of a large-print one (at least 16 pt, RNIB's clear print guidance: a reasonable adjustment, docs/safeguards.md). */
export const BODY_PT = 11;
export const LARGE_PRINT_PT = 16;

const REPLACEMENTS: Record<string, string> = {
  '\u2713': '-', // ✓
  '\u2714': '-',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\t': '    ',
};

/** Makes `text` encodable in the font, character by character (cached). */
function encodable(font: PDFFont): (text: string) => string {
  const cache = new Map<string, string>();
  return (text: string) =>
    Array.from(text.normalize('NFC'))
      .map((ch) => {
        const hit = cache.get(ch);
        if (hit !== undefined) return hit;
        let out = REPLACEMENTS[ch] ?? ch;
        try {
          font.encodeText(out);
        } catch {
          const stripped = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
          try {
            font.encodeText(stripped);
            out = stripped;
          } catch {
            out = '?';
          }
        }
        cache.set(ch, out);
        return out;
      })
      .join('');
}

/** Greedy word wrap to a width in points; long words are broken. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let n = rest.length - 1;
      while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/** Writes flowing text onto as many A4 pages as it needs. */
class Flow {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly onNewPage?: (page: PDFPage) => void,
  ) {
    this.newPage();
  }
  newPage(): void {
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN_TOP;
    this.onNewPage?.(this.page);
  }
  ensure(height: number): void {
    if (this.y - height < MARGIN_BOTTOM) this.newPage();
  }
  line(text: string, font: PDFFont, size: number, x = MARGIN_X, leading = size * 1.35): void {
    this.ensure(leading);
    this.y -= leading;
    this.page.drawText(text, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
  }
  paragraph(text: string, font: PDFFont, size: number, opts: { indent?: number; bullet?: string; after?: number } = {}): void {
    const indent = opts.indent ?? 0;
    const width = A4.width - MARGIN_X * 2 - indent;
    const lines = wrap(text, font, size, width);
    lines.forEach((l, i) => {
      this.line(l, font, size, MARGIN_X + indent);
      if (i === 0 && opts.bullet) this.page.drawText(opts.bullet, { x: MARGIN_X + indent - 10, y: this.y, size, font });
    });
    this.gap(opts.after ?? size * 0.6);
  }
  gap(points: number): void {
    this.y -= points;
  }
}

function footer(pdf: PDFDocument, font: PDFFont, label: string): void {
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const text = `${label}${label ? '  -  ' : ''}Page ${i + 1} of ${pages.length}`;
    page.drawText(text, { x: MARGIN_X, y: MARGIN_BOTTOM / 2, size: 8, font, color: rgb(0.3, 0.3, 0.3) });
  });
}

/** Fixed metadata, so the same input renders the same bytes (tests, caching). */
function setMetadata(pdf: PDFDocument, title: string, author?: string): void {
  const epoch = new Date('2026-01-01T00:00:00.000Z');
  pdf.setTitle(title);
  if (author) pdf.setAuthor(author);
  pdf.setProducer('contact-strategy');
  pdf.setCreator('contact-strategy');
  pdf.setCreationDate(epoch);
  pdf.setModificationDate(epoch);
}

/** The letter as a print-ready A4 PDF, with the recipient's address in the envelope window. */
export async function letterPdf(input: LetterPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(regular);
  setMetadata(pdf, clean(input.subject), input.senderLines[0] && clean(input.senderLines[0]));

  const flow = new Flow(pdf);
  const first = flow.page;
  // Sender, top right, each line wrapped to the service-address column.
  let sy = A4.height - MARGIN_TOP;
  for (const l of input.senderLines.map(clean).flatMap((line) => wrap(line, regular, 9, SENDER_WIDTH))) {
    sy -= 12;
    first.drawText(l, { x: A4.width - MARGIN_X - regular.widthOfTextAtSize(l, 9), y: sy, size: 9, font: regular });
  }
  // Recipient, in the window: name, address lines, postcode (Royal Mail: postcode on its own last line).
  const addressLines = addressInLines(input.recipientName, input.postalAddress?.lines ?? [], input.postalAddress?.postcode).map(clean);
  let ay = A4.height - ADDRESS_WINDOW.top;
  for (const l of addressLines) {
    const [fitted] = wrap(l, regular, ADDRESS_WINDOW.size, ADDRESS_WINDOW.width);
    first.drawText(fitted ?? '', { x: ADDRESS_WINDOW.x, y: ay, size: ADDRESS_WINDOW.size, font: regular });
    ay -= ADDRESS_WINDOW.leading;
  }
  flow.y = Math.min(ay, A4.height - 95 * MM);
  const body = input.format === 'LARGE_PRINT' ? LARGE_PRINT_PT : BODY_PT;
  flow.line(clean(input.dateLine), regular, body);
  flow.gap(12);
  const subject = clean(input.subject).trim();
  for (const para of input.text.split(/\n{2,}/)) {
    const lines = para.split('\n');
    const single = clean(para).trim();
    // The subject line, and short one-line headings, in bold.
    if (!single) continue;
    if (lines.length === 1 && (single === subject || (single.length < 70 && !/[.,:;!?)]$/.test(single) && !/^(Dear|Our reference)/.test(single)))) {
      flow.paragraph(single, bold, single === subject ? body + 1 : body, { after: 6 });
      continue;
    }
    for (const raw of lines) {
      const l = clean(raw.trimEnd());
      const bullet = /^\s*[-*\u2022]\s+/.exec(l);
      if (bullet) flow.paragraph(l.slice(bullet[0].length), regular, body, { indent: 14, bullet: '-', after: 2 });
      else if (l.trim()) flow.paragraph(l, regular, body, { after: 2 });
    }
    flow.gap(8);
  }
  footer(pdf, regular, input.reference ? clean(`Reference ${input.reference}`) : '');
  return pdf.save({ useObjectStreams: false });
}

/**
 * The policy document as a PDF, from a small Markdown subset: `#`/`##`/`###`
 * headings, `-` bullets, paragraphs. The title is the first `#` heading.
 */
export async function policyPdf(markdown: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(regular);
  const title = policyTitleOf(markdown);
  setMetadata(pdf, clean(title));
  const flow = new Flow(pdf);
  let para: string[] = [];
  const flush = () => {
    if (para.length) flow.paragraph(clean(para.join(' ')), regular, 10.5, { after: 6 });
    para = [];
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const size = level === 1 ? 16 : level === 2 ? 13 : 11.5;
      flow.gap(level === 1 ? 0 : 6);
      flow.paragraph(clean(heading[2]!.replace(/\*\*/g, '')), bold, size, { after: 4 });
    } else if (bullet) {
      flush();
      flow.paragraph(clean(bullet[1]!.replace(/\*\*/g, '')), regular, 10.5, { indent: 14, bullet: '-', after: 2 });
    } else if (!line || /^-{3,}$/.test(line)) {
      flush();
    } else {
      para.push(line.replace(/\*\*/g, '').replace(/(^|\s)\*([^*]+)\*/g, '$1$2'));
    }
  }
  flush();
  footer(pdf, regular, clean(title));
  return pdf.save({ useObjectStreams: false });
}

/** The first `#` heading of a Markdown document. */
export function policyTitleOf(markdown: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? 'Contact policy';
}

/** The post pack: the letter followed by the policy, one file for print and post. */
export async function postPackPdf(letter: Uint8Array, policy: Uint8Array, title = 'Post pack'): Promise<Uint8Array> {
  const pack = await PDFDocument.create();
  setMetadata(pack, title);
  for (const part of [letter, policy]) {
    const src = await PDFDocument.load(part);
    const pages = await pack.copyPages(src, src.getPageIndices());
    for (const p of pages) pack.addPage(p);
  }
  return pack.save({ useObjectStreams: false });
}

/** Page count of a PDF (tests; checks on a stored pack). */
export async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount();
}

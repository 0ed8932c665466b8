import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts, type PDFFont } from 'pdf-lib';

/**
 * GOV.UK Notify's precompiled-letter checks, as its template-preview service makes
 * them (alphagov/notifications-template-preview, app/precompiled.py): every page A4
 * portrait (2 mm either way), at most 10 pages, the address where the envelope window
 * shows it, and nothing printed outside the areas the printer may print on (1 mm of
 * give, as Notify allows). Measured in millimetres from the top left of the page.
 *
 * Notify renders each page and looks for ink; this reads the text this service's own
 * PDFs draw (pdf-lib's `x y Tm <hex> Tj` runs, measured with the standard fonts'
 * metrics), so it checks exactly what lib/delivery/pdf.ts makes. Shared by the unit
 * test of those PDFs and by the local stand-in for Notify.
 */

const MM = 72 / 25.4;
const A4_MM = { width: 210, height: 297 } as const;
const MAX_PAGES = 10;
/** The give Notify allows on every boundary. */
const GIVE = 1;

interface Area {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where the first page may be printed on: the body, the address block, the service address column and the logo area. */
export const FIRST_PAGE_AREAS = {
  body: { left: 15, right: 195, top: 95, bottom: 292 },
  address: { left: 24.6, right: 120, top: 39.5, bottom: 66.3 },
  serviceAddress: { left: 125, right: 195, top: 5, bottom: 95 },
  logo: { left: 15, right: 125, top: 5, bottom: 30 },
} as const satisfies Record<string, Area>;

/** Where every later page may be printed on. */
export const LATER_PAGE_AREA: Area = { left: 15, right: 195, top: 5, bottom: 292 };

/** Notify's own names for what is wrong. */
export type PrecompiledProblem = 'letter-not-a4-portrait-oriented' | 'letter-too-long' | 'content-outside-printable-area' | 'address-not-in-window';

export interface PrecompiledVerdict {
  pages: number;
  problems: Array<{ problem: PrecompiledProblem; pages: number[] }>;
}

/** A run of text as drawn: its box in mm from the top left. */
interface Run extends Area {
  text: string;
}

const inside = (r: Area, a: Area) => r.left >= a.left - GIVE && r.right <= a.right + GIVE && r.top >= a.top - GIVE && r.bottom <= a.bottom + GIVE;

/** The text runs of one page's content streams. */
function runsOf(doc: PDFDocument, pageIndex: number, fonts: { regular: PDFFont; bold: PDFFont }, pageHeightPt: number): Run[] {
  const page = doc.getPage(pageIndex);
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : contents ? [contents] : [];
  const runs: Run[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) continue;
    const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    let font = fonts.regular;
    let size = 12;
    let x = 0;
    let y = 0;
    for (const token of content.matchAll(/\/(\S+)\s+([\d.]+)\s+Tf|1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm|<([0-9A-Fa-f]*)>\s*Tj/g)) {
      if (token[1] !== undefined) {
        font = /^Helvetica-Bold/.test(token[1]) ? fonts.bold : fonts.regular;
        size = Number(token[2]);
      } else if (token[3] !== undefined) {
        x = Number(token[3]);
        y = Number(token[4]);
      } else {
        const text = Buffer.from(token[5] ?? '', 'hex').toString('latin1');
        if (!text.trim()) continue;
        const width = font.widthOfTextAtSize(text, size);
        runs.push({
          text,
          left: x / MM,
          right: (x + width) / MM,
          top: (pageHeightPt - (y + size * 0.75)) / MM,
          bottom: (pageHeightPt - (y - size * 0.25)) / MM,
        });
      }
    }
  }
  return runs;
}

/** Checks a PDF as GOV.UK Notify checks a precompiled letter. */
export async function checkPrecompiledLetter(pdf: Uint8Array): Promise<PrecompiledVerdict> {
  const doc = await PDFDocument.load(pdf);
  const scratch = await PDFDocument.create();
  const fonts = { regular: await scratch.embedFont(StandardFonts.Helvetica), bold: await scratch.embedFont(StandardFonts.HelveticaBold) };
  const pages = doc.getPageCount();
  const problems: PrecompiledVerdict['problems'] = [];
  const notA4: number[] = [];
  const outside: number[] = [];
  let addressRuns = 0;
  doc.getPages().forEach((page, i) => {
    const { width, height } = page.getSize();
    const rotation = page.getRotation().angle % 360;
    const portrait = Math.abs(width / MM - A4_MM.width) <= 2 && Math.abs(height / MM - A4_MM.height) <= 2 && (rotation === 0 || rotation === 180);
    if (!portrait) notA4.push(i + 1);
    const runs = runsOf(doc, i, fonts, height);
    const areas: Area[] = i === 0 ? Object.values(FIRST_PAGE_AREAS) : [LATER_PAGE_AREA];
    if (runs.some((r) => !areas.some((a) => inside(r, a)))) outside.push(i + 1);
    if (i === 0) addressRuns = runs.filter((r) => inside(r, FIRST_PAGE_AREAS.address)).length;
  });
  if (notA4.length) problems.push({ problem: 'letter-not-a4-portrait-oriented', pages: notA4 });
  if (pages > MAX_PAGES) problems.push({ problem: 'letter-too-long', pages: [pages] });
  if (outside.length) problems.push({ problem: 'content-outside-printable-area', pages: outside });
  // A name and at least a postcode: the window must show an address.
  if (addressRuns < 2) problems.push({ problem: 'address-not-in-window', pages: [1] });
  return { pages, problems };
}

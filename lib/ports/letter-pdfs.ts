/** Where the envelope's window shows the recipient. */
export interface PostalAddress {
  lines: string[];
  postcode: string;
}

/** A letter as it is printed. */
export interface LetterPdfInput {
  recipientName: string;
  postalAddress?: PostalAddress;
  /** The sender's block (top right): the office's name and postal address (settings ORG_NAME, ORG_POSTAL_ADDRESS). */
  senderLines: string[];
  /** e.g. "28 November 2026". */
  dateLine: string;
  subject: string;
  /** The letter body as plain text (paragraphs separated by blank lines). */
  text: string;
  /** Shown in the footer, e.g. the strategy id, for staff to match returned post. */
  reference?: string | undefined;
  /** LARGE_PRINT (a reasonable adjustment): the date, subject and body in large print. */
  format?: 'STANDARD' | 'LARGE_PRINT' | undefined;
}

/**
 * Print-ready PDFs: the letter, and the post pack (the letter followed by the
 * policy, one file for print and post). Behind a port, though it only computes,
 * because the PDF library is a third of a bundle: use cases stay free of it and the
 * adapter loads it only when a PDF is asked for (not at a function's cold start).
 */
export interface LetterPdfs {
  letter(input: LetterPdfInput): Promise<Uint8Array>;
  postPack(letter: Uint8Array, policy: Uint8Array, title: string): Promise<Uint8Array>;
}

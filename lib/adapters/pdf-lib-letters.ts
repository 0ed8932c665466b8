import type { LetterPdfs } from '../ports/letter-pdfs.js';

/**
 * The PDFs made with pdf-lib (lib/delivery/pdf.ts), loaded on first use: only posting
 * a letter or reading one as posted needs it, and every function that can also answers
 * requests that never do, so it stays out of their cold start.
 */
const loadPdf = () => import('../delivery/pdf.js');

export const pdfLibLetters: LetterPdfs = {
  letter: async (input) => (await loadPdf()).letterPdf(input),
  postPack: async (letter, policy, title) => (await loadPdf()).postPackPdf(letter, policy, title),
};

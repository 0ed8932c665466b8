import type { PrintAndPost } from '../ports/print-and-post.js';

/** In-house post: the letter joins the print queue, where staff print it and mark it as posted. */
export const inHousePrint: PrintAndPost = {
  provider: 'IN_HOUSE',
  handOver: () => Promise.resolve({ status: 'PRINT_READY' }),
};

import type { PostProvider } from '../domain/post.js';

/**
 * Where a posted letter leaves the building: the office's own print queue, or
 * GOV.UK Notify's print-and-post service. The post-queue consumer hands each
 * letter's pack over once; what became of it is recorded on the letter.
 */
export interface PrintAndPost {
  readonly provider: PostProvider;
  /**
   * Hands the letter's pack over. `reference` is the letter's id: a provider that
   * already has a letter with that reference answers what it has, so a letter is
   * never sent twice. Throws when the provider cannot be reached (the queue retries).
   */
  handOver(letter: { reference: string; pack: () => Promise<Uint8Array> }): Promise<Handover>;
  /** The provider's status of a letter it accepted (GOV.UK Notify's words); absent in-house, where staff record it. */
  statusOf?(providerId: string): Promise<string>;
}

/** What became of a pack handed over: in the print queue, accepted by the printer, or refused (with the provider's reason). */
export type Handover = { status: 'PRINT_READY' } | { status: 'SENT_TO_PRINTER'; providerId: string } | { status: 'FAILED'; reason: string };

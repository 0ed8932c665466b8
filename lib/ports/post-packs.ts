/** Stored beside each pack: what the print service (and the local post outbox) needs. */
export interface PackManifest {
  letterId: string;
  /** What the letter is about: a strategy, or (a WARNING letter) a warning. */
  strategyId?: string;
  warningId?: string;
  recipientName: string;
  postalAddress: { lines: string[]; postcode: string };
  subject: string;
  text: string;
  /** What is in the envelope besides the letter, e.g. the policy PDF's file name. */
  enclosures: string[];
  packKey: string;
  createdAt: string;
}

/**
 * Where post packs are kept for print and post: the pack (the letter followed by
 * the policy, one print-ready PDF) with its manifest beside it.
 */
export interface PostPackStore {
  /** Stores the pack and its manifest; returns the pack's key. Idempotent for the same letter (same key). */
  store(pdf: Uint8Array, manifest: Omit<PackManifest, 'packKey'>): Promise<string>;
  /** The pack stored under `packKey` (the print provider is handed exactly what was stored). */
  read(packKey: string): Promise<Uint8Array>;
}

/** One key per letter, so storing a letter's pack again overwrites it. */
export const packKeyOf = (m: { strategyId?: string | undefined; warningId?: string | undefined; letterId: string }) =>
  m.strategyId ? `post-packs/${m.strategyId}/${m.letterId}.pdf` : `post-packs/warnings/${m.warningId ?? 'none'}/${m.letterId}.pdf`;
export const manifestKeyOf = (packKey: string) => packKey.replace(/\.pdf$/, '.json');

/**
 * Pure rules about people on record: how a name search matches, and which fields
 * an edit changed (the audit names fields, never their values).
 */

/** The words of a name search: lower-cased, split on white space, each at most once. */
export function nameWords(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/\s+/u).filter((w) => w !== ''))];
}

/** A person's name matches when it contains every word given, case-insensitively (anywhere, not only at a word's start). */
export function nameMatches(name: string, words: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return words.length > 0 && words.every((w) => lower.includes(w));
}

/** Canonical JSON, so that objects compare by content whatever their key order. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The names of the fields a patch really changes, in the patch's order: a field
 * given with the value it already has is not a change; `null` clears a field.
 */
export function changedFields(current: Record<string, unknown>, patch: Record<string, unknown>): string[] {
  return Object.keys(patch).filter((k) => patch[k] !== undefined && canonical(patch[k]) !== canonical(current[k]));
}

/**
 * Whether additional needs written in staff's words ask for large print ("Prefers large
 * print", "needs large-print letters"), and do not say the opposite ("no large print").
 * A need written at intake then becomes the LARGE_PRINT reasonable adjustment, so the
 * person's posted letters are printed large without anyone setting it twice.
 */
export function asksForLargePrint(needs: string | undefined): boolean {
  if (!needs || !/\blarge[\s-]*print\b/i.test(needs)) return false;
  return !/\b(no|not|never|without|doesn['’]?t|does not|don['’]?t)\b[^.;\n]*\blarge[\s-]*print/i.test(needs);
}

/** The adjustments a new person starts with: those given, with large print added when their needs ask for it. */
export function adjustmentsAtIntake<A extends { format?: 'STANDARD' | 'LARGE_PRINT' | undefined }>(needs: string | undefined, given: A | undefined): A | { format: 'LARGE_PRINT' } | undefined {
  if (given?.format !== undefined || !asksForLargePrint(needs)) return given;
  return { ...(given ?? {}), format: 'LARGE_PRINT' };
}

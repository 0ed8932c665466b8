/**
 * How a person can be reached, normalised so that lookups and screening match
 * however staff or the person wrote it. Pure functions, no AWS.
 */

/** Emails are matched case-insensitively: stored lower-cased and trimmed. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * UK phone numbers in any common form become E.164: spaces, dashes, dots and
 * brackets dropped; `00` becomes `+`; a leading UK trunk `0` becomes `+44`;
 * `+44 (0)` loses the `(0)`.
 */
export function normalisePhone(raw: string): string {
  let s = raw.trim().replace(/\(0\)/g, '').replace(/[\s\-().]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (s.startsWith('0')) s = `+44${s.slice(1)}`;
  else if (/^44\d{9,10}$/.test(s)) s = `+${s}`;
  return s;
}

export const E164 = /^\+[1-9]\d{6,14}$/;

export function isValidPhone(normalised: string): boolean {
  if (!E164.test(normalised)) return false;
  // A UK number has ten digits after +44.
  if (normalised.startsWith('+44')) return /^\+44\d{9,10}$/.test(normalised);
  return true;
}

/** Tells an email address from a phone number, for screening's `from`. */
export function contactPointOf(from: string): { kind: 'EMAIL'; value: string } | { kind: 'PHONE'; value: string } | undefined {
  if (from.includes('@')) return { kind: 'EMAIL', value: normaliseEmail(from) };
  const phone = normalisePhone(from);
  return isValidPhone(phone) ? { kind: 'PHONE', value: phone } : undefined;
}

export type ContactPointKind = 'EMAIL' | 'PHONE';

/** Every way a person can be reached: their email addresses, then their phone numbers. */
export function contactPointsOf(u: { emails: readonly string[]; phones: readonly string[] }): { kind: ContactPointKind; value: string }[] {
  return [...u.emails.map((value) => ({ kind: 'EMAIL' as const, value })), ...u.phones.map((value) => ({ kind: 'PHONE' as const, value }))];
}

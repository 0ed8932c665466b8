/**
 * Which of the person's email addresses a letter may still go to. An address a
 * letter of this strategy bounced from (or that complained) is not written to
 * again; if the person gives a new address it is used. Pure, no AWS.
 */
export function deliverableEmails(personEmails: readonly string[], undeliverable: readonly string[] | undefined): string[] {
  const avoid = new Set((undeliverable ?? []).map((a) => a.toLowerCase()));
  return personEmails.filter((e) => !avoid.has(e.toLowerCase()));
}

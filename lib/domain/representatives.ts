/**
 * Representatives: someone who acts for the person with their consent (an MP, a
 * solicitor, an advocate, a family member). The person's contact strategy is about
 * the person's own contact: it never restricts their representative, so an MP's
 * enquiry is always answered. Pure rules, no AWS (the console uses the words too).
 */
import type { FieldError } from './field-error.js';
import type { ScreenOutcome } from './screening.js';

export const REPRESENTATIVE_KINDS = ['MP', 'SOLICITOR', 'ADVOCATE', 'FAMILY', 'OTHER'] as const;
export type RepresentativeKind = (typeof REPRESENTATIVE_KINDS)[number];

/** A kind in words, as screening's reasons and the console show it. */
export const REPRESENTATIVE_KIND_WORDS: Record<RepresentativeKind, string> = {
  MP: 'MP',
  SOLICITOR: 'solicitor',
  ADVOCATE: 'advocate',
  FAMILY: 'family member',
  OTHER: 'representative',
};

/**
 * A representative's address or number that is also the person's own would let the
 * person's own contact pass as their representative's and step round their strategy:
 * refused, naming each field (`emails[0]`, `phones[1]`).
 */
export function sharedWithPerson(rep: { emails: string[]; phones: string[] }, person: { emails: string[]; phones: string[] }): FieldError[] {
  const clash = (field: 'emails' | 'phones') =>
    rep[field].flatMap((v, i) => (person[field].includes(v) ? [{ path: `${field}[${i}]`, message: `is the service user's own ${field === 'emails' ? 'email address' : 'phone number'}, not a representative's` }] : []));
  return [...clash('emails'), ...clash('phones')];
}

/** Who a screened contact is from when it is a representative's: the person they act for. */
export interface RepresentativeMatch {
  serviceUserId: string;
  representativeId: string;
  name: string;
  kind: RepresentativeKind;
}

/**
 * Screening a contact from a person's representative: always PROCEED, never a
 * potential breach, whatever the person's strategy says. Several people's
 * representative at one address (an MP's office writes for many constituents):
 * PROCEED, with staff asked who it is about, because the record cannot tell.
 */
export function screenRepresentative(matches: RepresentativeMatch[]): ScreenOutcome & { representativeOf?: RepresentativeMatch } {
  const people = new Set(matches.map((m) => m.serviceUserId));
  const first = matches[0]!;
  const who = `${first.name}, ${REPRESENTATIVE_KIND_WORDS[first.kind]}`;
  if (people.size > 1) {
    return {
      decision: 'PROCEED',
      reasons: [
        `This is ${who}, on record as the representative of ${people.size} people. A contact strategy never restricts a representative: answer it. Ask who it is about and screen it again naming them, so it is recorded on their record.`,
      ],
      potentialBreach: false,
    };
  }
  return {
    decision: 'PROCEED',
    reasons: [`This is ${who}, acting for the service user with their consent. A contact strategy restricts only the person's own contact, never their representative's: answer it. It is recorded on the person's record.`],
    potentialBreach: false,
    representativeOf: first,
  };
}

/** The words for a representative on screen and in reasons: "Jo Bloggs (MP)". */
export function representativeWords(rep: { name: string; kind: RepresentativeKind }): string {
  return `${rep.name} (${REPRESENTATIVE_KIND_WORDS[rep.kind]})`;
}

/** The line a copy of a letter carries at its top, and the subject prefix of an emailed copy. */
export function copyNotice(rep: { name: string; kind: RepresentativeKind }, personName: string): { line: string; subjectPrefix: string } {
  return { line: `Copy sent to ${representativeWords(rep)} at the request of ${personName}.`, subjectPrefix: 'Copy: ' };
}

import { describe, expect, it } from 'vitest';
import { behaviourWords, plainWords } from '../../console/src/plain-words.js';
import { DECISIONS as DECISION_WORDS, LETTER_KIND_LABELS } from '../../console/src/labels.js';
import { letterEventSummary, missingRouteSummary, undeliverableSummary } from '../../lib/domain/letter-events.js';
import { LETTER_KINDS } from '../../lib/domain/letters/index.js';
import { LETTER_STATUSES } from '../../lib/domain/letter-routes.js';
import { DECISIONS } from '../../lib/domain/screening.js';

/** A code as the API spells one: capitals, with or without underscores (acronyms in the server's prose excepted). */
const codesIn = (text: string) => (text.match(/\b[A-Z]{2,}(?:_[A-Z]+)*\b/g) ?? []).filter((w) => !['SES'].includes(w));

/** Staff never see an id, an enum or a behaviour code: the console's wording of the API's timeline summaries. */
describe('Timeline summaries in plain words', () => {
  it('drops strategy and letter ids, keeping the sentence', () => {
    expect(plainWords('Contact strategy 01M8T2A7156NEMY9YRFPKWHWEK approved by Sam Manager')).toBe('The contact strategy approved by Sam Manager');
    expect(plainWords('Letter sent by email (letter 01M8T2A7156NEMY9YRFPKWHWEK)')).toBe('Letter sent by email');
    expect(plainWords('Breach 01M8T2A7156NEMY9YRFPKWHWEK of contact strategy 01M8T2A7156NEMY9YRFPKWHWEF decided')).toBe('Breach of the contact strategy decided');
  });

  it('names letter kinds, case types, dates and changed fields in words', () => {
    expect(plainWords('IMPLEMENTED letter queued for post: How you can contact us')).toBe('Letter “Strategy put in place” queued for post: How you can contact us');
    expect(plainWords('APPEAL_OUTCOME letter sent by email: The outcome of your appeal')).toBe('Letter “Outcome of their appeal” sent by email: The outcome of your appeal');
    expect(plainWords('WARNING letter dispatched by post: Your behaviour towards our staff')).toBe('Letter “Warning about their behaviour” dispatched by post: Your behaviour towards our staff');
    expect(plainWords('The person has no postal address on record, so the VARIED letter was not sent by post.')).toBe('The person has no postal address on record, so the letter “Strategy varied” was not sent by post.');
    expect(plainWords('The person was told in writing of the EXTENDED outcome of contact strategy 01M8T2A7156NEMY9YRFPKWHWEK (ok)')).toBe('The person was told in writing of the “Strategy extended” outcome of the contact strategy (ok)');
    expect(plainWords('COMPLAINT case OPCC-2026-000001 opened: Handling')).toBe('Complaint case OPCC-2026-000001 opened: Handling');
    expect(plainWords('now in force until its review by 2027-06-02')).toBe('now in force until its review by 2 June 2027');
    expect(plainWords("The person's details were changed: postalAddress, additionalNeeds.")).toBe("The person's details were changed: postal address, additional needs.");
  });

  it('words behaviour codes by the policy’s own first clause, and any other code in lower case', () => {
    expect(behaviourWords('VERBAL_OR_WRITTEN_ABUSE')).toBe('Verbal or written abuse');
    expect(plainWords('Incident by phone (VERBAL_OR_WRITTEN_ABUSE, STALKING): shouted')).toMatch(/^Incident by phone \(Verbal or written abuse, Stalking\b/);
    expect(plainWords('Escalation: AWAITING_LINE_MANAGER.')).toBe('Escalation: awaiting line manager.');
  });

  it('words a screening decision by the desk’s own title for it', () => {
    expect(plainWords('Inbound phone contact: asked for an update Screened: PROCEED.')).toBe('Inbound phone contact: asked for an update Screened: Proceed.');
    expect(plainWords('Inbound email contact: again Screened: CHANNEL_BLOCKED.')).toBe('Inbound email contact: again Screened: Channel not allowed.');
    expect(plainWords('Screened: LOG_ONLY.')).toBe('Screened: Log only – do not respond.');
  });

  it('leaves no code of the API’s tables in capitals, and keeps acronyms', () => {
    const codes = ['PROCEED', 'REFUSE', 'DISPATCHED', 'QUEUED', 'ACTIVE', 'NOT_NOTIFIED', 'IMPLEMENTED', 'PHONE', 'REPORTED_TO_POLICE'];
    for (const code of codes) expect(plainWords(`Status ${code} now`), code).not.toMatch(/\b[A-Z]{2,}(?:_[A-Z]+)*\b/);
    expect(plainWords('Status DISPATCHED now')).toBe('Status posted now');
    expect(plainWords('SES will send nothing more to OPCC-2026-000001')).toBe('SES will send nothing more to OPCC-2026-000001');
  });

  it('words every letter summary the server writes, for every kind, status and route, by the kind’s own label', () => {
    for (const kind of LETTER_KINDS) {
      const label = LETTER_KIND_LABELS[kind] as string;
      for (const status of LETTER_STATUSES) {
        for (const channel of ['EMAIL', 'POST'] as const) {
          const words = plainWords(letterEventSummary({ kind, channel, status, subject: 'How you can contact us', failure: { error: 'timed out' } }));
          expect(codesIn(words), words).toEqual([]);
          expect(words).toContain(`“${label}”`);
        }
      }
      for (const words of [plainWords(missingRouteSummary(kind, 'POST')), plainWords(undeliverableSummary({ kind, subject: 'S' }, { status: 'COMPLAINED', event: 'COMPLAINT', detail: 'abuse' }, true))]) {
        expect(codesIn(words), words).toEqual([]);
        expect(words).toContain(`“${label}”`);
      }
    }
  });

  it('words every screening decision on a contact entry by the desk’s title for it', () => {
    for (const decision of DECISIONS) {
      const words = plainWords(`Inbound phone contact: asked again Screened: ${decision}.`);
      expect(words).toBe(`Inbound phone contact: asked again Screened: ${DECISION_WORDS[decision].title}.`);
    }
  });
});

/**
 * Every contact recorded for a person, with or without a case: how it came
 * (an email screened by the inbound gateway shows as "Email received"), what it
 * was about, and the screening decision in words.
 */
import { q } from '../api.js';
import { h } from '../dom.js';
import { h2, link, p, table, tag, warningText } from '../govuk.js';
import { channelName, DECISIONS, formatDateTime } from '../labels.js';
import type { Contact } from '../types.js';
import { representativeWords } from '../../../lib/domain/representatives.js';

export function howItCame(c: Contact): string {
  const rep = c.representative ? ` from ${representativeWords(c.representative)}, their representative` : '';
  if (c.source === 'INBOUND_EMAIL') return `Email received${rep}`;
  if (c.source === 'SWITCHBOARD') return `Call at the switchboard${rep}`;
  const how = channelName(c.channel);
  return c.direction === 'OUTBOUND' ? `${how}, from us` : rep ? `${how}${rep}` : `${how}, from them`;
}

function screening(c: Contact) {
  if (!c.screening) return 'Not screened';
  const d = DECISIONS[c.screening.decision];
  return h(
    'span',
    null,
    d ? d.title : 'Screened',
    c.screening.potentialBreach ? [' ', tag('Possible breach', 'red')] : null,
  );
}

export function contactsSection(contacts: Contact[], refOf: (caseId: string) => string | undefined) {
  return [
    h2('Contacts', { id: 'contacts' }),
    p('Every contact logged, newest first, including those not about a case.'),
    contacts.length
      ? h(
          'div',
          { id: 'contacts-table' },
          table({
            head: ['When', 'How', 'About', 'What', 'Screening'],
            rows: contacts.map((c) => [
              formatDateTime(c.occurredAt),
              h('span', null, howItCame(c), c.durationMinutes ? `, ${c.durationMinutes} min` : null),
              c.caseId ? (refOf(c.caseId) ? link(`#/cases/${q(c.caseId)}`, refOf(c.caseId) as string) : 'A case') : c.outsideRemit ? `Outside our remit: signposted to ${c.outsideRemit.signpostedTo}` : 'Not about a case',
              h('span', null, c.summary || 'No summary', c.senderUnverified ? warningText('Sender not verified: the email could not be shown to come from this address.') : null),
              screening(c),
            ]),
          }),
        )
      : p('No contacts logged.'),
  ];
}

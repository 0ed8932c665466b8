/** Every letter sent or queued to a person, each opening the copy kept as it was sent. */
import { q } from '../api.js';
import { h } from '../dom.js';
import { h2, hidden, link, p, table, tag } from '../govuk.js';
import { formatDate, formatDateTime } from '../labels.js';
import { LETTER_KIND_SPEC_LIST } from '../../../lib/domain/letters/index.js';

/** A letter as `GET /letters/{id}` and `GET /service-users/{id}/letters` answer it. */
export interface LetterAsSent {
  id: string;
  strategyId?: string;
  serviceUserId: string;
  kind: string;
  channel: string;
  status: string;
  to?: string[];
  postalAddress?: { lines: string[]; postcode: string };
  subject: string;
  text: string;
  createdAt: string;
  sentAt?: string;
}

/** What each letter told the person, in staff's words: each letter kind's spec says. */
export const LETTER_KINDS: Record<string, string> = Object.fromEntries(LETTER_KIND_SPEC_LIST.map((s) => [s.kind, s.label]));
export const letterKind = (k: string) => LETTER_KINDS[k] ?? k.charAt(0) + k.slice(1).toLowerCase().replace(/_/g, ' ');

export const LETTER_STATUS: Record<string, { text: string; colour: string }> = {
  SENT: { text: 'Emailed', colour: 'green' },
  QUEUED: { text: 'Waiting to be posted', colour: 'yellow' },
  DISPATCHED: { text: 'Posted', colour: 'green' },
  FAILED: { text: 'Could not be sent', colour: 'red' },
  BOUNCED: { text: 'Not delivered', colour: 'red' },
  COMPLAINED: { text: 'Reported as unwanted', colour: 'orange' },
};
export const letterStatus = (s: string) => {
  const x = LETTER_STATUS[s] ?? { text: s.charAt(0) + s.slice(1).toLowerCase(), colour: 'grey' };
  return tag(x.text, x.colour);
};
export const letterRoute = (c: string) => (c === 'POST' ? 'Post' : c === 'EMAIL' ? 'Email' : c.charAt(0) + c.slice(1).toLowerCase());

export function lettersSection(letters: LetterAsSent[]) {
  return [
    h2('Letters', { id: 'letters' }),
    letters.length
      ? table({
          head: ['Letter', 'Sent by', 'Status', 'Date'],
          rows: letters.map((l) => [link(`#/letters/${q(l.id)}`, letterKind(l.kind), hidden(` (${letterRoute(l.channel).toLowerCase()}, ${formatDate(l.sentAt ?? l.createdAt)})`)), letterRoute(l.channel), letterStatus(l.status), formatDateTime(l.sentAt ?? l.createdAt)]),
        })
      : p('No letters sent to them.'),
    letters.length ? p(h('span', { class: 'govuk-body-s' }, 'Each letter opens as it was sent: later changes to their details or the strategy do not change it.')) : null,
  ];
}

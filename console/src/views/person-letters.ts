/** Every letter sent or queued to a person, each opening the copy kept as it was sent. */
import { q } from '../api.js';
import { h } from '../dom.js';
import { h2, hidden, link, p, table, tag } from '../govuk.js';
import type { Letter } from '../types.js';
import { formatDate, formatDateTime, letterKindLabel, letterStatusWords } from '../labels.js';
import { representativeWords } from '../../../lib/domain/representatives.js';

export const letterKind = letterKindLabel;
export const letterStatus = (s: string) => {
  const x = letterStatusWords(s);
  return tag(x.text, x.colour);
};
export const letterRoute = (c: string) => (c === 'POST' ? 'Post' : c === 'EMAIL' ? 'Email' : c.charAt(0) + c.slice(1).toLowerCase());

export function lettersSection(letters: Letter[]) {
  return [
    h2('Letters', { id: 'letters' }),
    letters.length
      ? table({
          head: ['Letter', 'Sent by', 'Status', 'Date'],
          rows: letters.map((l) => [link(`#/letters/${q(l.id)}`, letterKind(l.kind), l.copyFor ? ` (copy for ${representativeWords(l.copyFor)})` : '', hidden(` (${letterRoute(l.channel).toLowerCase()}, ${formatDate(l.sentAt ?? l.createdAt)})`)), letterRoute(l.channel), letterStatus(l.status), formatDateTime(l.sentAt ?? l.createdAt)]),
        })
      : p('No letters sent to them.'),
    letters.length ? p(h('span', { class: 'govuk-body-s' }, 'Each letter opens as it was sent: later changes to their details or the strategy do not change it.')) : null,
  ];
}

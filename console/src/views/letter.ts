/**
 * A letter exactly as it was sent (`#/letters/{id}`): the copy frozen at send
 * time, and for a posted letter the printed copy as a PDF (fetched with the
 * staff member's token and handed over as a download).
 */
import { download, get, getBlob, q } from '../api.js';
import { add, h } from '../dom.js';
import { backLink, button, h2, heading, insetText, link, summaryList } from '../govuk.js';
import { onSubmit } from '../forms.js';
import { formatDate, formatDateTime } from '../labels.js';
import type { View } from '../shell.js';
import type { Person } from '../types.js';
import { letterKind, letterRoute, letterStatus, type LetterAsSent } from './person-letters.js';

const view: View = async ({ main, params }) => {
  const id = params[0] as string;
  const letter = await get<LetterAsSent>(`/letters/${q(id)}`);
  const person = letter.serviceUserId ? await get<Person>(`/service-users/${q(letter.serviceUserId)}`).catch(() => undefined) : undefined;
  const sent = letter.sentAt ?? letter.createdAt;
  const to = letter.channel === 'POST' && letter.postalAddress
    ? h('span', null, ...letter.postalAddress.lines.flatMap((l) => [l, h('br')]), letter.postalAddress.postcode)
    : (letter.to ?? []).join(', ') || 'Not recorded';
  let pdf: HTMLElement | null = null;
  if (letter.channel === 'POST') {
    pdf = h('form', { id: 'pdf-form' });
    pdf.append(button('Download the printed copy (PDF)', { variant: 'secondary', id: 'pdf-button' }));
    onSubmit(pdf as HTMLFormElement, async () => {
      download(await getBlob(`/letters/${q(id)}/pdf`), `letter-${sent.slice(0, 10)}.pdf`);
    });
  }
  add(main,
    person ? backLink(`#/people/${q(person.id)}`, `Back to ${person.name}`) : backLink('#/desk'),
    heading(letter.subject, `${letterKind(letter.kind)}, as sent`),
    summaryList([
      ['To', person ? person.name : 'Not recorded'],
      [letter.channel === 'POST' ? 'Posted to' : 'Emailed to', to],
      ['Sent by', letterRoute(letter.channel)],
      ['Status', letterStatus(letter.status)],
      ['Date', formatDateTime(sent)],
      ...(letter.strategyId ? [['About', link(`#/strategies/${q(letter.strategyId)}`, 'The contact strategy')] as [string, Node]] : []),
    ]),
    insetText('This is the copy kept when the letter was sent. Later changes to their details or to the strategy do not change it.'),
    pdf,
    h2('The letter', { id: 'letter-heading' }),
    h('div', { class: 'app-letter', id: 'letter-text', tabindex: '0', role: 'region', 'aria-labelledby': 'letter-heading' }, letter.text),
  );
  return `${letterKind(letter.kind)} of ${formatDate(sent)}`;
};
export default view;

/**
 * A letter exactly as it was sent (`#/letters/{id}`): the copy frozen at send
 * time, and for a posted letter the printed copy as a PDF (fetched with the
 * staff member's token and handed over as a download).
 */
import { download, get, getBlob, newKey, post, q, request } from '../api.js';
import { mayRecord } from '../auth.js';
import { add, h, str } from '../dom.js';
import { backLink, button, h2, heading, insetText, link, summaryList, textarea } from '../govuk.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { flash, go } from '../shell.js';
import { formatDate, formatDateTime } from '../labels.js';
import type { View } from '../shell.js';
import type { Letter, Person } from '../types.js';
import { representativeWords, type RepresentativeKind } from '../../../lib/domain/representatives.js';
import { letterKind, letterRoute, letterStatus } from './person-letters.js';

/** Letters that did not reach the person: they can be sent again, to the person's addresses now. */
const NOT_REACHED = ['FAILED', 'RETURNED', 'BOUNCED', 'COMPLAINED'];

/** `POST /letters/{id}/returned`: a posted letter came back. */
function returnedForm(id: string, isCopy: boolean): HTMLElement {
  const form = h('form', { id: 'returned-form' });
  form.append(
    h2('Record a returned letter'),
    whenInput({ name: 'returnedAt', legend: 'When did it come back?' }),
    textarea({ name: 'reason', id: 'returned-reason', label: 'Why did it come back?', hint: 'As the envelope says, for example “Not known at this address”.', rows: 2 }),
    button('Record the returned letter', { id: 'returned-button' }),
  );
  onSubmit(form, async (v) => {
    if (!str(v.reason)) throw new FormError([{ path: 'reason', message: 'Enter why the letter came back' }]);
    await request('POST', `/letters/${q(id)}/returned`, { body: { returnedAt: whenFrom(v, 'returnedAt'), reason: str(v.reason) } });
    // A copy came back from the representative's address: the person's is not affected.
    flash('Returned letter recorded', isCopy ? 'Send the copy to the representative another way.' : 'Nothing more is posted to that address until it is changed.');
    go(`#/letters/${q(id)}`);
  });
  return form;
}

/** What staff do about a copy for the person's representative that did not reach them. */
export function copyNotReached(copyFor: { name: string; kind: RepresentativeKind }): HTMLElement {
  return insetText(`This copy did not reach ${representativeWords(copyFor)}. Send it to them another way, and record it on the case. The person's own letters are not affected.`);
}

/** `POST /letters/{id}/resend`: the same letter again, by the same route, to the person's addresses now. */
export function sendAgainForm(id: string): HTMLElement {
  const form = h('form', { class: 'send-again-form' });
  form.append(button('Send again', { variant: 'secondary' }));
  const key = newKey();
  onSubmit(form, async () => {
    const again = await post<Letter>(`/letters/${q(id)}/resend`, {}, key);
    flash('Letter sent again', 'The same letter is on its way to the person’s addresses as they are now.');
    go(`#/letters/${q(again.id)}`);
  });
  return form;
}

const view: View = async ({ main, params }) => {
  const id = params[0] as string;
  const letter = await get<Letter>(`/letters/${q(id)}`);
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
      ['To', letter.copyFor ? `${representativeWords(letter.copyFor)}, a copy of the letter to ${person ? person.name : 'the person'}` : person ? person.name : 'Not recorded'],
      [letter.channel === 'POST' ? 'Posted to' : 'Emailed to', to],
      ['Sent by', letterRoute(letter.channel)],
      ['Status', letterStatus(letter.status)],
      ['Date', formatDateTime(sent)],
      ...(letter.postedAt ? [['Posted', formatDateTime(letter.postedAt)] as [string, Node | string]] : []),
      ...(letter.returned ? [['Came back', `${formatDateTime(letter.returned.at)}: ${letter.returned.reason}`] as [string, Node | string]] : []),
      ...(letter.failure ? [['Why it was not sent', letter.failure.reason] as [string, Node | string]] : []),
      ...(letter.resentFrom ? [['Sends again', link(`#/letters/${q(letter.resentFrom)}`, 'The letter that did not reach them')] as [string, Node | string]] : []),
      ...(letter.strategyId ? [['About', link(`#/strategies/${q(letter.strategyId)}`, 'The contact strategy')] as [string, Node]] : []),
    ]),
    insetText('This is the copy kept when the letter was sent. Later changes to their details or to the strategy do not change it.'),
    pdf,
    // A copy is sent again to the representative by hand: "Send again" writes to the person.
    mayRecord() && NOT_REACHED.includes(letter.status) ? (letter.copyFor ? copyNotReached(letter.copyFor) : sendAgainForm(id)) : null,
    mayRecord() && letter.status === 'POSTED' ? returnedForm(id, letter.copyFor !== undefined) : null,
    h2('The letter', { id: 'letter-heading' }),
    h('div', { class: 'app-letter', id: 'letter-text', tabindex: '0', role: 'region', 'aria-labelledby': 'letter-heading' }, letter.text),
  );
  return `${letterKind(letter.kind)} of ${formatDate(sent)}`;
};
export default view;

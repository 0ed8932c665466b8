/**
 * Letters that could not be sent (`GET /letters?status=FAILED`), newest first: by
 * either route, of any kind, each with why; each can be sent again to the person's
 * addresses as they are now (a copy for their representative is sent to them by hand).
 */
import { get, getAll, q } from '../api.js';
import { mayRecord } from '../auth.js';
import { h } from '../dom.js';
import { h2, link, p, summaryList } from '../govuk.js';
import { formatDateTime } from '../labels.js';
import type { Letter, Person } from '../types.js';
import { representativeWords } from '../../../lib/domain/representatives.js';
import { copyNotReached, sendAgainForm } from './letter.js';
import { letterKind, letterRoute } from './person-letters.js';

export async function failedLettersSection(): Promise<Node[]> {
  // Listing them needs the record role; a reader's inbox does without the section.
  if (!mayRecord()) return [];
  const letters = await getAll<Letter>('/letters?status=FAILED', 2).catch(() => [] as Letter[]);
  const ids = [...new Set(letters.map((l) => l.serviceUserId).filter(Boolean))];
  const people = new Map((await Promise.all(ids.map((id) => get<Person>(`/service-users/${q(id)}`).catch(() => undefined)))).flatMap((x) => (x ? [[x.id, x] as const] : [])));
  return [
    h2(`Letters that could not be sent (${letters.length})`, { id: 'failed-letters' }),
    letters.length ? p('Newest first. Send each again once the reason is dealt with, or tell the person another way and record it on the case.') : p('None.'),
    ...letters.map((l) => {
      const name = people.get(l.serviceUserId)?.name ?? 'Unknown person';
      return h(
        'div',
        { class: 'govuk-summary-card app-failed-letter' },
        h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `${name}: ${letterKind(l.kind).toLowerCase()} by ${letterRoute(l.channel).toLowerCase()}${l.copyFor ? `, the copy for ${representativeWords(l.copyFor)}` : ''}`)),
        h(
          'div',
          { class: 'govuk-summary-card__content' },
          summaryList([
            ['Why', l.failure?.reason ?? 'Not recorded'],
            ['When', formatDateTime(l.createdAt)],
          ]),
          p(link(`#/letters/${q(l.id)}`, 'Read the letter', h('span', { class: 'govuk-visually-hidden' }, ` to ${name}`))),
          l.copyFor ? copyNotReached(l.copyFor) : sendAgainForm(l.id),
        ),
      );
    }),
  ];
}

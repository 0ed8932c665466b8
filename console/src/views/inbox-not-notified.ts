/**
 * Strategies NOT_NOTIFIED: approved, but every letter failed, so they are not in
 * force (policy 1.3, 1.5: the person is told in writing). Staff record how the person
 * was told after all (`POST /strategies/{id}/notified`), which puts it in force.
 */
import { get, getAll, q, request } from '../api.js';
import { mayRecord } from '../auth.js';
import { h, str } from '../dom.js';
import { button, h2, link, p, radios, summaryList, textarea } from '../govuk.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { describeRestriction, letterStatusWords, NOTIFIED_HOW } from '../labels.js';
import { letterRoute } from './person-letters.js';
import { flash, go } from '../shell.js';
import type { Case, Person, Strategy } from '../types.js';

/** The form that records how the person was told; on success the strategy is in force. */
export function notifiedForm(s: Strategy, back: string): HTMLElement {
  const form = h('form', { class: 'app-decision-form notified-form' });
  form.append(
    radios({ name: 'how', legend: 'How was the person told?', legendSize: 's', idPrefix: `how-${s.id}`, items: NOTIFIED_HOW }),
    whenInput({ name: `toldAt-${s.id}`, legend: 'When were they told?', path: 'at' }),
    textarea({ name: 'notes', id: `told-notes-${s.id}`, label: 'Notes', hint: 'For example, who handed it over, or the address it was sent to.', rows: 3 }),
    button('Record how they were told'),
  );
  onSubmit(form, async (v) => {
    const errors = [];
    if (!str(v.how)) errors.push({ path: 'how', message: 'Choose how the person was told' });
    if (!str(v.notes)) errors.push({ path: 'notes', message: 'Enter notes about how they were told' });
    if (errors.length) throw new FormError(errors);
    await request('POST', `/strategies/${q(s.id)}/notified`, { body: { how: str(v.how), at: whenFrom(v, `toldAt-${s.id}`, 'at'), notes: str(v.notes) } });
    flash('Strategy in force', 'You recorded how the person was told, so the strategy now applies.');
    go(back);
  });
  return form;
}

export async function notNotifiedSection(back: string): Promise<Node[]> {
  const listed = await getAll<Strategy>('/strategies?status=NOT_NOTIFIED').catch(() => [] as Strategy[]);
  // The list gives the records; each strategy in full carries its letters.
  const strategies = await Promise.all(listed.map((s) => get<Strategy>(`/strategies/${q(s.id)}`)));
  const ids = [...new Set(strategies.map((s) => s.serviceUserId))];
  const people = new Map((await Promise.all(ids.map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const casesOf = new Map(await Promise.all(ids.map(async (id) => [id, await getAll<Case>(`/service-users/${q(id)}/cases`)] as const)));
  return [
    h2(`Strategies not in force: the person was not told (${strategies.length})`, { id: 'not-notified' }),
    strategies.length ? p('Approved, but no letter reached the person, so the restrictions do not apply yet. Tell them another way, then record how.') : p('None.'),
    ...strategies.map((s) => {
      const name = people.get(s.serviceUserId)?.name ?? 'Unknown person';
      const refOf = (cid: string) => casesOf.get(s.serviceUserId)?.find((c) => c.id === cid)?.reference ?? 'another case';
      return h(
        'div',
        { class: 'govuk-summary-card app-not-notified' },
        h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `${name}: no letter reached them`)),
        h(
          'div',
          { class: 'govuk-summary-card__content' },
          summaryList([
            ['Restrictions', h('ul', { class: 'govuk-list govuk-list--bullet' }, s.restrictions.map((r) => h('li', null, describeRestriction(r, refOf))))],
            ['Letters', h('ul', { class: 'govuk-list' }, (s.letters ?? []).map((l) => h('li', null, `${letterRoute(l.channel)}: ${letterStatusWords(l.status).text.toLowerCase()}`)))],
          ]),
          p(link(`#/strategies/${q(s.id)}`, 'Read the strategy and its letter', h('span', { class: 'govuk-visually-hidden' }, ` for ${name}`))),
          mayRecord() ? notifiedForm(s, back) : null,
        ),
      );
    }),
  ];
}
